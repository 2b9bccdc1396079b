// Announcements in the browser pages: created through the form, the main post beside its variants,
// a variant rewritten in its own voice and scheduled from its card, and a dropped fact refused inline.
import { describe, expect, it } from "vitest";
import { addDays, utcToLocal } from "../../domain/time";
import { addAccount, addMember, call, signInCookie, signUp } from "../helpers/api";
import { occurrences, PASSWORD, page } from "./page";

const MAIN = "Spring sale: everything €9.99 from 3 March with code SPRING25 at https://shop.example.com/sale";
const GERMAN = "Frühlingsaktion: alles für 9,99 € ab 3. März mit dem Code SPRING25 auf https://shop.example.com/sale";
const NO_CODE = "Frühlingsaktion: alles für 9,99 € ab 3. März auf https://shop.example.com/sale";

/** Two days from now in Berlin: 10:00 on it is in the future. */
const day = () => addDays(utcToLocal(Date.now(), "Europe/Berlin").date, 2);

async function hqWithLocals() {
	const ws = await signUp("Europe/Berlin");
	const cookie = await signInCookie(ws.email, PASSWORD);
	const hq = await addAccount(ws, { handle: "@shop_hq", timezone: "Europe/Berlin" });
	const de = await addAccount(ws, { handle: "@shop_de", timezone: "Europe/Berlin", parentId: hq.id });
	const us = await addAccount(ws, { handle: "@shop_us", timezone: "America/New_York", parentId: hq.id, ownerId: ws.ownerId });
	const loner = await addAccount(ws, { handle: "@other_brand", timezone: "Europe/Berlin" });
	return { ws, cookie, hq, de, us, loner };
}

const form = (mainAccountId: string, localAccountIds: string[], extra: Record<string, string | string[]> = {}) => ({
	mainAccountId,
	body: MAIN,
	link: "",
	facts: "",
	date: day(),
	time: "10:00",
	localAccountIds,
	embargoDate: "",
	embargoTime: "",
	...extra,
});

async function created(cookie: string, mainId: string, locals: string[]) {
	const res = await page("POST", "/announcements", { cookie, form: form(mainId, locals) });
	expect(res.status, res.html.slice(0, 2000)).toBe(303);
	const location = res.headers.get("Location") ?? "";
	expect(location).toMatch(/^\/announcements\/[^/?]+\?done=created$/);
	return location.split("?")[0]!.split("/").pop()!;
}

/** The variant card of one post on the announcement page. */
function cardOf(html: string, postId: string): string {
	const start = html.indexOf(`id="v-${postId}"`);
	expect(start, `card of ${postId}`).toBeGreaterThan(-1);
	const end = html.indexOf("</article>", start);
	return html.slice(start, end);
}

async function variantsOf(ws: { token: string }, id: string) {
	const res = await call("GET", `/announcements/${id}`, { token: ws.token });
	return res.body as {
		main: { id: string; status: string };
		variants: { id: string; accountId: string; status: string; revision: number; consistency: unknown[] }[];
	};
}

describe("announcements in the web pages", () => {
	it("the form preselects the main account's local accounts and creates the main post and a draft per local account", async () => {
		const { ws, cookie, hq, de, us, loner } = await hqWithLocals();
		const blank = await page("GET", "/announcements/new", { cookie });
		expect(blank.status).toBe(200);
		expect(blank.html).toContain(`<option value="${hq.id}" data-zone="Europe/Berlin" selected="">`);
		for (const local of [de, us]) expect(blank.html).toContain(`value="${local.id}" data-parent="${hq.id}" checked=""`);
		expect(blank.html).toContain(`value="${loner.id}" data-parent=""/>`);
		expect(blank.html).toContain(`value="${hq.id}" data-parent="" disabled=""`);
		expect(blank.html).toContain("Times are in Europe/Berlin, the main account&#39;s zone");

		const id = await created(cookie, hq.id, [de.id, us.id]);
		const res = await page("GET", `/announcements/${id}?done=created`, { cookie });
		expect(res.status).toBe(200);
		expect(res.html).toContain("Announcement created");
		// Key facts on top; the main post and both variants side by side.
		for (const fact of ["€9.99", "3 March", "SPRING25", "https://shop.example.com/sale"]) expect(res.html).toContain(`<span class="fact-text">${fact}</span>`);
		expect(occurrences(res.html, '<article class="card ann-card')).toBe(3);
		const a = await variantsOf(ws, id);
		expect(a.main.status).toBe("scheduled");
		const main = cardOf(res.html, a.main.id);
		expect(main).toContain("Main post");
		expect(main).toContain("@shop_hq");
		expect(main).toContain('<span class="badge status-scheduled">Scheduled</span>');
		for (const v of a.variants) {
			const card = cardOf(res.html, v.id);
			expect(card).toContain('<span class="badge status-draft">Draft</span>');
			expect(card).toContain("Keeps every key fact");
			expect(card).toContain(`action="/announcements/${id}/variants/${v.id}#v-${v.id}"`);
		}
		// Each card names the local account's owner, and its time in its own zone.
		const usCard = cardOf(res.html, a.variants.find((v) => v.accountId === us.id)!.id);
		expect(usCard).toContain("<dt>Owner</dt><dd>Olive Owner</dd>");
		expect(usCard).toContain("America/New_York");
		expect(cardOf(res.html, a.variants.find((v) => v.accountId === de.id)!.id)).toContain("No owner");

		const list = await page("GET", "/announcements", { cookie });
		expect(list.html).toContain(`href="/announcements/${id}"`);
		expect(list.html).toContain("Variants: 2 draft");
	});

	it("a variant rewritten in German, keeping date, price, code and link, is scheduled from its card", async () => {
		const { ws, cookie, hq, de, us } = await hqWithLocals();
		const id = await created(cookie, hq.id, [de.id, us.id]);
		const before = await variantsOf(ws, id);
		const v = before.variants.find((x) => x.accountId === de.id)!;
		const page1 = await page("GET", `/announcements/${id}`, { cookie });
		const card = cardOf(page1.html, v.id);
		const shownDate = /name="shownDate" value="([^"]*)"/.exec(card)![1]!;
		const shownTime = /name="shownTime" value="([^"]*)"/.exec(card)![1]!;

		const res = await page("POST", `/announcements/${id}/variants/${v.id}`, {
			cookie,
			form: { body: GERMAN, link: "", date: shownDate, time: shownTime, shownDate, shownTime, revision: String(v.revision), action: "schedule" },
		});
		expect(res.status, res.html.slice(0, 3000)).toBe(303);
		expect(res.headers.get("Location")).toBe(`/announcements/${id}?done=scheduled#v-${v.id}`);
		const after = await page("GET", `/announcements/${id}?done=scheduled`, { cookie });
		expect(after.html).toContain("Variant scheduled.");
		const scheduled = cardOf(after.html, v.id);
		expect(scheduled).toContain('<span class="badge status-scheduled">Scheduled</span>');
		expect(scheduled).toContain("Keeps every key fact");
		expect(scheduled).toContain(`${GERMAN}</textarea>`);
		expect((await variantsOf(ws, id)).variants.find((x) => x.id === v.id)).toMatchObject({ status: "scheduled", consistency: [] });
	});

	it("a variant that drops the code is refused on its own card, naming the fact and keeping the typed text", async () => {
		const { ws, cookie, hq, de, us } = await hqWithLocals();
		const id = await created(cookie, hq.id, [de.id, us.id]);
		const v = (await variantsOf(ws, id)).variants.find((x) => x.accountId === de.id)!;
		const other = (await variantsOf(ws, id)).variants.find((x) => x.accountId === us.id)!;
		const at = utcToLocal(Date.now() + 3 * 86_400_000, "Europe/Berlin");
		const res = await page("POST", `/announcements/${id}/variants/${v.id}`, {
			cookie,
			form: { body: NO_CODE, link: "", date: at.date, time: "11:30", shownDate: "x", shownTime: "y", revision: String(v.revision), action: "schedule" },
		});
		expect(res.status).toBe(422);
		const card = cardOf(res.html, v.id);
		expect(card).toContain("Not scheduled: a variant must keep every key fact of the main post.");
		expect(card).toContain("The code &quot;SPRING25&quot; of the main post is missing");
		expect(card).toContain(`${NO_CODE}</textarea>`);
		expect(card).toContain('name="time" value="11:30"');
		// Only that card says so; the other one is untouched.
		expect(cardOf(res.html, other.id)).not.toContain("SPRING25&quot; of the main post is missing");
		expect((await variantsOf(ws, id)).variants.find((x) => x.id === v.id)).toMatchObject({ status: "draft", revision: v.revision });

		// Saved as a draft it may say anything; the card then lists what it is missing, in red.
		const draft = await page("POST", `/announcements/${id}/variants/${v.id}`, {
			cookie,
			form: { body: NO_CODE, link: "", date: "", time: "", shownDate: "", shownTime: "", revision: String(v.revision), action: "draft" },
		});
		expect(draft.status).toBe(303);
		const shown = cardOf((await page("GET", `/announcements/${id}`, { cookie })).html, v.id);
		expect(shown).toContain('class="lint-item finding-error fact-fact_missing" data-rule="fact_missing"');
		expect(shown).toContain("The code &quot;SPRING25&quot; of the main post is missing");
	});

	it("warns when the main post changed, and shows a wrong form inline", async () => {
		const { ws, cookie, hq, de } = await hqWithLocals();
		const bad = await page("POST", "/announcements", { cookie, form: form(hq.id, [hq.id], { date: "", time: "", link: "not a link" }) });
		expect(bad.status).toBe(400);
		expect(bad.html).toContain("Enter the date and time the main post goes out");
		expect(bad.html).toContain("An http(s) URL");
		expect(bad.html).toContain(`${MAIN}</textarea>`);
		const mainAsLocal = await page("POST", "/announcements", { cookie, form: form(hq.id, [hq.id]) });
		expect(mainAsLocal.status).toBe(422);
		expect(mainAsLocal.html).toContain("The main account is not one of its local accounts");

		const id = await created(cookie, hq.id, [de.id]);
		const a = await variantsOf(ws, id);
		expect((await page("GET", `/announcements/${id}`, { cookie })).html).not.toContain("The main post changed");
		expect((await call("PATCH", `/posts/${a.main.id}`, { token: ws.token, json: { body: `${MAIN}!` } })).status).toBe(200);
		expect((await page("GET", `/announcements/${id}`, { cookie })).html).toContain("The main post changed after the variants were written");
	});

	it("an analyst sees announcements but may not create one or edit a variant", async () => {
		const { ws, cookie, hq, de } = await hqWithLocals();
		const id = await created(cookie, hq.id, [de.id]);
		const analyst = await addMember(ws, "analyst");
		const theirs = await signInCookie(analyst.email, PASSWORD);
		const list = await page("GET", "/announcements", { cookie: theirs });
		expect(list.html).not.toContain('href="/announcements/new"');
		expect((await page("GET", "/announcements/new", { cookie: theirs })).html).not.toContain('action="/announcements"');
		const view = await page("GET", `/announcements/${id}`, { cookie: theirs });
		expect(view.status).toBe(200);
		expect(view.html).not.toContain("/variants/");
		expect(occurrences(view.html, '<article class="card ann-card')).toBe(2);
		// Another workspace's announcement is not found.
		const other = await signUp();
		const otherCookie = await signInCookie(other.email, PASSWORD);
		expect((await page("GET", `/announcements/${id}`, { cookie: otherCookie })).status).toBe(404);
	});
});
