// twitter-text ships no types; this declares only the parts domain/text-length.ts uses.
declare module "twitter-text" {
	type UrlEntity = { url: string; indices: [number, number] };

	type ParsedTweet = {
		weightedLength: number;
		valid: boolean;
		permillage: number;
		validRangeStart: number;
		validRangeEnd: number;
		displayRangeStart: number;
		displayRangeEnd: number;
	};

	const twitter: {
		parseTweet(text: string): ParsedTweet;
		extractUrlsWithIndices(text: string, options?: { extractUrlsWithoutProtocol: boolean }): UrlEntity[];
		extractHashtags(text: string): string[];
		extractMentions(text: string): string[];
		regexen: { endMentionMatch: RegExp };
	};
	export default twitter;
}
