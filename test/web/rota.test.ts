// The rota page: who is on duty through a week, the gaps, and the shift forms (same rules as /api/v1/shifts).
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { occurrences, PASSWORD, page } from "./page";

const ZONE = "America/New_York";
// Monday 3 November 2031; Saturday 8 and Sunday 9 are the weekend.
const WEEK = "2031-11-03";

/** A New York workspace and shift account: Wendy on weekdays, Bob on weekends, both 09:00–17:00. */
async function shiftDesk() {
	const ws = await signUp(ZONE);
	const cookie = await signInCookie(ws.email, PASSWORD);
	const wendy = await addMember(ws, "manager", "Wendy Weekday");
	const bob = await addMember(ws, "manager", "Bob Weekend");
	const acc = await addAccount(ws, { timezone: ZONE, postingPolicy: "shift" });
	for (const [m, weekdays] of [
		[wendy, [1, 2, 3, 4, 5]],
		[bob, [6, 7]],
	] as const) {
		const res = await call("POST", "/shifts", {
			token: ws.token,
			json: { memberId: m.id, accountIds: [acc.id], weekdays, start: "09:00", end: "17:00", timezone: ZONE },
		});
		expect(res.status).toBe(201);
	}
	return { ws, cookie, wendy, bob, acc };
}

const shifts = async (token: string) =>
	(await call("GET", "/shifts", { token })).body.items as {
		id: string;
		memberId: string;
		weekdays: number[];
		start: string;
		end: string;
		accountIds: string[] | null;
		validFrom: string | null;
	}[];

describe("the rota page", () => {
	it("shows who is on duty day by day and highlights the gaps with their times", async () => {
		const { ws, cookie, acc } = await shiftDesk();
		const open = await addAccount(ws, { handle: "@open-desk" });
		const res = await page("GET", `/rota?week=${WEEK}`, { cookie });
		expect(res.status).toBe(200);
		expect(res.html).toContain("Times in America/New_York");
		expect(res.html).toContain(acc.handle);
		// The bars: Wendy on Monday, Bob on Saturday, a gap before each, all in the workspace's zone.
		expect(res.html).toContain("Mon 3 Nov: 00:00–09:00: nobody is on duty (gap); 09:00–17:00: Wendy Weekday on duty; 17:00–24:00: nobody is on duty (gap)");
		expect(res.html).toContain("Sat 8 Nov: 00:00–09:00: nobody is on duty (gap); 09:00–17:00: Bob Weekend on duty");
		expect(res.html).toContain('class="seg gap"');
		expect(res.html).toContain("url(#gap-stripes)");
		// The gaps in words, joined across midnight.
		expect(res.html).toContain("Nobody on duty (8 gaps):");
		expect(res.html).toContain("Mon 3 Nov 00:00–09:00");
		expect(res.html).toContain("Fri 7 Nov 17:00 – Sat 8 Nov 09:00");
		expect(res.html).toContain("Sun 9 Nov 17:00–24:00");
		expect(res.html).toContain("1 account has gaps this week");
		// Open accounts are listed, not drawn.
		expect(res.html).toContain(open.handle);
		expect(occurrences(res.html, 'class="rota-account')).toBe(1);
		// No inline styles: the Content-Security-Policy would drop them.
		expect(res.html).not.toMatch(/\sstyle="/);
	});

	it("shows an owner-policy account's owner and a gap-free week", async () => {
		const ws = await signUp(ZONE);
		const cookie = await signInCookie(ws.email, PASSWORD);
		const olga = await addMember(ws, "manager", "Olga Owner");
		await addAccount(ws, { timezone: ZONE, postingPolicy: "owner", ownerId: olga.id });
		const res = await page("GET", `/rota?week=${WEEK}`, { cookie });
		expect(res.html).toContain("Owner: Olga Owner");
		expect(res.html).toContain("00:00–24:00: Olga Owner (owner)");
		expect(res.html).toContain("Every account on the rota has someone on duty all week");
		expect(res.html).not.toContain('class="seg gap"');
	});

	it("a dated cover shift replaces the weekly one on its dates", async () => {
		const { ws, cookie, acc } = await shiftDesk();
		const cover = await addMember(ws, "manager", "Carla Cover");
		const res = await call("POST", "/shifts", {
			token: ws.token,
			json: {
				memberId: cover.id,
				accountIds: [acc.id],
				weekdays: [3],
				start: "08:00",
				end: "20:00",
				timezone: ZONE,
				validFrom: "2031-11-05",
				validTo: "2031-11-05",
			},
		});
		expect(res.status).toBe(201);
		const html = (await page("GET", `/rota?week=${WEEK}`, { cookie })).html;
		expect(html).toContain("Wed 5 Nov: 00:00–08:00: nobody is on duty (gap); 08:00–20:00: Carla Cover on duty; 20:00–24:00");
		expect(html).toContain("Cover on Wed, 5 Nov 2031");
	});

	it("redirects to sign-in when signed out", async () => {
		const res = await page("GET", `/rota?week=${WEEK}`);
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe(`/sign-in?next=${encodeURIComponent(`/rota?week=${WEEK}`)}`);
	});
});

describe("the shift forms", () => {
	it("add a shift through the same rules as the API, and it shows on the rota", async () => {
		const { ws, cookie, wendy, acc } = await shiftDesk();
		const res = await page("POST", "/rota/shifts", {
			cookie,
			form: {
				week: WEEK,
				memberId: wendy.id,
				scope: "some",
				accountIds: acc.id,
				weekdays: ["1", "2"],
				start: "17:00",
				end: "23:00",
				timezone: ZONE,
				validFrom: "",
				validTo: "",
			},
		});
		expect(res.status, res.html).toBe(303);
		const location = res.headers.get("Location") ?? "";
		expect(location).toMatch(new RegExp(`^/rota\\?week=${WEEK}&done=added#shift-`));
		const added = (await shifts(ws.token)).find((s) => s.start === "17:00");
		expect(added).toMatchObject({ memberId: wendy.id, weekdays: [1, 2], end: "23:00", accountIds: [acc.id], validFrom: null });
		const after = await page("GET", location.split("#")[0]!, { cookie });
		expect(after.html).toContain("Shift added.");
		expect(after.html).toContain("Tue 4 Nov: 00:00–09:00: nobody is on duty (gap); 09:00–23:00: Wendy Weekday on duty; 23:00–24:00");
		// Audited like an API change.
		const audit = await call("GET", `/audit?subject=shift:${added!.id}`, { token: ws.token });
		expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(["shift.create"]);
	});

	it("re-renders invalid input with the messages next to the fields, nothing saved", async () => {
		const { ws, cookie, wendy } = await shiftDesk();
		const res = await page("POST", "/rota/shifts", {
			cookie,
			form: {
				week: WEEK,
				memberId: wendy.id,
				scope: "all",
				start: "09:00",
				end: "17:00",
				timezone: "Nowhere/Land",
				validFrom: "2031-12-24",
				validTo: "2031-12-20",
			},
		});
		expect(res.status).toBe(400);
		expect(res.html).toContain("Choose at least one weekday");
		expect(res.html).toContain("Not an IANA time zone");
		expect(res.html).toContain('value="Nowhere/Land"');
		expect(res.html).toContain('value="2031-12-24"');
		expect(await shifts(ws.token)).toHaveLength(2);
		// "Only these" accounts with none chosen, and a date range backwards (the service's rule, 422).
		const none = await page("POST", "/rota/shifts", {
			cookie,
			form: { week: WEEK, memberId: wendy.id, scope: "some", weekdays: "1", start: "09:00", end: "17:00", timezone: "Mars/Olympus" },
		});
		expect(none.status).toBe(400);
		// Every problem at once.
		expect(none.html).toContain("Choose at least one account, or “All accounts”");
		expect(none.html).toContain("Not an IANA time zone");
		const backwards = await page("POST", "/rota/shifts", {
			cookie,
			form: {
				week: WEEK,
				memberId: wendy.id,
				scope: "all",
				weekdays: "1",
				start: "09:00",
				end: "17:00",
				timezone: ZONE,
				validFrom: "2031-12-24",
				validTo: "2031-12-20",
			},
		});
		expect(backwards.status).toBe(422);
		expect(backwards.html).toContain("Must not be before validFrom");
		expect(await shifts(ws.token)).toHaveLength(2);
	});

	it("edit and delete a shift", async () => {
		const { ws, cookie, bob, acc } = await shiftDesk();
		const bobs = (await shifts(ws.token)).find((s) => s.memberId === bob.id)!;
		const edited = await page("POST", `/rota/shifts/${bobs.id}`, {
			cookie,
			form: {
				week: WEEK,
				memberId: bob.id,
				scope: "some",
				accountIds: acc.id,
				weekdays: ["6", "7"],
				start: "10:00",
				end: "02:00",
				timezone: ZONE,
				validFrom: "",
				validTo: "",
			},
		});
		expect(edited.status, edited.html).toBe(303);
		expect((await shifts(ws.token)).find((s) => s.id === bobs.id)).toMatchObject({ start: "10:00", end: "02:00" });
		const html = (await page("GET", `/rota?week=${WEEK}`, { cookie })).html;
		expect(html).toContain("Sat, Sun · 10:00–02:00 (into the next day)");
		expect(html).toContain("Sun 9 Nov: 00:00–02:00: Bob Weekend on duty; 02:00–10:00: nobody is on duty (gap)");

		const bad = await page("POST", `/rota/shifts/${bobs.id}`, {
			cookie,
			form: { week: WEEK, memberId: bob.id, scope: "all", weekdays: "6", start: "25:00", end: "02:00", timezone: ZONE },
		});
		expect(bad.status).toBe(400);
		expect(bad.html).toContain("HH:MM, 24-hour");
		expect(bad.html).toMatch(/<details class="shift-edit" open="">/);

		const ask = await page("POST", `/rota/shifts/${bobs.id}/delete`, { cookie, form: { week: WEEK } });
		expect(ask.status).toBe(200);
		expect(ask.html).toContain("Delete this shift?");
		expect((await shifts(ws.token)).map((s) => s.id)).toContain(bobs.id);
		const deleted = await page("POST", `/rota/shifts/${bobs.id}/delete`, { cookie, form: { week: WEEK, confirmed: "yes" } });
		expect(deleted.status).toBe(303);
		expect(deleted.headers.get("Location")).toBe(`/rota?week=${WEEK}&done=deleted#shifts`);
		expect((await shifts(ws.token)).map((s) => s.id)).not.toContain(bobs.id);
		expect((await page("POST", `/rota/shifts/${bobs.id}/delete`, { cookie, form: { week: WEEK } })).status).toBe(404);
	});

	it("are not shown to an author, and refuse them with 403", async () => {
		const { ws, wendy } = await shiftDesk();
		const author = await addMember(ws, "author", "Ada Author");
		const cookie = await signInCookie(author.email, PASSWORD);
		const res = await page("GET", `/rota?week=${WEEK}`, { cookie });
		expect(res.status).toBe(200);
		expect(res.html).toContain("Wendy Weekday");
		expect(res.html).not.toContain('action="/rota/shifts"');
		expect(res.html).not.toContain("/delete");
		expect(res.html).toContain("Only owners and managers can change the rota.");
		const refused = await page("POST", "/rota/shifts", {
			cookie,
			form: { week: WEEK, memberId: author.id, scope: "all", weekdays: "1", start: "09:00", end: "17:00", timezone: ZONE },
		});
		expect(refused.status).toBe(403);
		expect(refused.html).toContain("Only owners and managers can change the rota");
		const wendys = (await shifts(ws.token)).find((s) => s.memberId === wendy.id)!;
		expect((await page("POST", `/rota/shifts/${wendys.id}/delete`, { cookie, form: { week: WEEK } })).status).toBe(403);
		expect(await shifts(ws.token)).toHaveLength(2);
	});

	it("refuse a cross-site post", async () => {
		const { ws, cookie, wendy } = await shiftDesk();
		const res = await page("POST", "/rota/shifts", {
			cookie,
			form: { week: WEEK, memberId: wendy.id, scope: "all", weekdays: "1", start: "09:00", end: "17:00", timezone: ZONE },
			headers: { Origin: "https://evil.test", "Sec-Fetch-Site": "cross-site" },
		});
		expect(res.status).toBe(403);
		expect(await shifts(ws.token)).toHaveLength(2);
	});
});
