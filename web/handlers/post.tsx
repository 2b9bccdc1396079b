import { Hono } from "hono";
import { z } from "zod";
import { getAccount } from "../../db/queries/accounts";
import { attemptView, listAttempts } from "../../db/queries/attempts";
import { mediaInOrder } from "../../db/queries/media";
import { listRevisions } from "../../db/queries/post-revisions";
import { memberNames, type PostRow } from "../../db/queries/posts";
import { networkNames } from "../../domain/networks";
import { can } from "../../domain/permissions";
import { addDays, localToUtc, utcToLocal } from "../../domain/time";
import { ApiError } from "../../functions/errors";
import { postView, revisionView } from "../../functions/services/post-view";
import { approvePost, cancelPost, editPost, loadPost, rejectPost, type When } from "../../functions/services/posts";
import { publishNow } from "../../functions/services/publishing";
import { retractPost } from "../../functions/services/retraction";
import { repeatOf, setRepeat } from "../../functions/services/series";
import { linksOf } from "../../functions/services/short-links";
import type { EditValues } from "../components/edit-form";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, type FormErrors, field, invalidForm, readForm } from "../form";
import { formatInstant } from "../format";
import { type Confirmation, ConfirmPage, confirmed } from "../pages/confirm";
import { NotFoundPage } from "../pages/not-found";
import { PostPage } from "../pages/post";
import { postLabels } from "../post-labels";
import { lateness } from "../publishing";
import { repeatFrom, repeatValues } from "../repeat-form";

const open: PostRow["status"][] = ["draft", "pending_approval", "scheduled"];

const notices: Record<string, string> = {
	saved: "Saved.",
	approved: "Approved: it will go out at its time.",
	rejected: "Sent back to the author as a draft.",
	changes: "Sent back to the author with your request for changes.",
	canceled: "Canceled.",
	publishing: "Publishing now…",
	retracted: "Retracted: deleted on the network.",
	revoked: "Link revoked: it no longer opens anything.",
};

const editSchema = z.object({
	body: z.string().max(100_000, "At most 100,000 characters"),
	link: z
		.string()
		.max(2048)
		.refine((v) => v === "" || z.url({ protocol: /^https?$/ }).safeParse(v).success, "An http(s) URL, e.g. https://example.com/page"),
	revision: z.coerce.number().int().positive(),
	action: z.enum(["save", "schedule"]),
});

const reasonSchema = z.object({ reason: z.string().trim().min(1, "Say why, so the author can fix it").max(2000) });
const retractSchema = z.object({ reason: z.string().trim().min(1, "Say why it is taken back: it is kept with the post").max(2000) });

type Extra = { notice?: string; done?: string; actionError?: FormErrors; edit?: { values: EditValues; errors?: FormErrors }; repeatErrors?: FormErrors };

/** The post page, or the 404 page for an id that is not this workspace's. */
export async function render(c: WebContext, id: string, extra: Extra = {}) {
	const ctx = ctxOf(c);
	let row: PostRow;
	try {
		row = await loadPost(ctx, id);
	} catch (err) {
		if (err instanceof ApiError && err.status === 404) return c.html(<NotFoundPage viewer={viewerOf(c)} what="post" />, 404);
		throw err;
	}
	const ws = c.get("workspace");
	const account = await getAccount(ctx.db, ws.id, row.accountId);
	const zone = account?.timezone ?? row.timezone;
	const shown = row.scheduledAt === null ? { date: "", time: "" } : utcToLocal(row.scheduledAt, zone);
	const values: EditValues = extra.edit?.values ?? {
		body: row.body,
		link: row.link ?? "",
		date: shown.date,
		time: shown.time,
		shownDate: shown.date,
		shownTime: shown.time,
		revision: String(row.revision),
	};
	const { actor } = ctx;
	const mayTouch = row.authorId === actor.id || can(actor.role, "approve");
	const may = {
		approve: row.status === "pending_approval" && can(actor.role, "approve"),
		cancel: open.includes(row.status) && can(actor.role, "draft") && mayTouch,
		edit: open.includes(row.status) && can(actor.role, "draft") && mayTouch,
		schedule: can(actor.role, "schedule"),
		publishNow: open.includes(row.status) && can(actor.role, "approve"),
		retract: row.status === "published" && row.retractedAt === null && row.networkPostId !== null && can(actor.role, "approve"),
		// A series is changed or stopped from any of its posts, published ones included.
		repeat: row.kind === "post" && can(actor.role, "draft") && mayTouch,
	};
	const [names, attemptRows, revisionRows, media, labels, repeat, links] = await Promise.all([
		memberNames(ctx.db, ws.id),
		listAttempts(ctx.db, ws.id, row.id),
		listRevisions(ctx.db, ws.id, row.id),
		mediaInOrder(ctx.db, ws.id, row.mediaIds),
		postLabels(ctx, row),
		repeatOf(ctx.db, ws.id, row.id),
		linksOf(ctx.db, ctx.env, row),
	]);
	const post = postView(row, names);
	const status = extra.actionError?.status ?? extra.edit?.errors?.status ?? extra.repeatErrors?.status ?? 200;
	const page = (
		<PostPage
			viewer={viewerOf(c)}
			post={post}
			media={media}
			account={account}
			attempts={attemptRows.map((a) => attemptView(a, names, zone))}
			history={revisionRows.map((r) => revisionView(r, names, zone))}
			late={lateness(post, ctx.now)}
			workspaceZone={ws.timezone}
			// "Publishing now…" only while it is: a reload after it went out shows the outcome instead.
			notice={extra.done === "publishing" && row.status !== "publishing" ? undefined : extra.notice}
			actionError={extra.actionError}
			edit={{ values, errors: extra.edit?.errors }}
			may={may}
			labels={{ ...labels, canShare: can(actor.role, "approve"), now: ctx.now, defaultExpiry: addDays(utcToLocal(ctx.now, ws.timezone).date, 14) }}
			repeat={repeat}
			links={links}
			repeatErrors={
				extra.repeatErrors ? [extra.repeatErrors.message, ...(extra.repeatErrors.fields.repeat ?? [])].filter((m, i, all) => all.indexOf(m) === i) : undefined
			}
		/>
	);
	return c.html(page, status);
}

/** The edit form's date and time: unchanged keeps the stored instant, both empty removes it. */
function whenOf(v: EditValues, zone: string): When | undefined {
	if (v.date === v.shownDate && v.time === v.shownTime) return undefined;
	if (!v.date && !v.time) return null;
	const problem = (message: string) => new ApiError(400, "validation_failed", "Please correct the marked fields", { issues: [{ path: ["when"], message }] });
	if (!v.date || !v.time) throw problem("Enter both a date and a time, or neither");
	try {
		return { scheduledAt: localToUtc(v.date, v.time, zone) };
	} catch {
		throw problem("Enter a date (YYYY-MM-DD) and a time (HH:MM)");
	}
}

type Step = "cancel" | "retract" | "publish-now";

/**
 * The second step of cancel, retract and publish now: a page naming the account, the network and what
 * happens there. Only when the viewer may do it at all; otherwise the service's refusal is the answer.
 */
async function confirmation(c: WebContext, id: string, step: Step, reason: string): Promise<Response | null> {
	const ctx = ctxOf(c);
	const row = await loadPost(ctx, id);
	const account = await getAccount(ctx.db, ctx.actor.workspaceId, row.accountId);
	const { role } = ctx.actor;
	const mayTouch = row.authorId === ctx.actor.id || can(role, "approve");
	const allowed =
		step === "cancel"
			? open.includes(row.status) && can(role, "draft") && mayTouch
			: step === "publish-now"
				? open.includes(row.status) && can(role, "approve")
				: row.status === "published" && row.retractedAt === null && can(role, "approve");
	if (!allowed) return null;
	const where = account ? `${account.handle} on ${networkNames[account.network]}` : "a deleted account";
	const zone = account?.timezone ?? row.timezone;
	const when = row.scheduledAt === null ? "" : ` (due ${formatInstant(row.scheduledAt, zone)})`;
	const base = `/posts/${encodeURIComponent(id)}`;
	const excerpt = row.body.length > 140 ? `${row.body.slice(0, 139)}…` : row.body;
	const quote = <blockquote class="confirm-quote">{excerpt}</blockquote>;
	const steps: Record<Step, Confirmation> = {
		cancel: {
			title: "Cancel this post?",
			consequence: (
				<>
					<p>
						<strong>Cancel the post to {where}</strong>
						{when}: it will not go out. It stays in the history as canceled and cannot be scheduled again.
					</p>
					{quote}
				</>
			),
			action: `${base}/cancel`,
			confirmLabel: "Yes, cancel the post",
			backLabel: "No, keep it",
			back: base,
		},
		retract: {
			title: "Retract this post?",
			consequence: (
				<>
					<p>
						<strong>Retract from {where}: it will be deleted there.</strong> Likes, replies and shares on the network go with it; this cannot be undone. Chorus
						keeps the text, who retracted it and why.
					</p>
					{quote}
					<p>
						Reason: <em>{reason}</em>
					</p>
				</>
			),
			action: `${base}/retract`,
			fields: { reason },
			confirmLabel: "Yes, retract and delete it",
			backLabel: "No, keep it online",
			back: base,
		},
		"publish-now": {
			title: "Publish this post now?",
			consequence: (
				<>
					<p>
						<strong>Publish to {where} right away</strong>
						{when ? `, instead of at its time${when}` : ""}: followers see it within seconds.
					</p>
					{quote}
				</>
			),
			action: `${base}/publish-now`,
			confirmLabel: "Yes, publish it now",
			backLabel: "No, wait for its time",
			back: base,
			danger: false,
		},
	};
	return c.html(<ConfirmPage viewer={viewerOf(c)} confirmation={steps[step]} />);
}

/** Cancel, retract and publish now: the confirmation page first, the action once confirmed. */
const confirmedAction =
	(step: Step, run: (c: WebContext, id: string, reason: string) => Promise<unknown>, done: string, validate?: (reason: string) => void) =>
	async (c: WebContext) => {
		const id = c.req.param("id") ?? "";
		const form = await readForm(c.req);
		const reason = field(form, "reason");
		const result = await attempt(async () => {
			validate?.(reason);
			const ask = confirmed(form) ? null : await confirmation(c, id, step, reason.trim());
			if (ask) return ask;
			await run(c, id, reason);
			return null;
		}, ["reason"]);
		if ("errors" in result) return render(c, id, { actionError: result.errors });
		if (result.ok) return result.ok;
		return c.redirect(`/posts/${encodeURIComponent(id)}?done=${done}`, 303);
	};

/** Approve, reject, cancel and publish now share their shape: act, then back to the post, or the post with the error. */
const action = (run: (c: WebContext, id: string) => Promise<unknown>, done: string) => async (c: WebContext) => {
	const id = c.req.param("id") ?? "";
	const result = await attempt(() => run(c, id), ["reason"]);
	if ("errors" in result) return render(c, id, { actionError: result.errors });
	return c.redirect(`/posts/${encodeURIComponent(id)}?done=${done}`, 303);
};

export const postPages = new Hono<WebEnv>()
	.get("/posts/:id", signedIn, (c) => render(c, c.req.param("id"), { notice: notices[c.req.query("done") ?? ""], done: c.req.query("done") }))
	.post("/posts/:id/edit", signedIn, async (c) => {
		const id = c.req.param("id");
		const form = await readForm(c.req);
		const values: EditValues = {
			body: field(form, "body").replace(/\r\n/g, "\n"),
			link: field(form, "link").trim(),
			date: field(form, "date"),
			time: field(form, "time"),
			shownDate: field(form, "shownDate"),
			shownTime: field(form, "shownTime"),
			revision: field(form, "revision"),
		};
		const ctx = ctxOf(c);
		const result = await attempt(async () => {
			const parsed = editSchema.safeParse({ ...values, action: field(form, "action") || "save" });
			if (!parsed.success) throw invalidForm(parsed.error);
			const v = parsed.data;
			const current = await loadPost(ctx, id);
			const account = await getAccount(ctx.db, ctx.actor.workspaceId, current.accountId);
			return editPost(ctx, id, {
				body: v.body,
				link: v.link || null,
				when: whenOf(values, account?.timezone ?? current.timezone),
				status: v.action === "schedule" ? "scheduled" : undefined,
				expectedRevision: { value: v.revision, from: "body" },
			});
		}, ["body", "link", "when"]);
		if ("errors" in result) return render(c, id, { edit: { values, errors: result.errors } });
		return c.redirect(`/posts/${encodeURIComponent(id)}?done=saved`, 303);
	})
	.post(
		"/posts/:id/approve",
		signedIn,
		action((c, id) => approvePost(ctxOf(c), id), "approved"),
	)
	.post(
		"/posts/:id/reject",
		signedIn,
		action(async (c, id) => {
			const parsed = reasonSchema.safeParse({ reason: field(await readForm(c.req), "reason") });
			if (!parsed.success) throw invalidForm(parsed.error, "Say why you send it back");
			return rejectPost(ctxOf(c), id, parsed.data.reason);
		}, "rejected"),
	)
	.post(
		"/posts/:id/retract",
		signedIn,
		confirmedAction(
			"retract",
			(c, id, reason) => retractPost(ctxOf(c), id, reason.trim()),
			"retracted",
			(reason) => {
				const parsed = retractSchema.safeParse({ reason });
				if (!parsed.success) throw invalidForm(parsed.error, "Say why you take it back");
			},
		),
	)
	.post(
		"/posts/:id/request-changes",
		signedIn,
		action(async (c, id) => {
			const parsed = reasonSchema.safeParse({ reason: field(await readForm(c.req), "reason") });
			if (!parsed.success) throw invalidForm(parsed.error, "Say what to change");
			return rejectPost(ctxOf(c), id, parsed.data.reason, "changes_requested");
		}, "changes"),
	)
	.post(
		"/posts/:id/cancel",
		signedIn,
		confirmedAction("cancel", (c, id) => cancelPost(ctxOf(c), id), "canceled"),
	)
	// An evergreen post: start, change or stop its series (functions/services/series.ts, as PATCH /posts/:id `repeat`).
	.post("/posts/:id/repeat", signedIn, async (c) => {
		const id = c.req.param("id");
		const form = await readForm(c.req);
		const ctx = ctxOf(c);
		const result = await attempt(async () => {
			const current = await loadPost(ctx, id);
			const account = await getAccount(ctx.db, ctx.actor.workspaceId, current.accountId);
			if (field(form, "action") === "stop") return setRepeat(ctx, current, null);
			const rule = repeatFrom(repeatValues(form), account?.timezone ?? current.timezone);
			if (!rule)
				throw new ApiError(400, "validation_failed", "Please correct the marked fields", {
					issues: [{ path: ["repeat"], message: "Say how often it repeats" }],
				});
			return setRepeat(ctx, current, rule);
		}, ["repeat"]);
		if ("errors" in result) {
			if (result.errors.status === 404) return render(c, id);
			return render(c, id, { repeatErrors: result.errors });
		}
		return c.redirect(`/posts/${encodeURIComponent(id)}?done=saved`, 303);
	})
	// The same path as the scheduler's: the post is claimed and queued, and the page shows it publishing.
	.post(
		"/posts/:id/publish-now",
		signedIn,
		confirmedAction("publish-now", (c, id) => publishNow(ctxOf(c), id), "publishing"),
	);
