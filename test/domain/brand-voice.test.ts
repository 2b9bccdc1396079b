import { describe, expect, it } from "vitest";
import { judgeSpeech, type SpeechRequest, stopFor } from "../../domain/brand-voice";
import type { Role } from "../../domain/permissions";

const roles: Record<string, Role> = { olive: "owner", mona: "manager", max: "manager", ari: "author", ana: "analyst" };
const base = (over: Partial<SpeechRequest>): SpeechRequest => ({
	act: "schedule",
	actor: { id: "mona", role: "manager" },
	account: { handle: "@shop" },
	duty: { responsible: null, reason: "open" },
	roleOf: (id) => roles[id],
	nameOf: (id) => ({ olive: "Olive", mona: "Mona", max: "Max", ari: "Ari" })[id],
	...over,
});
const banned = [{ rule: "banned_phrase", severity: "error" as const, message: '"free money" is a banned phrase' }];

describe("judgeSpeech: role, then posting policy, then lint", () => {
	it("refuses by role first, whatever the policy or the words", () => {
		const j = judgeSpeech(base({ act: "reply", actor: { id: "ana", role: "analyst" }, duty: { responsible: "mona", reason: "owner" }, findings: banned }));
		expect(j).toMatchObject({ ok: false, step: "role", refusal: { status: 403, message: "An analyst may not write drafts" } });
	});

	it("a reply goes out where the replier answers for the account (or nobody does), and waits elsewhere", () => {
		expect(judgeSpeech(base({ act: "reply", actor: { id: "ari", role: "author" } }))).toMatchObject({ ok: true, speech: { outcome: "send" } });
		expect(judgeSpeech(base({ act: "reply", actor: { id: "ari", role: "author" }, duty: { responsible: "ari", reason: "shift" } }))).toMatchObject({
			ok: true,
			speech: { outcome: "send" },
		});
		expect(judgeSpeech(base({ act: "reply", actor: { id: "ari", role: "author" }, duty: { responsible: "mona", reason: "owner" } }))).toMatchObject({
			ok: true,
			speech: { outcome: "pending_approval", approvalFrom: "mona", responsibleId: "mona" },
		});
		// Responsible but unable to approve: any manager decides.
		expect(judgeSpeech(base({ act: "reply", duty: { responsible: "ari", reason: "shift" } }))).toMatchObject({
			ok: true,
			speech: { outcome: "pending_approval", approvalFrom: null },
		});
		const gap = judgeSpeech(base({ act: "reply", duty: { responsible: null, reason: "gap" } }));
		expect(gap).toMatchObject({ ok: true, speech: { outcome: "send", findings: [{ rule: "duty_gap", severity: "warning" }] } });
	});

	it("a reply that breaks the mission lint is refused 422 naming the rule, after role and policy", () => {
		const j = judgeSpeech(base({ act: "reply", duty: { responsible: "mona", reason: "owner" }, findings: banned }));
		expect(j).toMatchObject({ ok: false, step: "lint", refusal: { status: 422, code: "lint_failed", details: { findings: banned } } });
		// A draft keeps its findings without being refused.
		expect(judgeSpeech(base({ act: "draft", findings: banned }))).toMatchObject({ ok: true, speech: { outcome: "draft", findings: banned } });
	});

	it("publish-now, approve and reject respect whom a post waits for; only an owner steps in", () => {
		const waiting = { authorId: "ari", approvalFrom: "mona" };
		for (const act of ["publish_now", "approve", "reject", "approve_reply"] as const) {
			const j = judgeSpeech(base({ act, actor: { id: "max", role: "manager" }, subject: waiting, duty: { responsible: null, reason: "gap" } }));
			expect(j, act).toMatchObject({ ok: false, step: "policy", refusal: { status: 403, details: { responsible: { id: "mona", name: "Mona" } } } });
		}
		expect(judgeSpeech(base({ act: "approve", actor: { id: "olive", role: "owner" }, subject: waiting })).ok).toBe(true);
		expect(
			judgeSpeech(base({ act: "publish_now", actor: { id: "mona", role: "manager" }, subject: waiting, duty: { responsible: null, reason: "gap" } })).ok,
		).toBe(true);
	});

	it("sending or retracting now needs whoever answers for the account now, owners included", () => {
		for (const act of ["publish_now", "retract"] as const) {
			const j = judgeSpeech(
				base({ act, actor: { id: "olive", role: "owner" }, subject: { authorId: "ari", approvalFrom: null }, duty: { responsible: "mona", reason: "shift" } }),
			);
			expect(j, act).toMatchObject({ ok: false, step: "policy", refusal: { message: "Mona is responsible for @shop now (shift)" } });
		}
	});

	it("authors touch only their own posts; the duplicate override is for those who approve", () => {
		expect(judgeSpeech(base({ act: "cancel", actor: { id: "ari", role: "author" }, subject: { authorId: "max", approvalFrom: null } }))).toMatchObject({
			ok: false,
			step: "role",
		});
		expect(judgeSpeech(base({ act: "cancel", actor: { id: "ari", role: "author" }, subject: { authorId: "ari", approvalFrom: null } })).ok).toBe(true);
		expect(judgeSpeech(base({ actor: { id: "ari", role: "author" }, allowDuplicate: true }))).toMatchObject({
			ok: false,
			step: "role",
			refusal: { details: { needs: "approve" } },
		});
	});
});

describe("stopFor: pause and emergency stop", () => {
	const running = { workspacePaused: false, accountPaused: false, needsReconnect: false, handle: "@shop" };
	it("refuses only what would go out now", () => {
		expect(stopFor("send", { ...running, workspacePaused: true })).toMatchObject({ status: 409, code: "workspace_paused" });
		expect(stopFor("send", { ...running, accountPaused: true })).toMatchObject({ status: 409, code: "account_paused" });
		expect(stopFor("send", running)).toBeNull();
		// A scheduled post waits for the resume instead; a waiting reply is not sent yet.
		expect(stopFor("scheduled", { ...running, workspacePaused: true })).toBeNull();
		expect(stopFor("pending_approval", { ...running, workspacePaused: true })).toBeNull();
	});
});
