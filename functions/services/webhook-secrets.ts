/** The signing secret of a webhook; shared by the routes and the consumer. */
import { encryptCredentials } from "../auth/credentials";
import { toBase64 } from "../auth/crypto";

/** Standard Webhooks secrets: "whsec_" + base64 of 24–64 random bytes. */
export const newWebhookSecret = () => `whsec_${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;

/** Sealed with the credentials key, bound to the workspace and the webhook (see auth/credentials). */
export const sealWebhookSecret = (env: Env, workspaceId: string, webhookId: string, secret: string) =>
	encryptCredentials(env.CREDENTIALS_KEY, workspaceId, webhookId, { secret });
