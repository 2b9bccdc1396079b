/**
 * What a message is, for the desk: praise, a question (asks for information or help), a concern
 * (complaint, problem report, worry; a complaint phrased as a question is a concern) or other.
 */
import { EXPLICIT_ASK } from "./cues";
import type { SentimentLabel, Signals } from "./sentiment";

export const mentionKinds = ["praise", "question", "concern", "other"] as const;
export type MentionKind = (typeof mentionKinds)[number];

/** `text` is normalised (normalizeMention); `s` its signals. */
export function mentionKind(label: SentimentLabel, s: Signals, text: string): MentionKind {
	const lower = text.toLowerCase();
	const asks = s.question || s.request;
	if (label === "negative") {
		// A problem behind a real question stays a question; a complaint with a question mark is a concern.
		return s.questionIsThePoint ? "question" : "concern";
	}
	if (label === "positive") return (asks && s.praise === 0) || EXPLICIT_ASK.test(lower) ? "question" : "praise";
	if (asks) return "question";
	return s.complaints > 0 ? "concern" : "other";
}
