/** Rules about what a draft says and links to: banned phrases, link domains, topics. */
import type { Finding } from "../findings";
import { type Mission, normalizeDomain } from "../mission";
import { findHashtags, findLinks, findPhrase, fold, foldWithMap, hostOf, unspaced } from "./text";

/** "banned_phrase" (error): every occurrence of a banned phrase in the body, whole phrase, any case or accents. */
export function bannedPhraseFindings(body: string, mission: Mission): Finding[] {
	const { folded, starts, ends } = foldWithMap(body);
	const findings: Finding[] = [];
	for (const phrase of mission.bannedPhrases) {
		const needle = fold(phrase);
		for (const at of findPhrase(folded, needle)) {
			findings.push({
				rule: "banned_phrase",
				severity: "error",
				message: `'${phrase.trim()}' is a banned phrase for this account; remove or rephrase it`,
				span: [starts[at] ?? 0, ends[at + needle.length - 1] ?? body.length],
			});
		}
	}
	return findings.sort((a, b) => (a.span?.[0] ?? 0) - (b.span?.[0] ?? 0));
}

/**
 * "link_domain" (error): each link in the body, and the separate link, whose host is neither an allowed
 * domain nor a subdomain of one. Nothing when the mission allows every domain (empty list).
 */
export function linkDomainFindings(body: string, link: string | null | undefined, mission: Mission): Finding[] {
	const allowed = mission.allowedLinkDomains.map(normalizeDomain).filter((d) => d !== "");
	if (allowed.length === 0) return [];
	const isAllowed = (host: string | null) => host !== null && allowed.some((d) => host === d || host.endsWith(`.${d}`) || host === `www.${d}`);
	const list = allowed.join(", ");
	const finding = (url: string, host: string | null, span?: [number, number]): Finding => ({
		rule: "link_domain",
		severity: "error",
		message: host
			? `Links to ${host} are not allowed for this account (allowed: ${list}); link to an allowed site or ask an admin to add the domain`
			: `'${url}' is not a valid link; links must go to ${list}`,
		...(span ? { span } : {}),
	});
	const findings: Finding[] = [];
	for (const { span, text } of findLinks(body)) {
		const host = hostOf(text);
		if (!isAllowed(host)) findings.push(finding(text, host, span));
	}
	const url = link?.trim();
	if (url && !body.includes(url)) {
		const host = hostOf(url);
		if (!isAllowed(host)) findings.push(finding(url, host));
	}
	return findings;
}

const tokenize = (text: string) =>
	fold(text)
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w !== "");
/** "#OpenSource" → ["open", "source"]; "#AI4Good" → ["ai", "4", "good"]. */
const splitTag = (tag: string) => tokenize(tag.replace(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/gu, " "));

const suffixes: [string, string][] = [
	["abilities", ""],
	["ability", ""],
	["ations", ""],
	["ation", ""],
	["ments", ""],
	["ment", ""],
	["ities", ""],
	["ity", ""],
	["ings", ""],
	["ing", ""],
	["able", ""],
	["ness", ""],
	["ies", "y"],
	["ied", "y"],
	["ers", ""],
	["ed", ""],
	["er", ""],
	["es", ""],
	["ly", ""],
	["al", ""],
	["s", ""],
];

/** A light English stemmer: one common suffix off, if at least three letters remain. */
export function stem(word: string): string {
	for (const [suffix, replacement] of suffixes) {
		if (word.endsWith(suffix) && word.length - suffix.length >= 3 && !(suffix === "s" && word.endsWith("ss"))) {
			return word.slice(0, -suffix.length) + replacement;
		}
	}
	return word;
}

/** Same stem, or one stem (≥ 5 letters) begins the other with at most 3 letters more: "market"/"marketing". */
function sameWord(a: string, b: string): boolean {
	if (a === b) return true;
	const [x, y] = [stem(a), stem(b)].sort((p, q) => p.length - q.length) as [string, string];
	return x === y || (x.length >= 5 && y.startsWith(x) && y.length - x.length <= 3);
}

function containsSequence(tokens: readonly string[], words: readonly string[]): boolean {
	for (let i = 0; i + words.length <= tokens.length; i++) {
		if (words.every((w, j) => sameWord(tokens[i + j] ?? "", w))) return true;
	}
	return false;
}

/** Whether the text (with its link) mentions the topic: its words in order, or run together as one word or hashtag. */
export function mentionsTopic(text: string, topic: string): boolean {
	const folded = fold(topic.replace(/^[#＃]/u, ""));
	if (folded === "") return false;
	if (unspaced.test(folded)) return fold(text).replace(/\s/gu, "").includes(folded.replace(/\s/gu, ""));
	const words = tokenize(folded);
	if (words.length === 0) return false;
	const tokens = tokenize(text);
	const joined = words.join("");
	if (containsSequence(tokens, words) || tokens.some((t) => sameWord(t, joined))) return true;
	return findHashtags(text).some((tag) => containsSequence(splitTag(tag.text.slice(1)), words));
}

/** "off_topic" (warning): the mission has topics and neither the text nor its link mentions any. */
export function offTopicFindings(text: string, mission: Mission): Finding[] {
	if (mission.topics.length === 0 || mission.topics.some((t) => mentionsTopic(text, t))) return [];
	return [
		{
			rule: "off_topic",
			severity: "warning",
			message: `None of this account's topics (${mission.topics.join(", ")}) appear in the text or link; mention one, or check this draft belongs on this account`,
		},
	];
}
