/**
 * Bluesky mentions as the drafting form can judge them without the network: Bluesky takes an `@handle`
 * as a mention only when the handle is a full domain name (detectFacets in @atproto/api: it must end in
 * a known top-level domain). "@alice" or "@alice.bsky" stays plain text and notifies nobody. Whether a
 * full handle exists is only known at publish time (com.atproto.identity.resolveHandle), where a handle
 * nobody has leaves an "unresolved_mention" warning on the post.
 */
import tlds from "tlds";
import type { Finding } from "../findings";

/** detectFacets' MENTION_REGEX: "@" at the start, after whitespace or "(", then handle characters. */
export const blueskyMentionPattern = /(^|\s|\()(@)([a-zA-Z0-9.-]+)(\b)/g;

/** detectFacets' isValidDomain: the name ends in "." and a known top-level domain (any case). */
export function endsInKnownTld(name: string): boolean {
	const lower = name.toLowerCase();
	return tlds.some((tld) => lower.endsWith(`.${tld}`));
}

/** "bluesky_partial_handle" (warning, span): an @name Bluesky will not take as a mention. */
export function blueskyHandleFindings(body: string): Finding[] {
	const findings: Finding[] = [];
	for (const match of body.matchAll(blueskyMentionPattern)) {
		const name = match[3]!;
		if (endsInKnownTld(name) || name.endsWith(".test")) continue;
		const start = match.index + match[1]!.length;
		findings.push({
			rule: "bluesky_partial_handle",
			severity: "warning",
			message: `@${name} is not a full Bluesky handle, so it stays plain text and notifies nobody: write the whole handle, e.g. @${name.split(".")[0]}.bsky.social`,
			span: [start, start + 1 + name.length],
		});
	}
	return findings;
}
