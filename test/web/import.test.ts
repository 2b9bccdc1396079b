// The spreadsheet upload page (/import) with a body that is not the multipart it claims to be: the fuzzer
// found it answering 500 now and then (hono's parser throws on a missing boundary).
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signInCookie, signUp } from "../helpers/api";
import { BASE, PASSWORD } from "./page";

describe("/import page", () => {
	it("a multipart body without its boundary is a 400 page saying the upload could not be read, never a 500", async () => {
		const ws = await signUp();
		const cookie = await signInCookie(ws.email, PASSWORD);
		const res = await exports.default.fetch(
			new Request(`${BASE}/import`, {
				method: "POST",
				headers: { Cookie: cookie, Origin: BASE, "Sec-Fetch-Site": "same-origin", "Content-Type": "multipart/form-data; boundary=x" },
				body: "not a multipart body",
				redirect: "manual",
			}),
		);
		expect(res.status).toBe(400);
		expect(await res.text()).toContain("The upload could not be read");
	});
});
