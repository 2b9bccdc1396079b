import { exports } from "cloudflare:workers";

export const BASE = "https://chorus.test";
export const PASSWORD = "correct horse battery";
// What a browser sends with a same-origin form post; hono/csrf lets either one through.
const sameOrigin = { Origin: BASE, "Sec-Fetch-Site": "same-origin" };

export type Page = { status: number; headers: Headers; html: string };

/** One page request into the real Worker, as a browser would make it (forms url-encoded, redirects not followed). */
export async function page(
	method: string,
	path: string,
	opts: { cookie?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
): Promise<Page> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.cookie) headers.Cookie = opts.cookie;
	let body: string | undefined;
	if (opts.form) {
		const params = new URLSearchParams();
		for (const [k, v] of Object.entries(opts.form)) for (const one of [v].flat()) params.append(k, one);
		body = params.toString();
		headers["Content-Type"] = "application/x-www-form-urlencoded";
		Object.assign(headers, { ...sameOrigin, ...opts.headers });
	}
	const res = await exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body, redirect: "manual" }));
	return { status: res.status, headers: res.headers, html: await res.text() };
}

/** How often `needle` occurs in `haystack`. */
export const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;
