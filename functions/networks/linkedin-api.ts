/** What the LinkedIn adapter, its comments and its reader share: the versioned API, its headers, URN shapes. */

/**
 * The LinkedIn-Version sent with every call. Each monthly version works for at least a year; an
 * expired one answers 426 NONEXISTENT_VERSION. 202607 (July 2026) is supported until mid-2027.
 */
export const linkedinVersion = "202607";
export const linkedinApi = "https://api.linkedin.com/rest";

export function linkedinHeaders(token: string): Record<string, string> {
	return { Authorization: `Bearer ${token}`, "LinkedIn-Version": linkedinVersion, "X-Restli-Protocol-Version": "2.0.0", Accept: "application/json" };
}

export const postUrl = (urn: string) => `https://www.linkedin.com/feed/update/${urn}`;

/** A comment's page on LinkedIn: the post, opened at the comment. */
export function commentUrl(postUrn: string, commentUrn: string): string {
	return `${postUrl(postUrn)}?commentUrn=${encodeURIComponent(commentUrn)}`;
}

/** `urn:li:comment:(urn:li:activity:123,456)` → its post (`urn:li:activity:123`) and id (`456`). */
export function commentParts(urn: string): { post: string; id: string } | null {
	const m = /^urn:li:comment:\((urn:li:[A-Za-z]+:[^,]+),([^)]+)\)$/.exec(urn);
	return m ? { post: m[1]!, id: m[2]! } : null;
}
