/** What users say: praise, concerns and questions grouped by topic, and whether people beyond the followers talk about us. */
import type { ReportMention, TopicGroup, Voice } from "./model";

const GENERAL = "(general)";
const EXAMPLES = 2;

/** Mentions of one kind grouped by topic, biggest first; a mention with several topics counts in each. */
export function topicGroups(mentions: readonly ReportMention[], limit = 5): TopicGroup[] {
	const groups = new Map<string, TopicGroup>();
	for (const m of mentions) {
		for (const topic of m.topics.length ? m.topics : [GENERAL]) {
			const g = groups.get(topic) ?? { topic, count: 0, examples: [] };
			g.count++;
			if (g.examples.length < EXAMPLES) g.examples.push({ text: m.text.slice(0, 280), author: m.authorHandle });
			groups.set(topic, g);
		}
	}
	return [...groups.values()].sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic)).slice(0, limit);
}

export function voiceOf(mentions: readonly ReportMention[], shares: number): Voice {
	const sentiment = { positive: 0, neutral: 0, negative: 0 };
	for (const m of mentions) sentiment[m.sentiment]++;
	return {
		mentions: mentions.length,
		praise: topicGroups(mentions.filter((m) => m.kind === "praise")),
		concerns: topicGroups(mentions.filter((m) => m.kind === "concern")),
		questions: topicGroups(mentions.filter((m) => m.kind === "question")),
		sentiment,
		nonFollowers: mentions.filter((m) => m.isFollower === false).length,
		followers: mentions.filter((m) => m.isFollower === true).length,
		shares,
	};
}

/** The most frequent topics among some mentions, for "mentions spiked: mostly about X and Y". */
export function topTerms(mentions: readonly Pick<ReportMention, "topics">[], limit = 3): { term: string; count: number }[] {
	const counts = new Map<string, number>();
	for (const m of mentions) for (const t of m.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
	return [...counts]
		.map(([term, count]) => ({ term, count }))
		.sort((a, b) => b.count - a.count || a.term.localeCompare(b.term))
		.slice(0, limit);
}
