import { exports } from "cloudflare:workers";

/** A real 1×1 PNG: small enough for every network's image limit. */
export const PNG_1x1 = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));

/** Uploads through POST /media as multipart (the default) or as a raw body with facts in the query. */
export async function upload(
	token: string,
	opts: { bytes?: Uint8Array; type?: string; alt?: string | null; raw?: boolean; fields?: Record<string, string> } = {},
) {
	const bytes = opts.bytes ?? PNG_1x1;
	const type = opts.type ?? "image/png";
	const alt = opts.alt === undefined ? "A single pixel" : opts.alt;
	let request: Request;
	if (opts.raw) {
		const query = new URLSearchParams({ ...(alt === null ? {} : { alt }), ...opts.fields });
		request = new Request(`https://chorus.test/api/v1/media?${query}`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": type }, body: bytes });
	} else {
		const form = new FormData();
		form.set("file", new File([bytes], "upload", { type }));
		if (alt !== null) form.set("alt", alt);
		for (const [k, v] of Object.entries(opts.fields ?? {})) form.set(k, v);
		request = new Request("https://chorus.test/api/v1/media", { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form });
	}
	const res = await exports.default.fetch(request);
	return { status: res.status, body: (await res.json()) as any };
}
