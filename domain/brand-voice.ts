/**
 * Acting as the brand: the one decision behind every path that makes an account speak or un-speak
 * (create, edit, import, announcement, approve, reject, publish-now, cancel, retract, and a
 * conversation's replies and their approval). The steps run in this order, and the first that
 * refuses answers:
 *
 *   1. role            what the member's role allows at all (domain/permissions.ts);
 *   2. posting policy  who answers for the account (owner / shift / open, domain/responsibility.ts),
 *                      and whose approval a waiting post or reply waits for;
 *   3. mission lint    errors in the words (banned phrases, link domains, length, facts…);
 *   4. duplicate guard kept in each account's AccountDesk (side effects: the service runs it);
 *   5. pause and emergency stop, for what would go out now.
 *
 * Steps 1–3 are `judgeSpeech`, step 5 is `stopFor`; functions/services/brand-voice.ts runs all five.
 */
import { type Finding, hasErrors } from "./findings";
import { can, type Permission, permissionWords, type Role } from "./permissions";
import { type DutyAnswer, decideSchedule } from "./responsibility";

export type SpeechAct =
	/** Words saved that do not go out (a draft, or a post taken back to draft). */
	| "draft"
	/** A post put on the calendar: created, edited, imported, or an announcement's. */
	| "schedule"
	/** A waiting post approved onto the calendar. */
	| "approve"
	/** A waiting post or reply sent back (rejected, changes requested). */
	| "reject"
	/** A post sent to the network now. */
	| "publish_now"
	/** A post taken off the calendar before it went out. */
	| "cancel"
	/** A published post deleted on the network. */
	| "retract"
	/** A reply to a conversation: sent now, or waiting for the responsible member. */
	| "reply"
	/** A waiting reply approved: it goes out now. */
	| "approve_reply";

export type Refusal = { status: 403 | 409 | 422; code: string; message: string; details?: Record<string, unknown> };

export type SpeechRequest = {
	act: SpeechAct;
	actor: { id: string; role: Role };
	account: { handle: string };
	/** Who answers for the account at the instant that counts (the post's time, or now); null when nothing goes out. */
	duty: DutyAnswer | null;
	roleOf: (memberId: string) => Role | undefined;
	nameOf: (memberId: string) => string | undefined;
	/** The post or reply acted on, when there is one. */
	subject?: { authorId: string; approvalFrom: string | null; kind?: "post" | "reply" };
	/** The mission lint's findings on the words (none for acts that say nothing new). */
	findings?: Finding[];
	/** A manager's override of the double-post guard. */
	allowDuplicate?: boolean;
};

/** What the account will do: go on the calendar, wait for approval, go out now, or nothing new. */
export type Speech = {
	outcome: "draft" | "scheduled" | "pending_approval" | "send" | "none";
	/** Whose approval it waits for; null means any manager or owner. */
	approvalFrom: string | null;
	/** Who answers for the account at that instant. */
	responsibleId: string | null;
	findings: Finding[];
};

export type Judgement = { ok: true; speech: Speech } | { ok: false; step: "role" | "policy" | "lint"; refusal: Refusal };

/** The permission each act needs. */
const needs: Record<SpeechAct, Permission> = {
	draft: "draft",
	schedule: "draft", // an author's post is scheduled as pending_approval (step 2)
	cancel: "draft",
	reply: "draft", // an author's reply goes out or waits, by the account's policy (step 2)
	approve: "approve",
	reject: "approve",
	publish_now: "approve",
	retract: "approve",
	approve_reply: "approve",
};

/** Acts on someone else's post that an author may not do (managers and owners may). */
const ownPostOnly: SpeechAct[] = ["draft", "schedule", "cancel"];

/** Acts whose words must pass the mission lint. Drafts keep their findings without being refused. */
const linted: SpeechAct[] = ["schedule", "publish_now", "reply", "approve_reply"];

const refuse = (step: "role" | "policy" | "lint", refusal: Refusal): Judgement => ({ ok: false, step, refusal });

const forbidden = (message: string, details?: Record<string, unknown>): Refusal => ({ status: 403, code: "forbidden", message, details });

/** Step 1 alone, so a use case can refuse before it loads anything (and judgeSpeech repeats it). */
export function roleRefusal(actor: { id: string; role: Role }, act: SpeechAct, subject?: { authorId: string }, allowDuplicate?: boolean): Refusal | null {
	const permission = needs[act];
	const article = /^[aeiou]/.test(actor.role) ? "An" : "A";
	if (!can(actor.role, permission))
		return forbidden(`${article} ${actor.role} may not ${permissionWords[permission]}`, { role: actor.role, needs: permission });
	if (ownPostOnly.includes(act) && subject && subject.authorId !== actor.id && !can(actor.role, "approve")) {
		return forbidden("Authors may only change their own posts", { role: actor.role, needs: "approve" });
	}
	if (allowDuplicate && !can(actor.role, "approve"))
		return forbidden(`${article} ${actor.role} may not ${permissionWords.approve}`, { role: actor.role, needs: "approve" });
	return null;
}

export function judgeSpeech(r: SpeechRequest): Judgement {
	const { act, actor, subject } = r;
	const findings = r.findings ?? [];
	const ref = (id: string | null) => (id ? { id, name: r.nameOf(id) ?? "(former member)" } : null);

	// 1. Role.
	const role = roleRefusal(actor, act, subject, r.allowDuplicate);
	if (role) return refuse("role", role);

	// 2. The account's posting policy.
	let speech: Speech = { outcome: "none", approvalFrom: null, responsibleId: r.duty?.responsible ?? null, findings };
	// Whoever a waiting post or reply waits for decides it (or an owner, who answers for everything).
	if (
		(act === "approve" || act === "reject" || act === "publish_now" || act === "approve_reply") &&
		subject?.approvalFrom &&
		subject.approvalFrom !== actor.id &&
		actor.role !== "owner"
	) {
		const responsible = ref(subject.approvalFrom);
		return refuse(
			"policy",
			forbidden(`This ${act === "approve_reply" || subject.kind === "reply" ? "reply" : "post"} waits for ${responsible?.name}'s approval`, { responsible }),
		);
	}
	// Whoever answers for the account right now is the only one who may make it speak (or unspeak) now.
	if ((act === "publish_now" || act === "retract") && r.duty?.responsible && r.duty.responsible !== actor.id) {
		const responsible = ref(r.duty.responsible);
		return refuse(
			"policy",
			forbidden(`${responsible?.name} is responsible for ${r.account.handle} now (${r.duty.reason})`, { responsible, reason: r.duty.reason }),
		);
	}
	if (act === "draft") speech = { ...speech, outcome: "draft" };
	if (act === "schedule" && r.duty) {
		const decision = decideSchedule(actor, r.duty, r.roleOf);
		speech = {
			outcome: decision.status,
			approvalFrom: decision.approvalFrom,
			responsibleId: decision.responsibleId,
			findings: [...findings, ...decision.findings],
		};
	}
	if (act === "approve") speech = { ...speech, outcome: "scheduled" };
	if (act === "publish_now" || act === "approve_reply") speech = { ...speech, outcome: "send" };
	if (act === "reply" && r.duty) {
		const decided = replyPolicy(actor, r.duty, r.roleOf);
		speech = { ...decided, findings: [...findings, ...decided.findings] };
	}

	// 3. The mission lint, on what would be scheduled or sent.
	if (linted.includes(act) && speech.outcome !== "draft" && hasErrors(speech.findings)) {
		const first = speech.findings.find((f) => f.severity === "error")!;
		return refuse("lint", { status: 422, code: "lint_failed", message: first.message, details: { findings: speech.findings } });
	}
	return { ok: true, speech };
}

/**
 * Replies are conversation, not broadcast: on an open account, or in one's own responsibility (or a
 * gap in the rota), a member who may draft answers directly. Into someone else's responsibility the
 * reply waits for that member's approval, or any manager's when they may not approve.
 */
function replyPolicy(actor: { id: string; role: Role }, duty: DutyAnswer, roleOf: (id: string) => Role | undefined): Speech {
	if (duty.reason === "open" || duty.responsible === null || duty.responsible === actor.id) {
		const gap: Finding[] = duty.reason === "gap" ? [{ rule: "duty_gap", severity: "warning", message: "Nobody is on duty for this account now" }] : [];
		return { outcome: "send", approvalFrom: null, responsibleId: duty.responsible, findings: gap };
	}
	const responsibleRole = roleOf(duty.responsible);
	return {
		outcome: "pending_approval",
		approvalFrom: responsibleRole && can(responsibleRole, "approve") ? duty.responsible : null,
		responsibleId: duty.responsible,
		findings: [],
	};
}

export type Stops = { workspacePaused: boolean; accountPaused: boolean; needsReconnect: boolean; handle: string };

/**
 * Step 5: the emergency stop and the account's pause. Only what goes out now is refused; a post put on
 * the calendar waits for the resume instead (DESIGN.md), and what is taken back is never stopped.
 */
export function stopFor(outcome: Speech["outcome"], s: Stops): Refusal | null {
	if (outcome !== "send") return null;
	if (s.workspacePaused) return { status: 409, code: "workspace_paused", message: "Publishing is stopped for the whole workspace; resume it to publish" };
	if (s.accountPaused) return { status: 409, code: "account_paused", message: `${s.handle} is paused; unpause it to publish` };
	if (s.needsReconnect) return { status: 409, code: "needs_reconnect", message: `${s.handle} needs reconnecting before it can publish` };
	return null;
}
