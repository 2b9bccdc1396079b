// vader-sentiment ships no types; this declares only what domain/mentions/sentiment.ts uses.
declare module "vader-sentiment" {
	export const SentimentIntensityAnalyzer: {
		polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
	};
}

// The port's lexicon (VADER's, MIT; the port Apache-2.0), read by domain/mentions/features.ts.
declare module "vader-sentiment/src/vader_lexicon.js" {
	export const lexicon: Record<string, number>;
}
