// The drafting form takes a file with alt text (multipart, no script needed); the post page and the
// calendar show the thumbnails through /api/v1/media/:id/raw with the alt text.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addAccount, call, signInCookie, signUp } from "../helpers/api";
import { PNG_1x1 } from "../helpers/media";
import { BASE, PASSWORD, page } from "./page";

async function postCompose(cookie: string, fields: Record<string, string | string[]>, file?: { bytes: Uint8Array; type: string }) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
	if (file) form.set("media", new File([file.bytes], "photo.png", { type: file.type }));
	const res = await exports.default.fetch(
		new Request(`${BASE}/compose`, {
			method: "POST",
			headers: { Cookie: cookie, Origin: BASE, "Sec-Fetch-Site": "same-origin" },
			body: form,
			redirect: "manual",
		}),
	);
	return { status: res.status, html: await res.text(), location: res.headers.get("Location") };
}

describe("media in the web pages", () => {
	it("uploads with the compose form, keeps a refused upload, and shows thumbnails with alt text", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		const form = await page("GET", "/compose", { cookie });
		expect(form.html).toContain('enctype="multipart/form-data"');
		expect(form.html).toContain('name="media"');
		expect(form.html).toContain('name="media_alt"');

		const base = { accountIds: [acc.id], body: "Our new shop front", when: "draft", date: "", time: "", link: "", action: "draft" };
		// No alt text: refused, naming the media field, nothing saved.
		const noAlt = await postCompose(cookie, base, { bytes: PNG_1x1, type: "image/png" });
		expect(noAlt.status).toBe(422);
		expect(noAlt.html).toContain("Alt text is required");
		expect((await call("GET", "/posts?status=draft", { token: ws.token })).body.items).toHaveLength(0);

		// With alt text, but no account chosen: the upload is kept on the page for the next submit.
		const noAccount = await postCompose(
			cookie,
			{ ...base, accountIds: [], media_alt: "A green door with a brass bell" },
			{ bytes: PNG_1x1, type: "image/png" },
		);
		expect(noAccount.status).toBe(400);
		const kept = /name="mediaIds" value="([^"]+)"/.exec(noAccount.html)?.[1];
		expect(kept).toBeTruthy();
		expect(noAccount.html).toContain(`src="/api/v1/media/${kept}/raw" alt="A green door with a brass bell"`);

		const saved = await postCompose(cookie, { ...base, mediaIds: kept! });
		expect(saved.status, saved.html).toBe(303);
		const [draft] = (await call("GET", "/posts?status=draft", { token: ws.token })).body.items;
		expect(draft.mediaIds).toEqual([kept]);

		const post = await page("GET", `/posts/${draft.id}`, { cookie });
		expect(post.html).toContain(`src="/api/v1/media/${kept}/raw" alt="A green door with a brass bell"`);
		const raw = await exports.default.fetch(new Request(`${BASE}/api/v1/media/${kept}/raw`, { headers: { Cookie: cookie } }));
		expect(raw.status).toBe(200);
		expect(new Uint8Array(await raw.arrayBuffer())).toEqual(PNG_1x1);
	});

	it("refuses a file whose bytes are not the declared image, naming the media field, and stores nothing", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		const base = { accountIds: [acc.id], body: "Our new shop front", when: "draft", date: "", time: "", link: "", action: "draft", media_alt: "A shop front" };
		const page = new TextEncoder().encode("<html><script>alert(1)</script></html>");
		const refused = await postCompose(cookie, base, { bytes: page, type: "image/png" });
		expect(refused.status).toBe(422);
		expect(refused.html).toContain("The bytes are not a PNG image as declared (image/png)");
		expect(refused.html).not.toContain('name="mediaIds" value="');
		expect((await call("GET", "/posts?status=draft", { token: ws.token })).body.items).toHaveLength(0);
	});

	it("the calendar shows a scheduled post's thumbnail", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const acc = await addAccount(ws);
		const form = new FormData();
		form.set("file", new File([PNG_1x1], "p.png", { type: "image/png" }));
		form.set("alt", "Poster for the spring fair");
		const uploaded = (await (
			await exports.default.fetch(new Request(`${BASE}/api/v1/media`, { method: "POST", headers: { Authorization: `Bearer ${ws.token}` }, body: form }))
		).json()) as { id: string };
		const at = new Date(Date.now() + 2 * 3_600_000);
		const res = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "Spring fair!", mediaIds: [uploaded.id], scheduledAt: at.toISOString() },
		});
		expect(res.status).toBe(201);
		const cal = await page("GET", `/calendar?date=${res.body.posts[0].scheduledAt.slice(0, 10)}`, { cookie });
		expect(cal.html).toContain(`src="/api/v1/media/${uploaded.id}/raw" alt="Poster for the spring fair"`);
	});
});
