import { describe, expect, it } from "vitest";
import { INVITATIONS_PER_ADDRESS, INVITATIONS_PER_WORKSPACE } from "../../functions/auth/invitation-limit";
import { call, signUp } from "../helpers/api";
import { lastMailTo } from "../helpers/mailbox";

let n = 0;
const fresh = () => `invitee-${Date.now().toString(36)}-${n++}@example.test`;
const invite = (token: string, email: string, headers: Record<string, string> = {}) =>
	call("POST", "/invitations", { token, headers, json: { email, role: "author" } });
const at = (iso: string) => ({ "X-Chorus-Now": iso });
/** An answer with what must differ between two invitations (id, address, times) taken out. */
const shapeOf = (body: Record<string, unknown>) => ({ ...body, id: typeof body.id, email: typeof body.email, expiresAt: typeof body.expiresAt });

describe("invitations never reveal whether an address is known elsewhere", () => {
	it("an address of another workspace is answered exactly like an unknown one; its holder's link is accepted signed in", async () => {
		const inviter = await signUp();
		const elsewhere = await signUp();
		const unknown = fresh();
		const known = await invite(inviter.token, elsewhere.email);
		const stranger = await invite(inviter.token, unknown);
		expect(known.status).toBe(201);
		expect(stranger.status).toBe(201);
		expect(shapeOf(known.body)).toEqual(shapeOf(stranger.body));
		expect(known.body).toMatchObject({ email: elsewhere.email, state: "pending" });

		// The list shows both alike.
		const listed = (await call("GET", "/invitations", { token: inviter.token })).body.items;
		expect(listed.map(shapeOf)).toEqual([shapeOf(stranger.body), shapeOf(known.body)]);

		// Both get a link: the stranger chooses a password, the holder of the known address signs in to accept.
		expect((await lastMailTo(unknown))?.text).toContain("Accept and choose your password");
		const notice = await lastMailTo(elsewhere.email);
		expect(notice?.subject).toContain("invited you to");
		expect(notice?.text).toContain("/accept-invite?token=");
		expect(notice?.text).toContain("You already have a Chorus sign-in");
		expect(notice?.text).toContain("Your password stays as it is");
	});

	it("a member of the inviter's own workspace is still named (the inviter sees the member list anyway)", async () => {
		const ws = await signUp();
		const res = await invite(ws.token, ws.email);
		expect(res.status).toBe(409);
		expect(res.body.error.code).toBe("email_taken");
	});
});

describe("invitations are limited per address and per workspace", () => {
	it(`refuses invitation number ${INVITATIONS_PER_ADDRESS + 1} to one address within a day (429, Retry-After), other addresses still go`, async () => {
		const ws = await signUp();
		const email = fresh();
		for (let i = 0; i < INVITATIONS_PER_ADDRESS; i++) expect((await invite(ws.token, email, at(`2032-05-01T10:0${i}:00Z`))).status).toBe(201);
		const limited = await invite(ws.token, email, at("2032-05-01T12:00:00Z"));
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe("rate_limited");
		expect(limited.body.error.details.limit).toBe("invitations_per_address");
		// The first (10:00) leaves the day at 10:00 the next day: 22 hours from 12:00.
		expect(limited.headers.get("Retry-After")).toBe(String(22 * 3600));
		expect((await invite(ws.token, fresh(), at("2032-05-01T12:00:00Z"))).status).toBe(201);
		// A day after the first, the address may be invited again.
		expect((await invite(ws.token, email, at("2032-05-02T10:00:01Z"))).status).toBe(201);
	});

	it(`refuses invitation number ${INVITATIONS_PER_WORKSPACE + 1} from one workspace within a day`, async () => {
		const ws = await signUp();
		for (let i = 0; i < INVITATIONS_PER_WORKSPACE; i++)
			expect((await invite(ws.token, fresh(), at("2032-06-01T10:00:00Z"))).status, `invitation ${i + 1}`).toBe(201);
		const limited = await invite(ws.token, fresh(), at("2032-06-01T11:00:00Z"));
		expect(limited.status).toBe(429);
		expect(limited.body.error.details.limit).toBe("invitations_per_workspace");
		// Another workspace is not affected.
		expect((await invite((await signUp()).token, fresh(), at("2032-06-01T11:00:00Z"))).status).toBe(201);
	}, 90_000);
});
