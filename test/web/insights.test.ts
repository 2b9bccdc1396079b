// The insights page: GET /api/v1/insights drawn as SVG charts and lists, filtered by dates and account.
import { describe, expect, it } from "vitest";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { PASSWORD, page } from "./page";

let n = 0;
const mention = (accountId: string, text: string, createdAt: string, isFollower: boolean | null) => ({
	accountId,
	network: "sandbox",
	externalId: `web-ins-${n++}`,
	author: `@fan${n}`,
	text,
	createdAt,
	isFollower,
});

async function desk() {
	const ws = await signUp("Europe/Berlin");
	const cookie = await signInCookie(ws.email, PASSWORD);
	const a = await addAccount(ws, { handle: "@chorus_main" });
	const b = await addAccount(ws, { handle: "@chorus_local" });
	await call("POST", "/mentions", {
		token: ws.token,
		json: {
			items: [
				mention(a.id, "Love the new dashboard, thank you so much!", "2026-03-02T10:00:00+01:00", false),
				mention(a.id, "Love the new dashboard <script>alert(1)</script>, thanks!", "2026-03-03T10:00:00+01:00", true),
				mention(a.id, "The mobile app keeps crashing since the update", "2026-03-04T10:00:00+01:00", false),
				mention(b.id, "How do I export my data to CSV?", "2026-03-05T10:00:00+01:00", null),
			],
		},
	});
	await call("POST", "/metrics", {
		token: ws.token,
		json: {
			items: [
				{ accountId: a.id, date: "2026-03-01", followers: 500 },
				{ accountId: a.id, date: "2026-03-07", followers: 540 },
			],
		},
	});
	return { ws, cookie, a, b };
}

describe("the insights page", () => {
	it("shows what people say by topic with examples, reach beyond followers, followers and charts as SVG", async () => {
		const { cookie } = await desk();
		const res = await page("GET", "/insights?from=2026-03-01&to=2026-03-07", { cookie });
		expect(res.status).toBe(200);
		expect(res.html).toContain("<h1>Insights</h1>");
		expect(res.html).toContain('aria-current="page">');
		expect(res.html).toMatch(/<strong>4<\/strong> mentions: 2 positive/);
		expect(res.html).toContain("What they praise");
		expect(res.html).toMatch(/<strong>dashboard<\/strong> <span class="count">2<\/span>/);
		expect(res.html).toContain("The mobile app keeps crashing since the update");
		expect(res.html).toContain("How do I export my data to CSV?");
		// Mention text is escaped, never markup.
		expect(res.html).not.toContain("<script>alert(1)</script>");
		expect(res.html).toContain("&lt;script&gt;");
		expect(res.html).toContain("<strong>50%</strong> of mentions came from people who do not follow us");
		expect(res.html).toMatch(/<svg class="chart"[^>]*aria-label="Followers per account"/);
		expect(res.html).toMatch(/<svg class="chart"[^>]*aria-label="Mentions per day by sentiment"/);
		expect(res.html).toContain("<td>540</td><td>+40</td>");
		expect(res.html).not.toMatch(/<script(?! src)/);
	});

	it("filters by account and explains a range it cannot use", async () => {
		const { cookie, b } = await desk();
		const onlyB = await page("GET", `/insights?from=2026-03-01&to=2026-03-07&accountId=${b.id}`, { cookie });
		expect(onlyB.html).toMatch(/<strong>1<\/strong> mentions/);
		expect(onlyB.html).not.toContain("The mobile app keeps crashing");
		const bad = await page("GET", "/insights?from=2026-03-09&to=2026-03-01", { cookie });
		expect(bad.status).toBe(200);
		expect(bad.html).toContain("showing the last four weeks");
		const signedOut = await page("GET", "/insights");
		expect(signedOut.status).toBe(303);
	});
});
