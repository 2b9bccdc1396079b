/**
 * Text as the classifier reads it: links, handles and markup out; emoji turned into words the
 * lexicons know (VADER's JavaScript port has emoticons but no emoji).
 */
import { decodeHTML } from "entities";

const EMOJI_WORDS: [RegExp, string][] = [
	[/[😀😃😄😁😆😊🙂☺😇🥳🤩]/gu, " happy "],
	[/[😍🥰😘😻💕💖💗💙💚💛💜🧡❤♥]/gu, " love "],
	[/[👍👌🙌👏💯✅⭐🌟🎉🙏]/gu, " great "],
	[/[😂🤣😹😜😝😛]/gu, " haha "],
	[/[😡😠🤬👿😤]/gu, " angry "],
	[/[😞😢😭😿💔☹🙁😔😟]/gu, " sad "],
	[/[😩😫😖😣🤦🤷]/gu, " frustrated "],
	[/[🙄😒😑😕🤨]/gu, " annoyed "],
	[/👎/gu, " bad "],
];

export function normalizeMention(raw: string): string {
	// X hands text back with HTML entities ("&amp;", "&#39;").
	let text = decodeHTML(raw);
	text = text.replace(/https?:\/\/\S+/g, " ").replace(/\bwww\.\S+/g, " ");
	// Handles name people and brands, never feelings ("@SouthwestAir" is not "air").
	text = text.replace(/(^|[^\w])@[\w.]+/g, "$1 ");
	text = text.replace(/[’‘]/g, "'");
	for (const [pattern, word] of EMOJI_WORDS) text = text.replace(pattern, word);
	// Variation selectors and joiners left behind by emoji.
	return text
		.replace(/[\u{FE0F}\u{200D}]/gu, "")
		.replace(/\s+/g, " ")
		.trim();
}
