import { describe, expect, it } from "vitest";
import { linkState } from "../../domain/access-links";
import { eventKey, excerpt, type NotifyEvent, recipientsOf, render, type TeamMember } from "../../domain/notifications";
import { devMailboxEnabled } from "../../functions/mail/send";

const members: TeamMember[] = [
	{ id: "own", role: "owner" },
	{ id: "man", role: "manager" },
	{ id: "aut", role: "author" },
	{ id: "ana", role: "analyst" },
];
const post = { authorId: "aut", approvalFrom: null, responsibleId: "man" };

describe("who is notified", () => {
	it("approval: the one approver it waits for, else every owner and manager, never the author", () => {
		const e: NotifyEvent = { kind: "approval_needed", postId: "p", revision: 1, authorId: "aut", approvalFrom: null };
		expect(recipientsOf(e, { members, post })).toEqual(["own", "man"]);
		expect(recipientsOf({ ...e, approvalFrom: "man" }, { members, post })).toEqual(["man"]);
		expect(recipientsOf({ ...e, authorId: "man" }, { members, post })).toEqual(["own"]);
	});

	it("failures reach the author and the responsible member once; a member who left gets nothing", () => {
		const e: NotifyEvent = { kind: "post_failed", postId: "p", revision: 3, reason: "x" };
		expect(recipientsOf(e, { members, post })).toEqual(["aut", "man"]);
		expect(recipientsOf(e, { members, post: { ...post, responsibleId: "aut" } })).toEqual(["aut"]);
		expect(recipientsOf(e, { members: members.filter((m) => m.id !== "aut"), post })).toEqual(["man"]);
	});

	it("rejections reach the author, not the reviewer; hand-offs the new owner, not whoever handed it", () => {
		expect(recipientsOf({ kind: "post_rejected", postId: "p", revision: 2, verdict: "rejected", reason: "r", by: "man" }, { members, post })).toEqual(["aut"]);
		expect(recipientsOf({ kind: "conversation_assigned", conversationId: "c", to: "man", by: "man", at: 1 }, { members })).toEqual([]);
		expect(recipientsOf({ kind: "conversation_assigned", conversationId: "c", to: "aut", by: "man", at: 1 }, { members })).toEqual(["aut"]);
	});

	it("unanswered: whoever is on shift and the owner; else the account owner; else owners and managers", () => {
		const e: NotifyEvent = { kind: "conversation_unanswered", conversationId: "c", accountId: "a", lastInboundAt: 5 };
		expect(recipientsOf(e, { members, onDuty: ["aut"], conversationOwner: "man" })).toEqual(["aut", "man"]);
		expect(recipientsOf(e, { members, onDuty: [], conversationOwner: null, account: { ownerId: "ana" } })).toEqual(["ana"]);
		expect(recipientsOf(e, { members, onDuty: [], conversationOwner: null, account: { ownerId: null } })).toEqual(["own", "man"]);
	});

	it("duty gaps reach the account's owner, or every owner and manager; reports the listed members", () => {
		const gap: NotifyEvent = { kind: "duty_gap", accountId: "a", from: 1, to: 2 };
		expect(recipientsOf(gap, { members, account: { ownerId: "aut" } })).toEqual(["aut"]);
		expect(recipientsOf(gap, { members, account: { ownerId: null } })).toEqual(["own", "man"]);
		expect(recipientsOf({ kind: "report_ready", reportRunId: "r", name: "Weekly", memberIds: ["ana", "ghost"] }, { members })).toEqual(["ana"]);
	});
});

describe("event keys and texts", () => {
	it("one key per event: a new revision or a new inbound message is a new event", () => {
		const a: NotifyEvent = { kind: "approval_needed", postId: "p", revision: 1, authorId: "aut", approvalFrom: null };
		expect(eventKey(a)).toBe("approval_needed:p:1");
		expect(eventKey({ ...a, revision: 2 })).not.toBe(eventKey(a));
		expect(eventKey({ kind: "conversation_unanswered", conversationId: "c", accountId: "a", lastInboundAt: 7 })).toBe("conversation_unanswered:c:7");
	});

	it("say what happened and link to it", () => {
		const text = render(
			{ kind: "post_rejected", postId: "p", revision: 2, verdict: "changes_requested", reason: "Add the date", by: "man" },
			{ postExcerpt: "Hello", actorName: "Mia", formatTime: String },
		);
		expect(text).toEqual({ title: "Changes requested on your post", body: "Mia asked for changes to “Hello”: Add the date", link: "/posts/p" });
		expect(render({ kind: "report_ready", reportRunId: "r1", name: "Weekly" }, { formatTime: String }).link).toBe("/report-runs/r1");
		expect(excerpt("a\n b   c", 80)).toBe("a b c");
		expect(excerpt("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
	});
});

describe("links and the dev mailbox", () => {
	it("a link is pending until used, withdrawn or expired", () => {
		expect(linkState({ expiresAt: 10 }, 5)).toBe("pending");
		expect(linkState({ expiresAt: 10 }, 10)).toBe("expired");
		expect(linkState({ expiresAt: 10, acceptedAt: 3 }, 20)).toBe("accepted");
		expect(linkState({ expiresAt: 10, revokedAt: 3 }, 5)).toBe("revoked");
	});

	it("the dev mailbox exists only locally and in tests", () => {
		expect(devMailboxEnabled({ CHORUS_ENV: "local" })).toBe(true);
		expect(devMailboxEnabled({ CHORUS_ENV: "test" })).toBe(true);
		expect(devMailboxEnabled({ CHORUS_ENV: "production" })).toBe(false);
	});
});
