/** Sentiment labels; the model that picks one is in classify.ts. */
export const sentimentLabels = ["positive", "neutral", "negative"] as const;
export type SentimentLabel = (typeof sentimentLabels)[number];
