/**
 * Announcements: the list, the form for a new one and its page, where the main post and every local
 * variant stand side by side and each variant is rewritten and scheduled from its own card. The forms
 * call the same services as POST /api/v1/announcements and PATCH /api/v1/posts/:id.
 */
import { Hono } from "hono";
import { z } from "zod";
import { type AccountRow, listAccounts } from "../../db/queries/accounts";
import { listAnnouncements } from "../../db/queries/announcements";
import { memberNames } from "../../db/queries/posts";
import { networkNames } from "../../domain/networks";
import { can } from "../../domain/permissions";
import { utcToLocal } from "../../domain/time";
import { ApiError, notFound } from "../../functions/errors";
import { createAnnouncement, getAnnouncement } from "../../functions/services/announcements";
import type { PostView } from "../../functions/services/post-view";
import { editPost, loadPost } from "../../functions/services/posts";
import { announcementInput, childrenOf, defaultMain, type NewAnnouncementValues, newAnnouncementFields, variantWhen } from "../announcements";
import type { EditValues } from "../components/edit-form";
import type { CardModel } from "../components/variant-card";
import { ctxOf, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, type FormErrors, field, fields, formErrors, invalidForm, readForm } from "../form";
import { isoToMs } from "../format";
import { AnnouncementPage } from "../pages/announcement";
import { NewAnnouncementPage } from "../pages/announcement-new";
import { AnnouncementsPage } from "../pages/announcements";
import { NotFoundPage } from "../pages/not-found";

const notices: Record<string, string> = {
	created: "Announcement created: the main post is scheduled and each local account has a draft to rewrite.",
	draft: "Variant saved as a draft.",
	scheduled: "Variant scheduled.",
	pending_approval: "Variant sent for approval.",
};

const editSchema = z.object({
	body: z.string().max(100_000, "At most 100,000 characters"),
	link: z
		.string()
		.max(2048)
		.refine((v) => v === "" || z.url({ protocol: /^https?$/ }).safeParse(v).success, "An http(s) URL, e.g. https://example.com/page"),
	revision: z.coerce.number().int().positive(),
	action: z.enum(["draft", "schedule", "save"]),
});

const open: PostView["status"][] = ["draft", "pending_approval", "scheduled"];

const accountNames = (accounts: AccountRow[]) => new Map(accounts.map((a) => [a.id, `${networkNames[a.network]} ${a.handle}`]));

/** A refused card edit: a dropped or changed fact is said as such, each fact named below. */
function cardErrors(err: ApiError, names: Map<string, string>): FormErrors {
	const errors = formErrors(err, ["body", "link", "when"], names);
	if (err.code !== "fact_changed") return errors;
	return { ...errors, message: "Not scheduled: a variant must keep every key fact of the main post." };
}

type CardEdit = { postId: string; values: EditValues; errors: FormErrors };

async function renderAnnouncement(c: WebContext, id: string, extra: { notice?: string; edit?: CardEdit } = {}) {
	const ctx = ctxOf(c);
	let a: Awaited<ReturnType<typeof getAnnouncement>>;
	try {
		a = await getAnnouncement(ctx, id);
	} catch (err) {
		if (err instanceof ApiError && err.status === 404) return c.html(<NotFoundPage viewer={viewerOf(c)} what="announcement" />, 404);
		throw err;
	}
	const [accounts, names] = await Promise.all([listAccounts(ctx.db, ctx.actor.workspaceId), memberNames(ctx.db, ctx.actor.workspaceId)]);
	const byId = new Map(accounts.map((x) => [x.id, x]));
	const { actor } = ctx;
	const card = (post: PostView, isMain: boolean, owner: { id: string; name: string } | null, consistency: CardModel["consistency"]): CardModel => {
		const acc = byId.get(post.accountId);
		const zone = acc?.timezone ?? post.timezone;
		const mayEdit = !isMain && open.includes(post.status) && can(actor.role, "draft") && (post.author?.id === actor.id || can(actor.role, "approve"));
		const at = isoToMs(post.scheduledAt);
		const shown = at === null ? { date: "", time: "" } : utcToLocal(at, zone);
		const mine = extra.edit?.postId === post.id ? extra.edit : undefined;
		const values: EditValues = mine?.values ?? {
			body: post.body,
			link: post.link ?? "",
			date: shown.date,
			time: shown.time,
			shownDate: shown.date,
			shownTime: shown.time,
			revision: String(post.revision),
		};
		return {
			post,
			isMain,
			handle: acc?.handle ?? "(deleted account)",
			network: acc?.network,
			zone,
			owner,
			consistency,
			edit: mayEdit ? { values, errors: mine?.errors, canSchedule: can(actor.role, "schedule") } : undefined,
		};
	};
	const mainAccount = a.main ? byId.get(a.main.accountId) : undefined;
	const mainOwner = mainAccount?.ownerId ? { id: mainAccount.ownerId, name: names.get(mainAccount.ownerId)?.name ?? "(former member)" } : null;
	const cards = [
		...(a.main ? [card(a.main, true, mainOwner, [])] : []),
		...a.variants.map((v) => card(v, false, v.owner, v.consistency)).sort((x, y) => x.handle.localeCompare(y.handle)),
	];
	const page = (
		<AnnouncementPage
			viewer={viewerOf(c)}
			id={a.id}
			facts={a.facts}
			embargoUntil={isoToMs(a.embargoUntil)}
			zone={mainAccount?.timezone ?? c.get("workspace").timezone}
			mainChanged={a.mainChanged}
			cards={cards}
			notice={extra.notice}
		/>
	);
	return c.html(page, extra.edit?.errors.status ?? 200);
}

async function renderNew(c: WebContext, accounts: AccountRow[], values: NewAnnouncementValues, errors?: FormErrors) {
	const page = (
		<NewAnnouncementPage viewer={viewerOf(c)} accounts={accounts} values={values} canCreate={can(c.get("actor").role, "schedule")} errors={errors} />
	);
	return c.html(page, errors?.status ?? 200);
}

export const announcementPages = new Hono<WebEnv>()
	.get("/announcements", signedIn, async (c) => {
		const ctx = ctxOf(c);
		const [items, accounts] = await Promise.all([listAnnouncements(ctx.db, ctx.actor.workspaceId), listAccounts(ctx.db, ctx.actor.workspaceId)]);
		return c.html(
			<AnnouncementsPage
				viewer={viewerOf(c)}
				items={items}
				handles={new Map(accounts.map((x) => [x.id, x.handle]))}
				canCreate={can(ctx.actor.role, "schedule")}
			/>,
		);
	})
	// Before "/announcements/:id", so "new" is never taken for an id.
	.get("/announcements/new", signedIn, async (c) => {
		const accounts = await listAccounts(c.get("db"), c.get("actor").workspaceId);
		const main = defaultMain(accounts, c.req.query("main"));
		const values: NewAnnouncementValues = {
			mainAccountId: main?.id ?? "",
			body: "",
			link: "",
			facts: "",
			date: "",
			time: "",
			localAccountIds: main ? childrenOf(accounts, main.id) : [],
			embargoDate: "",
			embargoTime: "",
		};
		return renderNew(c, accounts, values);
	})
	.post("/announcements", signedIn, async (c) => {
		const form = await readForm(c.req);
		const accounts = await listAccounts(c.get("db"), c.get("actor").workspaceId);
		const values: NewAnnouncementValues = {
			mainAccountId: field(form, "mainAccountId"),
			body: field(form, "body").replace(/\r\n/g, "\n"),
			link: field(form, "link").trim(),
			facts: field(form, "facts").replace(/\r\n/g, "\n"),
			date: field(form, "date"),
			time: field(form, "time"),
			localAccountIds: fields(form, "localAccountIds"),
			embargoDate: field(form, "embargoDate"),
			embargoTime: field(form, "embargoTime"),
		};
		const result = await attempt(() => createAnnouncement(ctxOf(c), announcementInput(values, accounts)), newAnnouncementFields, accountNames(accounts));
		if ("errors" in result) return renderNew(c, accounts, values, result.errors);
		return c.redirect(`/announcements/${encodeURIComponent(result.ok.id)}?done=created`, 303);
	})
	.get("/announcements/:id", signedIn, (c) => renderAnnouncement(c, c.req.param("id"), { notice: notices[c.req.query("done") ?? ""] }))
	// A signed-out post comes back here after signing in: the card lives on the announcement's page.
	.get("/announcements/:id/variants/:postId", signedIn, (c) =>
		c.redirect(`/announcements/${encodeURIComponent(c.req.param("id"))}#v-${encodeURIComponent(c.req.param("postId"))}`, 303),
	)
	.post("/announcements/:id/variants/:postId", signedIn, async (c) => {
		const { id, postId } = c.req.param();
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
		const accounts = await listAccounts(ctx.db, ctx.actor.workspaceId);
		try {
			const parsed = editSchema.safeParse({ ...values, action: field(form, "action") || "draft" });
			if (!parsed.success) throw invalidForm(parsed.error);
			const v = parsed.data;
			const current = await loadPost(ctx, postId);
			if (current.announcementId !== id) throw notFound("Post");
			const zone = accounts.find((x) => x.id === current.accountId)?.timezone ?? current.timezone;
			const saved = await editPost(ctx, postId, {
				body: v.body,
				link: v.link || null,
				when: variantWhen(values, zone),
				status: v.action === "schedule" ? "scheduled" : v.action === "draft" ? "draft" : undefined,
				expectedRevision: { value: v.revision, from: "body" },
			});
			return c.redirect(`/announcements/${encodeURIComponent(id)}?done=${saved.status}#v-${encodeURIComponent(postId)}`, 303);
		} catch (err) {
			if (!(err instanceof ApiError)) throw err;
			if (err.status === 404) return c.html(<NotFoundPage viewer={viewerOf(c)} what={err.message.startsWith("Announcement") ? "announcement" : "post"} />, 404);
			return renderAnnouncement(c, id, { edit: { postId, values, errors: cardErrors(err, accountNames(accounts)) } });
		}
	});
