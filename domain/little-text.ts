/**
 * LinkedIn's "little" text format, which the Posts API's commentary is written in
 * (learn.microsoft.com/linkedin/marketing/community-management/shares/little-text-format): every
 * reserved character must be backslash-escaped to be plain text, "even if those characters are not
 * used in one of the supported elements"; unescaped, LinkedIn cuts the post at the first one.
 */

/** The reserved characters: \ | { } @ [ ] ( ) < > # * _ ~ */
const reserved = /[\\|{}@[\]()<>#*_~]/g;

/** Commentary as LinkedIn's "little" format needs it: every reserved character backslash-escaped. */
export function escapeLittleText(text: string): string {
	return text.replace(reserved, (char) => `\\${char}`);
}

/** The text a commentary shows: escapes removed (what we sent comes back escaped). */
export function unescapeLittleText(text: string): string {
	return text.replace(/\\([\\|{}@[\]()<>#*_~])/g, "$1");
}
