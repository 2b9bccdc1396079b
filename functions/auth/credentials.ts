/**
 * Account credentials at rest: AES-256-GCM with a key from the CREDENTIALS_KEY secret, a fresh
 * 96-bit IV per encryption, and workspace + account id as additional data so a ciphertext copied
 * to another account or workspace does not decrypt. Format: "v1.<iv>.<ciphertext+tag>" (base64).
 */
import { ApiError } from "../errors";
import { fromBase64, toBase64 } from "./crypto";

const encoder = new TextEncoder();

async function importKey(secret: string | undefined): Promise<CryptoKey> {
	const raw = secret ? fromBase64(secret) : new Uint8Array();
	if (raw.byteLength !== 32) {
		// A deployment without the secret must fail loudly, never store credentials in the clear.
		throw new ApiError(500, "misconfigured", "CREDENTIALS_KEY must be base64 of 32 bytes (wrangler secret put CREDENTIALS_KEY)");
	}
	return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

const additionalData = (workspaceId: string, accountId: string) => encoder.encode(`${workspaceId}|${accountId}`);

export async function encryptCredentials(
	secret: string | undefined,
	workspaceId: string,
	accountId: string,
	credentials: Record<string, unknown>,
): Promise<string> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const key = await importKey(secret);
	const sealed = await crypto.subtle.encrypt(
		{ name: "AES-GCM", iv, additionalData: additionalData(workspaceId, accountId) },
		key,
		encoder.encode(JSON.stringify(credentials)),
	);
	return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

export async function decryptCredentials(secret: string | undefined, workspaceId: string, accountId: string, sealed: string): Promise<Record<string, unknown>> {
	const [version, iv, data] = sealed.split(".");
	if (version !== "v1" || !iv || !data) throw new Error("unknown credentials format");
	const key = await importKey(secret);
	const plain = await crypto.subtle.decrypt(
		{ name: "AES-GCM", iv: fromBase64(iv), additionalData: additionalData(workspaceId, accountId) },
		key,
		fromBase64(data),
	);
	return JSON.parse(new TextDecoder().decode(plain)) as Record<string, unknown>;
}
