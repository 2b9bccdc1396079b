/**
 * What a message is, for the desk: praise, a question (asks for information or help), a concern
 * (complaint, problem report, worry; a complaint phrased as a question is a concern) or other.
 * The hand-written rule here is one input of the kind model (classify.ts), not the last word.
 */
import { type Features, featureIndex } from "./features";
import type { SentimentLabel } from "./sentiment";

export const mentionKinds = ["praise", "question", "concern", "other"] as const;
export type MentionKind = (typeof mentionKinds)[number];

const on = (f: Features, name: Parameters<typeof featureIndex>[0]) => f[featureIndex(name)]! > 0;

/** The rule: a negative message is a concern unless the question is its point; asking makes a question. */
export function ruleKind(label: SentimentLabel, f: Features): MentionKind {
	const asks = on(f, "questionMark") || on(f, "request");
	const questionIsThePoint = (on(f, "asksFirst") || on(f, "askForHelp")) && !on(f, "strongComplaint") && !on(f, "sarcasm");
	if (label === "negative") return questionIsThePoint ? "question" : "concern";
	if (label === "positive") return (asks && !on(f, "praise")) || on(f, "explicitAsk") ? "question" : "praise";
	if (asks) return "question";
	return on(f, "complaints") ? "concern" : "other";
}
