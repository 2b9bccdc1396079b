/**
 * An account's mission: what it is for and the house rules its drafts are linted against
 * (domain/lint.ts). The workspace sets one mission; each account may override parts of it.
 */
export type Mission = {
	purpose: string;
	audience: string;
	/** Subjects the account posts about; a draft mentioning none of them gets an "off_topic" warning. Empty: no check. */
	topics: string[];
	/** Notes on tone for authors; shown, not linted. */
	voice: string;
	/** Phrases a draft must not contain (case- and diacritic-insensitive, whole phrase). */
	bannedPhrases: string[];
	/** Hosts links may point to, each including its subdomains. Empty: every domain is allowed. */
	allowedLinkDomains: string[];
	/** Largest share, 0…1, of broadcast posts (announcements, promotions) among the account's recent posts. 1: no check. */
	maxBroadcastShare: number;
	/** Most hashtags per post, or null for no limit (the stuffing warnings still apply). */
	maxHashtags: number | null;
	/** Most distinct @mentions per post, or null for no limit. */
	maxMentions: number | null;
};

/** Permissive: no topics, bans, domain list or limits; broadcasts may be all of an account's posts. */
export const defaultMission: Mission = {
	purpose: "",
	audience: "",
	topics: [],
	voice: "",
	bannedPhrases: [],
	allowedLinkDomains: [],
	maxBroadcastShare: 1,
	maxHashtags: null,
	maxMentions: null,
};

const keys = Object.keys(defaultMission) as (keyof Mission)[];
const nullable = new Set<keyof Mission>(["maxHashtags", "maxMentions"]);

/**
 * The mission an account works under: the workspace's, with every field the override sets replacing it.
 *
 * - A field that is absent (or `undefined`) in the override keeps the workspace's value.
 * - Lists replace, they do not merge: an override's `bannedPhrases: ["cheap"]` is the account's whole
 *   list, so an override that wants to add to the workspace's list repeats it. `[]` clears the list for
 *   the account (no topics: no off-topic check; no allowed domains: every domain allowed).
 * - `maxHashtags: null` / `maxMentions: null` in the override lift the workspace's limit; `null` in any
 *   other field counts as absent.
 *
 * The result is tidied by `normalizeMission`.
 */
export function mergeMission(workspace: Mission, override: Partial<Mission> | null): Mission {
	const merged: Record<string, unknown> = { ...workspace };
	if (override) {
		for (const key of keys) {
			const value = override[key];
			// null only means something for the limits ("no limit"); elsewhere it is treated as absent.
			if (value === undefined || (value === null && !nullable.has(key))) continue;
			merged[key] = value;
		}
	}
	return normalizeMission(merged as Mission);
}

/**
 * Trims texts; drops empty and repeated (case-insensitive) list entries; reduces allowed domains to
 * lower-case hosts ("https://www.Example.com/path" → "example.com"); clamps the broadcast share to 0…1
 * and the limits to whole numbers ≥ 0.
 */
export function normalizeMission(mission: Mission): Mission {
	return {
		purpose: mission.purpose.trim(),
		audience: mission.audience.trim(),
		topics: uniqueList(mission.topics),
		voice: mission.voice.trim(),
		bannedPhrases: uniqueList(mission.bannedPhrases),
		allowedLinkDomains: uniqueList(mission.allowedLinkDomains.map(normalizeDomain)),
		maxBroadcastShare: Number.isFinite(mission.maxBroadcastShare) ? Math.min(1, Math.max(0, mission.maxBroadcastShare)) : 1,
		maxHashtags: limit(mission.maxHashtags),
		maxMentions: limit(mission.maxMentions),
	};
}

/** "https://www.Example.com:8080/x" → "example.com"; "*.example.com" → "example.com". */
export function normalizeDomain(domain: string): string {
	const bare = domain
		.trim()
		.toLowerCase()
		.replace(/^[a-z][a-z0-9+.-]*:\/\//u, "")
		.replace(/[/?#].*$/u, "")
		.replace(/^\*?\./u, "")
		.replace(/\.$/u, "");
	if (bare === "") return "";
	let host = bare;
	try {
		host = new URL(`https://${bare}`).hostname; // punycode for internationalised domains
	} catch {
		// keep the lower-cased text; it simply matches no link
	}
	return host.replace(/^www\./u, "");
}

function uniqueList(list: readonly string[]): string[] {
	const seen = new Set<string>();
	const result: string[] = [];
	for (const item of list) {
		const text = item.trim();
		const key = text.toLowerCase();
		if (text === "" || seen.has(key)) continue;
		seen.add(key);
		result.push(text);
	}
	return result;
}

function limit(value: number | null): number | null {
	if (value === null || !Number.isFinite(value)) return null;
	return Math.max(0, Math.floor(value));
}
