/**
 * Link facets for app.bsky.feed.post. Bluesky does not find links in the text itself: a URL is only
 * clickable when a facet (app.bsky.richtext.facet#link) points at it, by UTF-8 byte offsets into the
 * text, not JavaScript string (UTF-16) indices, so any emoji or CJK before the URL shifts them.
 */

export type LinkFacet = {
	$type: "app.bsky.richtext.facet";
	index: { byteStart: number; byteEnd: number };
	features: [{ $type: "app.bsky.richtext.facet#link"; uri: string }];
};

// Like @atproto/api's detectFacets: a URL starts the text or follows whitespace or "(", and runs to
// the next whitespace. Only explicit http(s) URLs: a bare "example.com" would need a TLD list to tell
// it from "e.g." and the publisher always writes links with their scheme.
const urlPattern = /(^|[\s(])(https?:\/\/\S+)/giu;
const encoder = new TextEncoder();

export function linkFacets(text: string): LinkFacet[] {
	const facets: LinkFacet[] = [];
	for (const match of text.matchAll(urlPattern)) {
		const uri = trimTrailing(match[2]!);
		const start = match.index + match[1]!.length;
		if (!isHttpUrl(uri)) continue;
		const byteStart = encoder.encode(text.slice(0, start)).length;
		facets.push({
			$type: "app.bsky.richtext.facet",
			index: { byteStart, byteEnd: byteStart + encoder.encode(uri).length },
			features: [{ $type: "app.bsky.richtext.facet#link", uri }],
		});
	}
	return facets;
}

/** Sentence punctuation after a URL belongs to the sentence, and so does a ")" that closes text before it. */
function trimTrailing(uri: string): string {
	let out = uri;
	for (;;) {
		if (/[.,;:!?"'»”’]$/u.test(out)) out = out.slice(0, -1);
		else if (out.endsWith(")") && count(out, "(") < count(out, ")")) out = out.slice(0, -1);
		else return out;
	}
}

function count(text: string, char: string): number {
	return text.split(char).length - 1;
}

function isHttpUrl(uri: string): boolean {
	try {
		const url = new URL(uri);
		return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
	} catch {
		return false;
	}
}
