/**
 * The mission editor's form: a mission as the fields show it (lists one per line, the broadcast share as
 * a percentage, an empty limit for "no limit") and back. Validation is the API's own schema
 * (functions/services/missions.ts); only what a text field cannot say as JSON is checked here.
 */
import type { Mission } from "../domain/mission";
import { ApiError, type Issue } from "../functions/errors";
import { accountMissionSchema, workspaceMissionSchema } from "../functions/services/missions";
import { toIssues } from "../functions/validation";
import { excerpt } from "./format";

export const missionKeys = [
	"purpose",
	"audience",
	"topics",
	"voice",
	"bannedPhrases",
	"allowedLinkDomains",
	"maxBroadcastShare",
	"maxHashtags",
	"maxMentions",
] as const;
export type MissionKey = (typeof missionKeys)[number];

/** Every field as the form holds it: text. */
export type MissionValues = Record<MissionKey, string>;

type FieldSpec = { label: string; hint: string; kind: "text" | "list" | "percent" | "limit"; rows?: number };

export const missionSpecs: Record<MissionKey, FieldSpec> = {
	purpose: { label: "Purpose", hint: "What the accounts are for.", kind: "text", rows: 2 },
	audience: { label: "Audience", hint: "Who they talk to.", kind: "text", rows: 2 },
	topics: {
		label: "Topics",
		hint: "One per line or separated by commas. A draft mentioning none of them gets an off-topic warning; none: no check.",
		kind: "list",
		rows: 3,
	},
	voice: { label: "Voice", hint: "Notes on tone for authors; shown, not checked.", kind: "text", rows: 3 },
	bannedPhrases: { label: "Banned phrases", hint: "One per line. A draft containing one cannot be scheduled (any case or accents).", kind: "list", rows: 3 },
	allowedLinkDomains: {
		label: "Allowed link domains",
		hint: "One per line or separated by commas; subdomains included. None: links may go anywhere.",
		kind: "list",
		rows: 2,
	},
	maxBroadcastShare: {
		label: "Max broadcast share",
		hint: "Largest share of announcements and promotions among an account's recent posts, in %. 100: no check.",
		kind: "percent",
	},
	maxHashtags: { label: "Max hashtags", hint: "Per post. Empty: no limit.", kind: "limit" },
	maxMentions: { label: "Max mentions", hint: "Distinct @mentions per post. Empty: no limit.", kind: "limit" },
};

/** Topics and domains may come comma-separated; a banned phrase may itself hold a comma, so one per line. */
const splitList = (key: MissionKey, text: string) =>
	text
		.split(key === "bannedPhrases" ? /\r?\n/ : /[\r\n,]+/)
		.map((s) => s.trim())
		.filter((s) => s !== "");

const percent = (share: number) => String(Math.round(share * 1000) / 10);

/** A (partial) mission as the form shows it; what it does not set shows as the fallback's value. */
export function missionValues(mission: Partial<Mission>, fallback: Mission): MissionValues {
	const m = { ...fallback, ...Object.fromEntries(Object.entries(mission).filter(([, v]) => v !== undefined)) } as Mission;
	return {
		purpose: m.purpose,
		audience: m.audience,
		topics: m.topics.join("\n"),
		voice: m.voice,
		bannedPhrases: m.bannedPhrases.join("\n"),
		allowedLinkDomains: m.allowedLinkDomains.join("\n"),
		maxBroadcastShare: percent(m.maxBroadcastShare),
		maxHashtags: m.maxHashtags === null ? "" : String(m.maxHashtags),
		maxMentions: m.maxMentions === null ? "" : String(m.maxMentions),
	};
}

/** One field's text as the mission's value, or an issue naming the field. */
function parseField(key: MissionKey, text: string): { value: unknown } | { issue: Issue } {
	const spec = missionSpecs[key];
	const t = text.trim();
	switch (spec.kind) {
		case "text":
			return { value: text.replace(/\r\n/g, "\n").trim() };
		case "list":
			return { value: splitList(key, text) };
		case "percent": {
			if (t === "") return { value: 1 };
			const n = Number(t.replace(/%$/, "").trim().replace(",", "."));
			if (!Number.isFinite(n) || n < 0 || n > 100) return { issue: { path: [key], message: "A percentage from 0 to 100" } };
			return { value: n / 100 };
		}
		case "limit": {
			if (t === "") return { value: null };
			if (!/^\d+$/.test(t) || Number(t) > 100) return { issue: { path: [key], message: "A whole number from 0 to 100, or empty for no limit" } };
			return { value: Number(t) };
		}
	}
}

/**
 * The form's fields `keys` as the API's input, validated with the API's schema; a wrong field is the
 * same 400 validation_failed the API answers, with the form's field names as paths.
 */
export function missionInput(values: MissionValues, keys: readonly MissionKey[], scope: "workspace" | "account"): Record<string, unknown> {
	const input: Record<string, unknown> = {};
	const issues: Issue[] = [];
	for (const key of keys) {
		const parsed = parseField(key, values[key]);
		if ("issue" in parsed) issues.push(parsed.issue);
		else input[key] = parsed.value;
	}
	const schema = scope === "workspace" ? workspaceMissionSchema : accountMissionSchema;
	const checked = schema.safeParse(input);
	if (!checked.success) issues.push(...toIssues(checked.error));
	if (issues.length) throw new ApiError(400, "validation_failed", "Please correct the marked fields", { issues });
	return checked.data as Record<string, unknown>;
}

/** A field's value in words, for the read-only view and the "workspace's" hints. */
export function describe(key: MissionKey, m: Mission, max = 120): string {
	switch (key) {
		case "topics":
		case "bannedPhrases":
		case "allowedLinkDomains": {
			const list = m[key];
			if (list.length === 0) return key === "allowedLinkDomains" ? "any domain" : "none";
			return excerpt(list.join(", "), max);
		}
		case "maxBroadcastShare":
			return m.maxBroadcastShare >= 1 ? "100% (no check)" : `${percent(m.maxBroadcastShare)}%`;
		case "maxHashtags":
		case "maxMentions":
			return m[key] === null ? "no limit" : String(m[key]);
		default:
			return m[key] ? excerpt(m[key], max) : "not set";
	}
}

/** The fields an account's override sets, in form order. */
export const overriddenKeys = (override: Record<string, unknown> | null | undefined): MissionKey[] =>
	missionKeys.filter((k) => override && override[k] !== undefined && !(override[k] === null && k !== "maxHashtags" && k !== "maxMentions"));
