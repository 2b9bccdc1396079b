import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";

const fetchFeed = async (url: string) => {
	const res = await exports.default.fetch(new Request(url));
	return { status: res.status, type: res.headers.get("Content-Type"), text: await res.text() };
};

/** The VEVENTs of an iCalendar text, unfolded (RFC 5545 3.1), as property maps. */
function events(ics: string) {
	const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
	const out: Record<string, string>[] = [];
	let current: Record<string, string> | null = null;
	for (const line of lines) {
		if (line === "BEGIN:VEVENT") current = {};
		else if (line === "END:VEVENT") {
			out.push(current!);
			current = null;
		} else if (current) {
			const i = line.indexOf(":");
			current[line.slice(0, i).split(";")[0]!] = line.slice(i + 1);
		}
	}
	return out;
}

describe("GET /calendar.ics", () => {
	it("serves one event per scheduled or published post, as valid iCalendar, to the feed token only", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const at = inHours(24);
		const scheduled = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "Tomorrow: the new release notes, with a long first line that goes on and on and on", scheduledAt: at },
		});
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Just a draft" } });
		const token = await call("POST", "/feed-tokens", { token: ws.token, json: { name: "Google Calendar" } });
		expect(token.status).toBe(201);
		expect(token.body.token).toMatch(/^chorus_feed_/);
		expect(token.body.url).toContain("/api/v1/calendar.ics?token=");

		const feed = await fetchFeed(token.body.url);
		expect(feed.status).toBe(200);
		expect(feed.type).toBe("text/calendar; charset=utf-8");
		expect(feed.text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
		expect(feed.text.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
		// RFC 5545: lines end in CRLF and are folded at 75 octets.
		for (const line of feed.text.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		const [event, ...rest] = events(feed.text);
		expect(rest).toHaveLength(0); // the draft is not on it
		const id = scheduled.body.posts[0].id;
		expect(event!.UID).toBe(`${id}@chorus`);
		const dtstart = new Date(at)
			.toISOString()
			.replace(/[-:]/g, "")
			.replace(/\.\d{3}/, "");
		expect(event!.DTSTART).toBe(dtstart);
		expect(event!.SUMMARY).toContain(acc.handle);
		expect(event!.STATUS).toBe("CONFIRMED");

		// Revoked: the calendar app gets 401 from then on.
		expect((await call("DELETE", `/feed-tokens/${token.body.id}`, { token: ws.token })).status).toBe(204);
		const revoked = await fetchFeed(token.body.url);
		expect(revoked.status).toBe(401);
		expect(JSON.parse(revoked.text).error.code).toBe("unauthorized");
	});

	it("needs a token, can be limited to one account, and never shows another workspace", async () => {
		const ws = await signUp();
		const a = await addAccount(ws);
		const b = await addAccount(ws);
		await call("POST", "/posts", { token: ws.token, json: { accountId: a.id, body: "On A", scheduledAt: inHours(5) } });
		await call("POST", "/posts", { token: ws.token, json: { accountId: b.id, body: "On B", scheduledAt: inHours(6) } });
		const onlyA = await call("POST", "/feed-tokens", { token: ws.token, json: { accountId: a.id } });
		expect(events((await fetchFeed(onlyA.body.url)).text).map((e) => e.SUMMARY)).toEqual([`${a.handle}: On A`]);

		const other = await signUp();
		const theirs = await call("POST", "/feed-tokens", { token: other.token, json: {} });
		expect(events((await fetchFeed(theirs.body.url)).text)).toEqual([]);
		expect((await call("POST", "/feed-tokens", { token: other.token, json: { accountId: a.id } })).body.error).toMatchObject({
			issues: [{ path: ["accountId"] }],
		});
		expect((await call("DELETE", `/feed-tokens/${onlyA.body.id}`, { token: other.token })).status).toBe(404);

		const missing = await call("GET", "/calendar.ics");
		expect(missing.status).toBe(400);
		expect(missing.body.error.issues[0].path).toEqual(["token"]);
		// A feed token is not an API token.
		expect((await call("GET", "/posts", { token: onlyA.body.token })).status).toBe(401);
		// Someone else's token is revoked by a manager, not by an author.
		const author = await addMember(ws, "author");
		expect((await call("DELETE", `/feed-tokens/${onlyA.body.id}`, { token: author.token })).status).toBe(403);
	});
});
