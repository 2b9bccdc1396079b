// The evergreen fields on the compose form and the series card on the post page.
import { afterEach, describe, expect, it } from "vitest";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { captureQueue, runSweep } from "../helpers/publishing";
import { PASSWORD, page } from "./page";

let queue: ReturnType<typeof captureQueue> | undefined;
afterEach(() => {
	queue?.restore();
	queue = undefined;
});

describe("evergreen posts on the pages", () => {
	it("compose makes a weekly post; its page shows the series, then stops it", async () => {
		queue = captureQueue();
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws, { timezone: "Europe/Berlin" });
		const form = {
			accountIds: acc.id,
			body: "Friday reading list",
			link: "",
			when: "at",
			date: "2027-03-26",
			time: "17:00",
			repeatEvery: "1",
			repeatUnit: "week",
			repeatUntil: "",
			repeatCount: "4",
			action: "schedule",
		};
		const bad = await page("POST", "/compose", { cookie, form: { ...form, repeatEvery: "0" } });
		expect(bad.status).toBe(400);
		expect(bad.html).toContain("Repeat every 1 to 52 weeks");
		const made = await page("POST", "/compose", { cookie, form });
		expect(made.status).toBe(303);
		const list = await call("GET", `/posts?accountId=${acc.id}`, { token: ws.token });
		const first = list.body.items[0].id as string;

		await runSweep(Date.parse("2027-03-26T16:59:50Z"));
		const shown = await page("GET", `/posts/${first}`, { cookie });
		expect(shown.html).toContain("Every week at 17:00 (Europe/Berlin), 4 times in all. This is occurrence 1.");
		expect(shown.html).toContain("2027-04-02 17:00");

		const stopped = await page("POST", `/posts/${first}/repeat`, { cookie, form: { action: "stop" } });
		expect(stopped.status).toBe(303);
		expect((await page("GET", `/posts/${first}`, { cookie })).html).toContain("stopped by hand");
		const wrong = await page("POST", `/posts/${first}/repeat`, {
			cookie,
			form: { action: "save", repeatEvery: "2", repeatUnit: "day", repeatUntil: "2020-01-01", repeatCount: "" },
		});
		expect(wrong.status).toBe(422);
		expect(wrong.html).toContain("Must be after the post");
	});
});
