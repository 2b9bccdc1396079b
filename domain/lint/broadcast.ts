/**
 * Broadcast posts (announcements and promotions) and the mission's cap on their share of an account's
 * recent posts: an account should not be only a broadcast mechanism.
 */

import { extractFacts } from "../facts";
import type { Finding } from "../findings";
import type { Mission } from "../mission";
import { composeText } from "../text-length";
import { findLinks, fold, hostOf } from "./text";

/** Cue words and phrases, matched whole in the folded text (lower case, no accents). */
const cues = [
	// English
	"buy",
	"buy now",
	"shop now",
	"order now",
	"pre-?order",
	"on sale",
	"sale",
	"discount(?:s|ed)?",
	"promo(?:tion)?s?",
	"promo code",
	"coupon",
	"free shipping",
	"limited[- ]time",
	"special offer",
	"offer ends",
	"launch(?:es|ed|ing)?",
	"announc(?:e|es|ed|ing|ement|ements)",
	"introducing",
	"available now",
	"now available",
	"out now",
	"new release",
	"just released",
	"register now",
	"registration (?:is )?open",
	"sign up",
	"signup",
	"subscribe",
	"early bird",
	"get (?:yours|your tickets|tickets)",
	"tickets (?:are )?(?:on sale|available)",
	"book now",
	"download now",
	"last chance",
	"don'?t miss",
	// German
	"jetzt kaufen",
	"kaufen",
	"angebote?",
	"rabatte?",
	"reduziert",
	"gutschein",
	"jetzt erhaltlich",
	"ab sofort erhaltlich",
	"neu erschienen",
	"jetzt anmelden",
	"anmelden",
	"registrieren",
	"vorbestellen",
	"ankundigung",
	// French
	"acheter",
	"soldes",
	"reduction",
	"remises?",
	"offres? speciales?",
	"lancement",
	"inscrivez-vous",
	"precommande",
	"disponible des maintenant",
	// Spanish
	"comprar",
	"ofertas?",
	"descuentos?",
	"rebajas",
	"lanzamiento",
	"ya disponible",
	"disponible ya",
	"registrate",
	"inscribete",
	"preventa",
];
const cueRe = new RegExp(`(?<![\\p{L}\\p{N}])(?:${cues.join("|")})(?![\\p{L}\\p{N}])`, "u");
/** "20% off", "-30 %", "50 % de descuento". */
const percentOffRe = /\d\s?%\s?(?:off|rabatt|de descuento|de reduction)|(?<![\p{L}\p{N}])-\s?\d+\s?%/u;
/** Japanese and Chinese cues, matched anywhere. */
const cjkCues = /発売|セール|割引|予約|販売|新登場|購入|キャンペーン|限定|优惠|折扣|促销|上市/u;

const shopSegments = new Set(
	"shop store buy checkout cart product products pricing deals sale sales offers tickets register signup order preorder pre-order kaufen tienda boutique".split(
		" ",
	),
);
const shopHosts = /(?:^|\.)(?:amazon\.[a-z.]+|amzn\.to|etsy\.com|gumroad\.com|myshopify\.com|ebay\.[a-z.]+|eventbrite\.[a-z.]+)$/u;

function isShopLink(url: string): boolean {
	const host = hostOf(url);
	if (host === null) return false;
	if (shopHosts.test(host) || /^(?:shop|store|buy|tickets)\./u.test(host)) return true;
	const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\//iu, "").replace(/^[^/?#]*/u, "");
	return path.split(/[/?#]/u).some((segment) => shopSegments.has(segment.toLowerCase()));
}

/**
 * Whether a post is a broadcast, an announcement or a promotion rather than conversation. Cues:
 * - words like "buy", "sale", "discount", "launch", "announcing", "introducing", "available now",
 *   "new release", "register now", "sign up", "early bird" (and German, French, Spanish,
 *   Japanese and Chinese equivalents: "jetzt kaufen", "Rabatt", "soldes", "oferta", "発売", "セール"…);
 * - "20% off", "-30%";
 * - a price ("$10", "9,99 €");
 * - a link to a shop: a path segment such as /shop, /store, /buy, /checkout, /cart, /products, /pricing,
 *   /tickets, /register, a host like shop.example.com, or a marketplace (Amazon, Etsy, Gumroad, Shopify,
 *   eBay, Eventbrite).
 */
export function isBroadcast(body: string, link?: string | null): boolean {
	const text = composeText(body, link);
	const folded = fold(text);
	if (cueRe.test(folded) || percentOffRe.test(folded) || cjkCues.test(text)) return true;
	if (extractFacts(text).some((f) => f.kind === "price")) return true;
	return findLinks(text).some((l) => isShopLink(l.text));
}

export type SharePost = { broadcast: boolean; accountId: string; groupId: string };

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * "broadcast_share" (warning): this post is a broadcast and, counting it, broadcasts would be more than
 * the mission's share of the account's recent posts. Posts of the same compose (an edit re-linting its
 * own group) are left out so the draft is counted once.
 */
export function broadcastShareFindings(
	input: { body: string; link?: string | null; accountId: string; groupId?: string; mission: Mission },
	recentPosts: readonly SharePost[],
): Finding[] {
	const max = input.mission.maxBroadcastShare;
	if (max >= 1 || !isBroadcast(input.body, input.link)) return [];
	const own = recentPosts.filter((p) => p.accountId === input.accountId && (input.groupId === undefined || p.groupId !== input.groupId));
	const broadcasts = own.filter((p) => p.broadcast).length + 1;
	const total = own.length + 1;
	if (broadcasts / total <= max) return [];
	return [
		{
			rule: "broadcast_share",
			severity: "warning",
			message: `This reads as a broadcast (announcement or promotion): counting it, ${broadcasts} of ${total} recent posts on this account would be broadcasts (${percent(broadcasts / total)}), above the mission's ${percent(max)}. Mix in conversation or useful content, or schedule it later.`,
		},
	];
}
