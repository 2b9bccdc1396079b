import { exports } from "cloudflare:workers";

/** A real 1×1 PNG: small enough for every network's image limit. */
export const PNG_1x1 = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) =>
	c.charCodeAt(0),
);

const bytesOf = (...parts: (number[] | string)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((ch) => ch.charCodeAt(0)) : p)));

/** The smallest bytes each upload type is recognised by (its magic bytes): uploads are sniffed. */
export const SAMPLE_BYTES: Record<string, Uint8Array> = {
	"image/png": PNG_1x1,
	"image/jpeg": bytesOf([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF", [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
	"image/gif": bytesOf("GIF89a", [0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3b]),
	"image/webp": bytesOf(
		"RIFF",
		[0x1a, 0x00, 0x00, 0x00],
		"WEBPVP8L",
		[0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00],
	),
	"video/mp4": bytesOf([0x00, 0x00, 0x00, 0x18], "ftypisom", [0x00, 0x00, 0x02, 0x00], "isomiso2", [0x00, 0x00, 0x00, 0x08], "free"),
	"video/quicktime": bytesOf([0x00, 0x00, 0x00, 0x14], "ftypqt  ", [0x20, 0x05, 0x03, 0x00], "qt  ", [0x00, 0x00, 0x00, 0x08], "wide"),
};

/** `bytes` followed by zeros up to `size`: a large file of that type. */
export function padded(bytes: Uint8Array, size: number): Uint8Array {
	const out = new Uint8Array(size);
	out.set(bytes);
	return out;
}

/** Uploads through POST /media as multipart (the default) or as a raw body with facts in the query. */
export async function upload(
	token: string,
	opts: { bytes?: Uint8Array; type?: string; alt?: string | null; raw?: boolean; fields?: Record<string, string> } = {},
) {
	const type = opts.type ?? "image/png";
	const bytes = opts.bytes ?? SAMPLE_BYTES[type] ?? PNG_1x1;
	const alt = opts.alt === undefined ? "A single pixel" : opts.alt;
	let request: Request;
	if (opts.raw) {
		const query = new URLSearchParams({ ...(alt === null ? {} : { alt }), ...opts.fields });
		request = new Request(`https://chorus.test/api/v1/media?${query}`, {
			method: "POST",
			headers: { Authorization: `Bearer ${token}`, "Content-Type": type },
			body: bytes,
		});
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
