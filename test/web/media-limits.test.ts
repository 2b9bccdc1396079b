// The compose form's file picker follows the capability table: the types every chosen network takes,
// greyed out when the post is full, the reason in one line, and the table embedded for /compose.js.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { capabilities } from "../../domain/capabilities";
import { addAccount, signInCookie, signUp } from "../helpers/api";
import { PNG_1x1, SAMPLE_BYTES } from "../helpers/media";
import { BASE, PASSWORD, page } from "./page";

async function postCompose(cookie: string, fields: Record<string, string | string[]>, file?: { bytes: Uint8Array; type: string; name: string }) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
	if (file) form.set("media", new File([file.bytes], file.name, { type: file.type }));
	const res = await exports.default.fetch(
		new Request(`${BASE}/compose`, {
			method: "POST",
			headers: { Cookie: cookie, Origin: BASE, "Sec-Fetch-Site": "same-origin" },
			body: form,
			redirect: "manual",
		}),
	);
	return { status: res.status, html: await res.text() };
}

const embedded = (html: string) => JSON.parse(/<script type="application\/json" id="media-capabilities">([^<]*)<\/script>/.exec(html)?.[1] ?? "null");
const fileInput = (html: string) => /<input type="file" name="media"[^>]*>/.exec(html)?.[0] ?? "";
const acceptOf = (html: string) => /accept="([^"]*)"/.exec(fileInput(html))?.[1] ?? "";
const limitsLine = (html: string) => /<p id="media-limits"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? "";

describe("the compose form's media limits", () => {
	it("embeds the table and offers a video for a Facebook Page too", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const fb = await addAccount(ws, { network: "facebook", credentials: { pageId: "1", pageAccessToken: "t" } });
		await addAccount(ws, { network: "x", credentials: { accessToken: "t" } });

		const open = await page("GET", "/compose", { cookie });
		expect(Object.keys(embedded(open.html)).sort()).toEqual(["facebook", "x"]);
		expect(embedded(open.html).x.media).toEqual(JSON.parse(JSON.stringify(capabilities.x.media)));
		expect(acceptOf(open.html)).toContain("video/mp4");

		const chosen = await page("GET", `/compose?accountId=${fb.id}`, { cookie });
		expect(acceptOf(chosen.html)).toBe("image/jpeg,image/png,image/gif,video/mp4");
		expect(limitsLine(chosen.html)).toBe("");
	});

	it("greys the picker out once LinkedIn has its one image, and a too-long video for X is refused naming the media", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const li = await addAccount(ws, { network: "linkedin", credentials: { accessToken: "t", authorUrn: "urn:li:organization:1" } });
		const x = await addAccount(ws, { network: "x", credentials: { accessToken: "t" } });
		const base = { body: "Our new shop front", when: "draft", date: "", time: "", link: "", action: "draft" };

		// No account chosen: refused, the upload kept and the page rendered with it.
		const kept = await postCompose(cookie, { ...base, accountIds: [], media_alt: "A door" }, { bytes: PNG_1x1, type: "image/png", name: "door.png" });
		const mediaId = /name="mediaIds" value="([^"]+)"/.exec(kept.html)?.[1];
		expect(mediaId).toBeTruthy();
		// Scheduling without a time is refused, so the page comes back with the image attached.
		const full = await postCompose(cookie, { ...base, accountIds: [li.id], mediaIds: mediaId!, when: "at", action: "schedule" });
		expect(full.status).toBe(400);
		expect(fileInput(full.html)).toMatch(/ disabled[ =>/]/);
		expect(full.html).toContain('class="field-label greyed"');
		expect(limitsLine(full.html)).toBe("No more media: LinkedIn takes 1 image per post");

		// The form sends the video's length (media_duration) with it; X takes at most 140 s.
		const long = await postCompose(
			cookie,
			{ ...base, accountIds: [x.id], media_alt: "The whole launch", media_duration: "200" },
			{ bytes: SAMPLE_BYTES["video/mp4"]!, type: "video/mp4", name: "launch.mp4" },
		);
		expect(long.status).toBe(422);
		expect(long.html).toContain("200 s is over x&#39;s 140 s for a video");
	});
});
