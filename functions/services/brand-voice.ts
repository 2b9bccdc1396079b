/**
 * The one policy for acting as the brand, with what it needs from storage. Every use case that makes
 * an account speak or un-speak (posts.ts, publishing.ts, retraction.ts, conversations.ts,
 * spreadsheet.ts, announcements.ts through posts.ts; the API and the pages alike) asks `speak` and
 * does what it answers; none checks roles, duty, lint or pauses on its own. The decision itself is
 * pure (domain/brand-voice.ts); here are the look-ups, the desks' double-post guard and the errors.
 */
import type { AccountRow } from "../../db/queries/accounts";
import { getWorkspace } from "../../db/queries/workspaces";
import { judgeSpeech, type Refusal, roleRefusal, type Speech, type SpeechAct, stopFor } from "../../domain/brand-voice";
import type { Finding } from "../../domain/findings";
import { followingParts, forPart } from "../../domain/post-parts";
import { ApiError, notFound } from "../errors";
import type { ServiceContext } from "./context";
import { type Linter, loadLinter } from "./lint";
import { type Refusal as DuplicateRefusal, dutyOf, loadRota, type Reservable, type Rota, releaseAll, reserveAll, reserveEach } from "./scheduling";

export type { Speech, SpeechAct } from "../../domain/brand-voice";

/** What the policy reads, once per request whatever the number of posts (a compose, an import). */
export type VoiceRules = { rota: Rota; linter: Linter | null; workspacePaused: boolean };

/** The rules for these accounts; the linter only when the request has words to check. */
export async function loadVoiceRules(ctx: ServiceContext, accountIds: string[], opts: { lint: boolean } = { lint: true }): Promise<VoiceRules> {
	const [rota, linter, ws] = await Promise.all([
		loadRota(ctx.db, ctx.actor.workspaceId),
		opts.lint ? loadLinter(ctx.db, ctx.actor.workspaceId, accountIds, ctx.now) : null,
		getWorkspace(ctx.db, ctx.actor.workspaceId),
	]);
	if (!ws) throw notFound("Workspace");
	return { rota, linter, workspacePaused: ws.paused };
}

/** The words of an utterance and the compose they belong to, for the mission lint. */
export type Words = {
	body: string;
	link: string | null | undefined;
	compose: { groupId?: string; accounts: Pick<AccountRow, "id" | "network">[]; excludePostIds?: string[] };
	/** Findings from checks outside the linter (an announcement variant's facts). */
	extra?: Finding[];
	/** A thread's parts after the body and a first comment: each is linted too, and named by its field. */
	parts?: readonly string[];
	firstComment?: string | null;
};

export type Utterance = {
	act: SpeechAct;
	acc: AccountRow;
	/** The instant whose duty counts: the post's time, or now for what goes out now. */
	at: number | null;
	words?: Words;
	subject?: { authorId: string; approvalFrom: string | null; kind?: "post" | "reply" };
	allowDuplicate?: boolean;
	/** Whether the double-post guard lets a near-identical text through (the post's stored override). */
	duplicatesAllowed?: boolean;
	/** The double-post guard's reservation, for what is scheduled or sent. */
	reserve?: { postId: string; authorId: string };
};

export type Spoken = Speech & { acc: AccountRow };

/** The refusal as the API answers it (same shape for every path). */
export function refusalError(r: Refusal): ApiError {
	return new ApiError(r.status, r.code, r.message, { details: r.details });
}

/** Step 1 before anything is loaded, so a member who may not act learns that first (403, not a 422 about a field). */
export function assertMay(ctx: ServiceContext, act: SpeechAct, subject?: { authorId: string }, allowDuplicate?: boolean): void {
	const refusal = roleRefusal(ctx.actor, act, subject, allowDuplicate);
	if (refusal) throw refusalError(refusal);
}

type Judged = { ok: true; spoken: Spoken } | { ok: false; step: "role" | "policy" | "lint"; refusal: Refusal };

function judgeOne(ctx: ServiceContext, rules: VoiceRules, u: Utterance): Judged {
	const { rota, linter } = rules;
	if (u.words && !linter) throw new Error("loadVoiceRules was asked for no linter, but the request has words to check");
	const lintFindings =
		u.words && linter
			? [
					...linter.lint(u.acc, u.words.body, u.words.link, u.words.compose),
					...(u.words.extra ?? []),
					// The whole thread speaks for the account: every part and the comment pass the same lint.
					...followingParts(u.words.parts ?? [], u.words.firstComment ?? null).flatMap((part) =>
						forPart(linter.lintPart(u.acc, part.text), part.field, part.label),
					),
				]
			: undefined;
	const verdict = judgeSpeech({
		act: u.act,
		actor: ctx.actor,
		account: u.acc,
		duty: u.at === null || u.act === "draft" ? null : dutyOf(rota, u.acc, u.at),
		roleOf: (id) => rota.members.get(id)?.role,
		nameOf: (id) => rota.members.get(id)?.name,
		subject: u.subject,
		findings: lintFindings,
		allowDuplicate: u.allowDuplicate,
	});
	return verdict.ok ? { ok: true, spoken: { ...verdict.speech, acc: u.acc } } : verdict;
}

/**
 * Steps 1–3 (role, posting policy, mission lint) for every utterance of one request; throws the first
 * refusal. Lint refusals of a compose to several accounts become one 422 naming every account's errors.
 */
export function judge(ctx: ServiceContext, rules: VoiceRules, utterances: Utterance[]): Spoken[] {
	const judged = utterances.map((u) => judgeOne(ctx, rules, u));
	const refused = judged.flatMap((j, i) => (j.ok ? [] : [{ ...j, u: utterances[i]! }]));
	const first = refused.find((r) => r.step !== "lint") ?? refused[0];
	if (first && first.step !== "lint") throw refusalError(first.refusal);
	if (first) throw lintError(refused.map((r) => ({ u: r.u, findings: (r.refusal.details?.findings ?? []) as Finding[] })));
	return judged.map((j) => (j as { spoken: Spoken }).spoken);
}

const verbOf: Partial<Record<SpeechAct, string>> = { reply: "Cannot send", approve_reply: "Cannot send", publish_now: "Cannot publish" };

/**
 * 422 lint_failed with every account's errors, each naming its account. An announcement variant that
 * drops or changes one of its facts answers 422 fact_changed instead, as API.md has it.
 */
function lintError(refused: { u: Utterance; findings: Finding[] }[]): ApiError {
	const errors = refused.flatMap(({ u, findings }) => findings.filter((f) => f.severity === "error").map((f) => ({ ...f, accountId: u.acc.id })));
	const first = errors[0]!;
	const fact = errors.find((f) => f.rule === "fact_missing" || f.rule === "fact_changed") as (Finding & { fact?: unknown; found?: unknown }) | undefined;
	if (fact)
		return new ApiError(422, "fact_changed", fact.message, {
			details: { fact: fact.fact, found: fact.found ?? null, findings: errors.filter((f) => f.rule.startsWith("fact_")) },
		});
	const u = refused[0]!.u;
	return new ApiError(422, "lint_failed", `${verbOf[u.act] ?? "Cannot schedule"}: ${first.message} (${u.acc.handle})`, { details: { findings: errors } });
}

/**
 * Every step, for one or more utterances (one compose, or one act): role, policy and lint for all
 * first, then the double-post guard (all reserved or none), then pause and emergency stop. A refusal
 * at the last step gives the reservations back.
 */
export async function speak(ctx: ServiceContext, rules: VoiceRules, utterances: Utterance[]): Promise<Spoken[]> {
	const spoken = judge(ctx, rules, utterances);
	await settle(ctx, rules, utterances, spoken);
	return spoken;
}

/** Steps 4–5 for utterances `judge` accepted (a compose planned first, saved after). */
export async function settle(ctx: ServiceContext, rules: VoiceRules, utterances: Utterance[], spoken: Spoken[]): Promise<Reservable[]> {
	const reservations = guarded(utterances, spoken);
	if (reservations.length)
		await reserveAll(
			ctx.desks,
			ctx.db,
			rules.rota,
			reservations,
			utterances.some((u) => u.duplicatesAllowed),
			ctx.now,
		);
	for (const s of spoken) {
		const stop = stopFor(s.outcome, {
			workspacePaused: rules.workspacePaused,
			accountPaused: s.acc.paused,
			needsReconnect: s.acc.needsReconnect,
			handle: s.acc.handle,
		});
		if (stop) {
			await releaseAll(ctx.desks, reservations);
			throw refusalError(stop);
		}
	}
	return reservations;
}

/**
 * Steps 4–5 for a spreadsheet import, which reports every row: the double-post guard for all rows at
 * once, each refusal named by its index (nothing reserved if any is refused). Imports only schedule,
 * and what is scheduled waits for a pause to end, so step 5 never refuses a row.
 */
export async function guardEach(
	ctx: ServiceContext,
	rules: VoiceRules,
	items: { utterance: Utterance; spoken: Spoken }[],
): Promise<{ reservations: Reservable[]; refusals: DuplicateRefusal[] }> {
	const reservations = guarded(
		items.map((i) => i.utterance),
		items.map((i) => i.spoken),
	);
	const refusals = await reserveEach(ctx.desks, ctx.db, rules.rota, reservations, ctx.now);
	return { reservations, refusals };
}

/** What the double-post guard reserves: the words of whatever will be on the calendar or sent. */
function guarded(utterances: Utterance[], spoken: Spoken[]): Reservable[] {
	return utterances.flatMap((u, i) => {
		const s = spoken[i]!;
		if (!u.reserve || !u.words || s.outcome === "draft" || s.outcome === "none") return [];
		return [{ acc: u.acc, postId: u.reserve.postId, body: u.words.body, link: u.words.link ?? null, at: u.at ?? 0, authorId: u.reserve.authorId }];
	});
}
