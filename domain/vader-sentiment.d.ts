// vader-sentiment ships no types; this declares only what domain/mentions/sentiment.ts uses.
declare module "vader-sentiment" {
	export const SentimentIntensityAnalyzer: {
		polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
	};
}
