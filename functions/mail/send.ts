/**
 * Chorus's mail: one `sendMail` with two senders. Locally and in tests (CHORUS_ENV local|test) mail
 * never leaves the machine: it lands in D1 and is read at /dev/mailbox. Deployed, it goes through an
 * HTTP mail API (Resend's request format) keyed by the MAIL_API_KEY secret.
 */
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { devMail } from "../../db/schema";
import { summarizeError } from "../../domain/error-summary";
import { ApiError } from "../errors";
import { logError } from "../log";
import { guardedFetch } from "../outbound";

export type Mail = { to: string; subject: string; text: string };

type MailEnv = Pick<Env, "CHORUS_ENV" | "MAIL_FROM" | "MAIL_API_URL"> & { MAIL_API_KEY?: string };

/** The dev mailbox is on only where nobody's real inbox is involved. */
export const devMailboxEnabled = (env: Pick<Env, "CHORUS_ENV">) => env.CHORUS_ENV === "local" || env.CHORUS_ENV === "test";

export class MailError extends Error {}

export async function sendMail(env: MailEnv, db: Db, mail: Mail, now = Date.now()): Promise<void> {
	if (devMailboxEnabled(env)) {
		await db.insert(devMail).values({ id: newId(), to: mail.to, subject: mail.subject, text: mail.text, createdAt: now });
		return;
	}
	if (!env.MAIL_API_KEY) throw new MailError("No mail sender is configured (wrangler secret put MAIL_API_KEY)");
	const res = await guardedFetch(env.MAIL_API_URL, {
		method: "POST",
		headers: { Authorization: `Bearer ${env.MAIL_API_KEY}`, "Content-Type": "application/json" },
		body: JSON.stringify({ from: env.MAIL_FROM, to: [mail.to], subject: mail.subject, text: mail.text }),
	});
	if (!res.ok) {
		const detail = await res.text().catch(() => "");
		throw new MailError(`The mail API answered ${summarizeError(res.status, detail)}`);
	}
}

/** Where links point locally when PUBLIC_URL is empty: plain `wrangler dev`'s address (npm start passes its own). */
export const LOCAL_PUBLIC_URL = "http://127.0.0.1:8787";

export const PUBLIC_URL_MISSING = "PUBLIC_URL is not set: Chorus does not know its own address, so it mails no links (set it in wrangler.toml [vars])";

/**
 * The origin every link Chorus sends points to: PUBLIC_URL, or locally and in tests LOCAL_PUBLIC_URL.
 * Never the request's Host header: whoever sends the request chooses that, and a reset link pointing
 * at their host would hand them the token. null when deployed without PUBLIC_URL.
 */
export function publicUrl(env: Pick<Env, "PUBLIC_URL" | "CHORUS_ENV">): string | null {
	if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/, "");
	return devMailboxEnabled(env) ? LOCAL_PUBLIC_URL : null;
}

/** publicUrl for a request about to mail a link: 503 `public_url_missing` (and a log line) when there is none. */
export function linkBase(env: Pick<Env, "PUBLIC_URL" | "CHORUS_ENV">): string {
	const base = publicUrl(env);
	if (base) return base;
	logError(`config: ${PUBLIC_URL_MISSING}`);
	throw new ApiError(503, "public_url_missing", `${PUBLIC_URL_MISSING}. Ask whoever runs this Chorus to set it.`);
}
