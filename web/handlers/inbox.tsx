/**
 * The inbox: conversations with outside users, and one conversation with its owner's actions and the
 * reply box. Every action calls the same service as /api/v1/conversations, then redirects back with a
 * banner (post/redirect/get), or shows the refusal next to the form it came from, with what was typed.
 */
import { Hono } from "hono";
import { z } from "zod";
import { getAccount, listAccounts } from "../../db/queries/accounts";
import { memberNames } from "../../db/queries/posts";
import { judgeSpeech } from "../../domain/brand-voice";
import { can } from "../../domain/permissions";
import { ApiError } from "../../functions/errors";
import { changeOwner, getConversation, listConversations, reply } from "../../functions/services/conversations";
import { approveReply, conversationsWithPendingReplies, rejectReply } from "../../functions/services/replies";
import { loadRota } from "../../functions/services/scheduling";
import type { InboxItem } from "../components/conversation-item";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { type FormErrors, field, formErrors, invalidForm, readForm } from "../form";
import { lastMessages, parseView, statusOf, tabCounts } from "../inbox";
import { ConversationPage } from "../pages/conversation";
import { InboxPage } from "../pages/inbox";
import { NotFoundPage } from "../pages/not-found";

const SHOWN = 100;

const rejectSchema = z.object({ reason: z.string().trim().min(1, "Say why it is not sent").max(2000, "At most 2,000 characters") });
const replySchema = z.object({ body: z.string().trim().min(1, "Write a reply first").max(10_000, "At most 10,000 characters") });
const handoffSchema = z.object({
	memberId: z.string().min(1, "Choose who gets it"),
	note: z.string().trim().max(2000, "At most 2,000 characters"),
});

type Extra = {
	/** The action just done, for its banner. */
	done?: string;
	/** A refused claim or release. */
	ownerError?: string;
	handoff?: { values: { memberId: string; note: string }; errors?: FormErrors };
	reply?: { body: string; errors?: FormErrors };
	/** A refused approval or rejection of a waiting reply. */
	reviewError?: string;
	status?: FormErrors["status"];
};

/**
 * A refusal in words. "Owned by someone else" names them and says what to do, so nobody has to read
 * an error code; everything else keeps the service's own message.
 */
async function tryAction<T>(run: () => Promise<T>, shown: readonly string[] = []): Promise<{ ok: T } | { errors: FormErrors }> {
	try {
		return { ok: await run() };
	} catch (err) {
		if (!(err instanceof ApiError)) throw err;
		const errors = formErrors(err, shown);
		const owner = err.extra.details?.owner as { name?: string } | undefined;
		if (err.code === "conversation_owned" && owner?.name) errors.message = `${owner.name} owns this conversation — ask them to hand it off`;
		return { errors };
	}
}

/** The conversation page, or the 404 page for an id that is not this workspace's. */
async function render(c: WebContext, id: string, extra: Extra = {}) {
	const ctx = ctxOf(c);
	const ws = c.get("workspace");
	let convo: Awaited<ReturnType<typeof getConversation>>;
	try {
		convo = await getConversation(ctx, id);
	} catch (err) {
		if (err instanceof ApiError && err.status === 404) return c.html(<NotFoundPage viewer={viewerOf(c)} what="conversation" />, 404);
		throw err;
	}
	const [account, rota] = await Promise.all([getAccount(ctx.db, ws.id, convo.accountId), loadRota(ctx.db, ws.id)]);
	const { actor } = ctx;
	const owner = convo.owner;
	const mine = owner?.id === actor.id;
	const act = can(actor.role, "draft");
	const force = can(actor.role, "approve");
	const members = [...rota.members.values()]
		.filter((m) => can(m.role, "draft") && m.id !== owner?.id)
		.map((m) => ({ id: m.id, name: m.name }))
		.sort((a, b) => a.name.localeCompare(b.name));
	const hint = !owner
		? "Nobody owns this conversation yet: sending a reply makes it yours."
		: mine
			? undefined
			: `${owner.name} owns this conversation: only they can reply until they hand it off.`;
	const replyErrors = extra.reply?.errors;
	const page = (
		<ConversationPage
			viewer={viewerOf(c)}
			// "Carol Client (@carol)" when their latest message gave a name, else the handle.
			author={convo.messages.findLast((m) => m.direction === "in")?.author ?? convo.author}
			handle={convo.author}
			account={account}
			messages={convo.messages}
			review={{
				conversationId: convo.id,
				// The same policy the service applies on the click, asked for the buttons.
				mayDecide: (m) =>
					judgeSpeech({
						act: "approve_reply",
						actor,
						account: { handle: account?.handle ?? "" },
						duty: null,
						roleOf: (memberId) => rota.members.get(memberId)?.role,
						nameOf: (memberId) => rota.members.get(memberId)?.name,
						subject: { authorId: "", approvalFrom: m.approvalFrom?.id ?? null },
					}).ok,
			}}
			correction={{ back: `/inbox/${encodeURIComponent(convo.id)}`, mayCorrect: act }}
			zone={ws.timezone}
			error={extra.reviewError}
			notice={noticeFor(
				extra.done,
				owner,
				convo.messages.findLast((m) => m.direction === "out"),
			)}
			owner={{
				conversationId: convo.id,
				owner,
				handoffNote: convo.handoffNote,
				flags: convo.flags,
				viewerId: actor.id,
				members,
				may: { act, force, claim: act && !owner, release: act && !!owner && (mine || force), handoff: act && (!owner || mine || force) },
				error: extra.ownerError,
				handoff: extra.handoff && {
					values: extra.handoff.values,
					errors: extra.handoff.errors?.fields,
					// A field's own message sits next to it; only a refusal about no field is said here.
					message: extra.handoff.errors && Object.keys(extra.handoff.errors.fields).length === 0 ? extra.handoff.errors.message : undefined,
				},
			}}
			reply={
				act
					? {
							body: extra.reply?.body ?? "",
							hint,
							error: replyErrors && !replyErrors.fields.body ? replyErrors.message : undefined,
							fieldErrors: replyErrors?.fields.body,
						}
					: undefined
			}
		/>
	);
	return c.html(page, extra.status ?? 200);
}

const back = (c: WebContext, id: string, done: string) => c.redirect(`/inbox/${encodeURIComponent(id)}?done=${done}`, 303);

/** Claim and release: act, then back to the conversation, or the conversation with the refusal by the buttons. */
const ownerAction = (kind: "claim" | "release", done: string) => async (c: WebContext) => {
	const id = c.req.param("id") ?? "";
	const result = await tryAction(() => changeOwner(ctxOf(c), id, { kind }));
	if ("errors" in result) return render(c, id, { ownerError: result.errors.message, status: result.errors.status });
	return back(c, id, done);
};

/** The banner after an action, from what was stored rather than from the URL. */
function noticeFor(
	done: string | undefined,
	owner: { name: string } | null,
	lastReply: { status: string | null; approvalFrom?: { name: string } | null } | undefined,
): string | undefined {
	if (done === "claimed") return "You own this conversation now.";
	if (done === "released") return "Released: anyone can claim it now.";
	if (done === "handedoff") return owner ? `Handed off to ${owner.name}.` : "Handed off.";
	if (done === "replied") {
		if (lastReply?.status === "pending_approval")
			return `Your reply waits for ${lastReply.approvalFrom ? `${lastReply.approvalFrom.name}'s` : "a manager's"} approval before it is sent.`;
		return lastReply?.status === "publishing" ? "Reply sent: publishing it now…" : "Reply sent.";
	}
	if (done === "approved") return "Reply approved: publishing it now…";
	if (done === "rejected") return "Reply rejected: it will not be sent.";
	if (done === "labelled") return "Labels saved: insights count the message as corrected, and Chorus learns from it for this workspace.";
	return undefined;
}

export const inboxPages = new Hono<WebEnv>()
	.get("/inbox", signedIn, async (c) => {
		const ctx = ctxOf(c);
		const ws = c.get("workspace");
		const q = c.req.query();
		const view = parseView(q.view);
		const accounts = await listAccounts(ctx.db, ws.id);
		const accountId = accounts.some((a) => a.id === q.accountId) ? q.accountId : undefined;
		const [rows, counts, names] = await Promise.all([
			listConversations(ctx, { status: statusOf(view), accountId, limit: SHOWN + 1 }),
			tabCounts(ctx.db, ws.id, ctx.actor.id, accountId),
			memberNames(ctx.db, ws.id),
		]);
		const shown = rows.slice(0, SHOWN);
		const [{ last, names: authorNames }, waiting] = await Promise.all([
			lastMessages(
				ctx.db,
				ws.id,
				shown.map((r) => r.id),
			),
			conversationsWithPendingReplies(
				ctx,
				shown.map((r) => r.id),
			),
		]);
		const byId = new Map(accounts.map((a) => [a.id, a]));
		const items: InboxItem[] = shown.map((r) => {
			const m = last.get(r.id);
			const acc = byId.get(r.accountId);
			return {
				id: r.id,
				author: r.author,
				authorName: authorNames.get(r.id) ?? null,
				account: acc ? { handle: acc.handle, network: acc.network } : null,
				owner: r.owner,
				unanswered: r.unanswered,
				flags: r.flags,
				waitingReply: waiting.has(r.id),
				last: m ? { direction: m.direction, text: m.text, at: m.at, by: m.authorId ? (names.get(m.authorId)?.name ?? null) : null } : null,
			};
		});
		return c.html(
			<InboxPage
				viewer={viewerOf(c)}
				viewerId={ctx.actor.id}
				view={view}
				counts={counts}
				accounts={accounts}
				accountId={accountId}
				items={items}
				more={rows.length > SHOWN}
				now={ctx.now}
				zone={ws.timezone}
			/>,
		);
	})
	.get("/inbox/:id", signedIn, (c) => render(c, c.req.param("id"), { done: c.req.query("labelled") ? "labelled" : c.req.query("done") }))
	.post("/inbox/:id/claim", signedIn, ownerAction("claim", "claimed"))
	.post("/inbox/:id/release", signedIn, ownerAction("release", "released"))
	.post("/inbox/:id/handoff", signedIn, async (c) => {
		const id = c.req.param("id");
		const form = await readForm(c.req);
		const values = { memberId: field(form, "memberId"), note: field(form, "note").replace(/\r\n/g, "\n") };
		const result = await tryAction(async () => {
			const parsed = handoffSchema.safeParse(values);
			if (!parsed.success) throw invalidForm(parsed.error);
			return changeOwner(ctxOf(c), id, { kind: "handoff", memberId: parsed.data.memberId, note: parsed.data.note || undefined });
		}, ["memberId", "note"]);
		if ("errors" in result) return render(c, id, { handoff: { values, errors: result.errors }, status: result.errors.status });
		return back(c, id, "handedoff");
	})
	.post("/inbox/:id/reply", signedIn, async (c) => {
		const id = c.req.param("id");
		const body = field(await readForm(c.req), "body").replace(/\r\n/g, "\n");
		const result = await tryAction(async () => {
			const parsed = replySchema.safeParse({ body });
			if (!parsed.success) throw invalidForm(parsed.error);
			return reply(ctxOf(c), id, parsed.data.body);
		}, ["body"]);
		if ("errors" in result) return render(c, id, { reply: { body, errors: result.errors }, status: result.errors.status });
		return back(c, id, "replied");
	})
	.post("/inbox/:id/replies/:replyId/approve", signedIn, async (c) => {
		const id = c.req.param("id");
		const result = await tryAction(() => approveReply(ctxOf(c), c.req.param("replyId")));
		if ("errors" in result) return render(c, id, { reviewError: result.errors.message, status: result.errors.status });
		return back(c, id, "approved");
	})
	.post("/inbox/:id/replies/:replyId/reject", signedIn, async (c) => {
		const id = c.req.param("id");
		const reason = field(await readForm(c.req), "reason");
		const result = await tryAction(async () => {
			const parsed = rejectSchema.safeParse({ reason });
			if (!parsed.success) throw invalidForm(parsed.error);
			return rejectReply(ctxOf(c), c.req.param("replyId"), parsed.data.reason);
		});
		if ("errors" in result) return render(c, id, { reviewError: result.errors.message, status: result.errors.status });
		return back(c, id, "rejected");
	})
	// A form posted while signed out comes back here after signing in, as a GET: show the conversation.
	.get("/inbox/:id/:action", (c) => c.redirect(`/inbox/${encodeURIComponent(c.req.param("id"))}`, 303));
