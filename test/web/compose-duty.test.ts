// Duty on the drafting form: who answers for each chosen account at the chosen time, and what that
// means for the post, on the page (after a failed submit) and live from POST /compose/count.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { BASE, PASSWORD, page } from "./page";

const ZONE = "America/New_York";
// Saturday 8 November 2031, 12:00 in New York: Bob's weekend shift.
const SATURDAY = { date: "2031-11-08", time: "12:00" };

async function shiftDesk() {
	const ws = await signUp("Europe/Berlin");
	const wendy = await addMember(ws, "manager", "Wendy Weekday");
	const bob = await addMember(ws, "manager", "Bob Weekend");
	const acc = await addAccount(ws, { timezone: ZONE, postingPolicy: "shift", handle: "@ny_desk" });
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
	return { ws, wendy, bob, acc };
}

type Duty = { accountId: string; handle: string; tone: string; text: string };

async function liveDuty(cookie: string, body: Record<string, unknown>) {
	const res = await exports.default.fetch(
		new Request(`${BASE}/compose/count`, {
			method: "POST",
			headers: { "Content-Type": "application/json", Cookie: cookie, Origin: BASE },
			body: JSON.stringify({ body: "", networks: ["sandbox"], ...body }),
		}),
	);
	expect(res.status).toBe(200);
	return ((await res.json()) as { duty?: Duty[] }).duty;
}

describe("duty on the compose form", () => {
	it("after a failed submit, says whose approval a weekend post into someone else's shift will need", async () => {
		const { wendy, acc } = await shiftDesk();
		const cookie = await signInCookie(wendy.email, PASSWORD);
		const res = await page("POST", "/compose", {
			cookie,
			form: { accountIds: acc.id, body: "Weekend news", link: "not a url", when: "at", ...SATURDAY, action: "schedule" },
		});
		expect(res.status).toBe(400);
		expect(res.html).toContain('<ul id="duty"');
		expect(res.html).toContain('class="duty duty-other"');
		expect(res.html).toContain("Sat 8 Nov, 12:00 in New York: Bob Weekend is on duty; this post will need their approval");
	});

	it("live: you on duty, someone else, a gap, an open account, and nothing without a time", async () => {
		const { ws, bob, acc } = await shiftDesk();
		const open = await addAccount(ws, { handle: "@open_desk", timezone: "Europe/Berlin" });
		const cookie = await signInCookie(bob.email, PASSWORD);

		const mine = await liveDuty(cookie, { accountIds: [acc.id], when: "at", ...SATURDAY });
		expect(mine).toEqual([{ accountId: acc.id, handle: "@ny_desk", tone: "self", text: "Sat 8 Nov, 12:00 in New York: you are on duty" }]);

		const monday = await liveDuty(cookie, { accountIds: [acc.id], when: "at", date: "2031-11-10", time: "12:00" });
		expect(monday?.[0]?.text).toBe("Mon 10 Nov, 12:00 in New York: Wendy Weekday is on duty; this post will need their approval");

		// The time is read in the first chosen account's zone; each line shows it in its own account's zone.
		const night = await liveDuty(cookie, { accountIds: [acc.id, open.id], when: "at", date: "2031-11-10", time: "03:00" });
		expect(night?.map((d) => [d.tone, d.text])).toEqual([
			["gap", "Mon 10 Nov, 03:00 in New York: nobody is on duty (gap); it will be scheduled with a warning"],
			["open", "Mon 10 Nov, 09:00 in Berlin: open account, anyone may post"],
		]);

		expect(await liveDuty(cookie, { accountIds: [acc.id], when: "draft", ...SATURDAY })).toEqual([]);
		expect(await liveDuty(cookie, { accountIds: [acc.id], when: "at", date: "2031-11-08", time: "" })).toEqual([]);
		// Without accountIds (an older script) the answer is the counts alone.
		expect(await liveDuty(cookie, {})).toBeUndefined();
		// Another workspace's account is not told about.
		const other = await signUp();
		const theirs = await addAccount(other, { postingPolicy: "shift" });
		expect(await liveDuty(cookie, { accountIds: [theirs.id], when: "at", ...SATURDAY })).toEqual([]);
	});

	it("tells an author that even their own shift needs a manager's approval", async () => {
		const { ws, acc } = await shiftDesk();
		const author = await addMember(ws, "author", "Ada Author");
		await call("POST", "/shifts", {
			token: ws.token,
			json: { memberId: author.id, accountIds: [acc.id], weekdays: [6], start: "18:00", end: "22:00", timezone: ZONE },
		});
		const cookie = await signInCookie(author.email, PASSWORD);
		const duty = await liveDuty(cookie, { accountIds: [acc.id], when: "at", date: "2031-11-08", time: "19:00" });
		expect(duty?.[0]?.text).toBe("Sat 8 Nov, 19:00 in New York: you are on duty; as an author, this post will need a manager’s approval");
	});
});
