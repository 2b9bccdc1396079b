import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, stepAt, verifyTotp } from "../../functions/auth/totp";
import { addMember, call, signUp } from "../helpers/api";

// RFC 4226 appendix D / RFC 6238 appendix B: the ASCII secret "12345678901234567890".
const RFC_SECRET = base32Encode(new TextEncoder().encode("12345678901234567890"));
const at = (ms: number) => ({ "X-Chorus-Now": new Date(ms).toISOString() });

describe("TOTP (RFC 6238 on WebCrypto)", { timeout: 20_000 }, () => {
	it("matches the RFC test vectors", async () => {
		expect(RFC_SECRET).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
		expect(new TextDecoder().decode(base32Decode(RFC_SECRET))).toBe("12345678901234567890");
		expect(await hotp(RFC_SECRET, 0)).toBe("755224");
		expect(await hotp(RFC_SECRET, 1)).toBe("287082");
		expect(await hotp(RFC_SECRET, 9)).toBe("520489");
		// RFC 6238: T = 59 s → 94287082 (8 digits), whose last six are the 6-digit code.
		expect(await verifyTotp(RFC_SECRET, "287082", 59_000, 0)).toBe(1);
		// T = 1111111109 s → 07081804.
		expect(await verifyTotp(RFC_SECRET, "081804", 1_111_111_109_000, 0)).toBe(stepAt(1_111_111_109_000));
	});

	it("accepts one step of drift, never a used step, never a malformed code", async () => {
		const now = 1_700_000_000_000;
		const step = stepAt(now);
		expect(await verifyTotp(RFC_SECRET, await hotp(RFC_SECRET, step - 1), now, 0)).toBe(step - 1);
		expect(await verifyTotp(RFC_SECRET, await hotp(RFC_SECRET, step + 1), now, 0)).toBe(step + 1);
		expect(await verifyTotp(RFC_SECRET, await hotp(RFC_SECRET, step - 2), now, 0)).toBeNull();
		expect(await verifyTotp(RFC_SECRET, await hotp(RFC_SECRET, step), now, step)).toBeNull();
		expect(await verifyTotp(RFC_SECRET, "12345", now, 0)).toBeNull();
	});
});

describe("the second factor at sign-in", { timeout: 20_000 }, () => {
	it("enrols an owner, then sign-in needs a fresh code or a one-time recovery code; it can be turned off", async () => {
		const ws = await signUp();
		const t0 = Date.now();
		const started = await call("POST", "/second-factor", { token: ws.token, headers: at(t0) });
		expect(started.status).toBe(201);
		expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Chorus%3A.+\?secret=[A-Z2-7]+&issuer=Chorus/);
		const secret = started.body.secret as string;
		// Not on until confirmed: signing in still needs only the password.
		expect((await call("POST", "/session", { json: { email: ws.email, password: "correct horse battery" }, headers: at(t0) })).status).toBe(200);
		expect(
			(
				await call("POST", "/second-factor/confirm", {
					token: ws.token,
					json: { code: "000000" === (await hotp(secret, stepAt(t0))) ? "111111" : "000000" },
					headers: at(t0),
				})
			).status,
		).toBe(422);
		const confirmed = await call("POST", "/second-factor/confirm", { token: ws.token, json: { code: await hotp(secret, stepAt(t0)) }, headers: at(t0) });
		expect(confirmed.status).toBe(200);
		const codes = confirmed.body.recoveryCodes as string[];
		expect(codes).toHaveLength(10);
		expect((await call("GET", "/second-factor", { token: ws.token })).body.enabled).toBe(true);

		const t1 = t0 + 60_000;
		const password = { email: ws.email, password: "correct horse battery" };
		const missing = await call("POST", "/session", { json: password, headers: at(t1) });
		expect(missing.status).toBe(401);
		expect(missing.body.error.code).toBe("second_factor_required");
		expect(
			(await call("POST", "/session", { json: { ...password, code: "999999" === (await hotp(secret, stepAt(t1))) ? "888888" : "999999" }, headers: at(t1) }))
				.status,
		).toBe(401);
		const code = await hotp(secret, stepAt(t1));
		expect((await call("POST", "/session", { json: { ...password, code }, headers: at(t1) })).status).toBe(200);
		// The same code again (a replay) is refused.
		expect((await call("POST", "/session", { json: { ...password, code }, headers: at(t1) })).status).toBe(401);
		// A recovery code works once.
		expect((await call("POST", "/session", { json: { ...password, recoveryCode: codes[0] }, headers: at(t1) })).status).toBe(200);
		expect((await call("POST", "/session", { json: { ...password, recoveryCode: codes[0] }, headers: at(t1) })).status).toBe(401);

		const t2 = t1 + 120_000;
		expect((await call("DELETE", "/second-factor", { token: ws.token, json: { code: await hotp(secret, stepAt(t2)) }, headers: at(t2) })).status).toBe(204);
		expect((await call("POST", "/session", { json: password, headers: at(t2) })).status).toBe(200);
	});

	it("is for owners and managers only", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		expect((await call("POST", "/second-factor", { token: author.token })).status).toBe(403);
		const manager = await addMember(ws, "manager");
		expect((await call("POST", "/second-factor", { token: manager.token })).status).toBe(201);
	});
});
