/**
 * TOTP (RFC 6238) on WebCrypto: HMAC-SHA1, 30-second steps, 6 digits, the parameters every
 * authenticator app uses. Secrets are 20 random bytes, shown to the user in base32 (RFC 4648).
 */
const STEP_SECONDS = 30;
const DIGITS = 6;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
	let bits = 0;
	let value = 0;
	let out = "";
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += ALPHABET[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
	return out;
}

export function base32Decode(text: string): Uint8Array {
	const clean = text.toUpperCase().replace(/=+$/, "").replace(/\s+/g, "");
	let bits = 0;
	let value = 0;
	const out: number[] = [];
	for (const ch of clean) {
		const i = ALPHABET.indexOf(ch);
		if (i < 0) throw new Error("not base32");
		value = (value << 5) | i;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 255);
			bits -= 8;
		}
	}
	return new Uint8Array(out);
}

export const newTotpSecret = () => base32Encode(crypto.getRandomValues(new Uint8Array(20)));

export const stepAt = (ms: number) => Math.floor(ms / 1000 / STEP_SECONDS);

/** HOTP (RFC 4226) for one counter value: the code an app shows during that step. */
export async function hotp(secret: string, counter: number): Promise<string> {
	const key = await crypto.subtle.importKey("raw", base32Decode(secret), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
	const message = new DataView(new ArrayBuffer(8));
	message.setUint32(0, Math.floor(counter / 2 ** 32));
	message.setUint32(4, counter >>> 0);
	const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message.buffer));
	const offset = mac[mac.length - 1]! & 0x0f;
	const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
	return String(binary % 10 ** DIGITS).padStart(DIGITS, "0");
}

/**
 * The step a code belongs to, if it is valid now (one step of clock drift either way) and newer than
 * `lastStep`, so a code seen over someone's shoulder cannot be replayed. Null otherwise.
 */
export async function verifyTotp(secret: string, code: string, now: number, lastStep: number): Promise<number | null> {
	if (!/^\d{6}$/.test(code)) return null;
	const current = stepAt(now);
	for (const step of [current - 1, current, current + 1]) {
		if (step <= lastStep) continue;
		if ((await hotp(secret, step)) === code) return step;
	}
	return null;
}

export function otpauthUri(secret: string, accountName: string, issuer = "Chorus"): string {
	const label = encodeURIComponent(`${issuer}:${accountName}`);
	return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${DIGITS}&period=${STEP_SECONDS}`;
}
