import { Hono } from "hono";
import { z } from "zod";
import type { Db } from "../../db/client";
import { type AccountRow, listAccounts } from "../../db/queries/accounts";
import { listCampaigns, listTags } from "../../db/queries/labels";
import { mediaInOrder } from "../../db/queries/media";
import { getWorkspace } from "../../db/queries/workspaces";
import { type Network, networkNames, networks } from "../../domain/networks";
import { can } from "../../domain/permissions";
import { localToUtc, utcToLocal } from "../../domain/time";
import type { Actor } from "../../functions/context";
import { ApiError } from "../../functions/errors";
import { publicUrl } from "../../functions/mail/send";
import { weekStart } from "../../functions/services/calendar";
import { storeMedia } from "../../functions/services/media";
import { createPosts, type When } from "../../functions/services/posts";
import { loadRota } from "../../functions/services/scheduling";
import { countsFor, zoneNote } from "../counts";
import { type DutyLine, dutyLines, formInstant } from "../duty";
import { ctxOf, currentActor, signedIn, viewerOf, type WebContext, type WebEnv } from "../env";
import { attempt, type FormErrors, field, fields, invalidForm, readForm } from "../form";
import { lintFor } from "../lint";
import { ComposePage, type ComposeValues } from "../pages/compose";
import { repeatFrom, repeatValues } from "../repeat-form";

const httpUrl = z.url({ protocol: /^https?$/ });

const composeSchema = z.object({
	accountIds: z.array(z.string().max(64)).min(1, "Choose at least one account").max(50, "At most 50 accounts at once"),
	body: z.string().max(100_000, "At most 100,000 characters"),
	link: z
		.string()
		.max(2048)
		.refine((v) => v === "" || httpUrl.safeParse(v).success, "An http(s) URL, e.g. https://example.com/page"),
	when: z.enum(["draft", "at", "next"]),
	date: z.string(),
	time: z.string(),
	action: z.enum(["draft", "schedule"]),
	bodies: z.record(z.string(), z.string().max(100_000, "At most 100,000 characters")),
});

const countSchema = z.object({
	body: z.string().max(100_000),
	link: z.string().max(2048).optional(),
	networks: z.array(z.enum(Object.keys(networkNames) as [Network, ...Network[]])).max(50),
	zones: z.array(z.string().max(64)).max(50).optional(),
	// For the duty lines: which accounts, and the "Schedule at" date and time as the form has them.
	accountIds: z.array(z.string().max(64)).max(50).optional(),
	when: z.string().max(16).optional(),
	date: z.string().max(32).optional(),
	time: z.string().max(16).optional(),
	shortenLinks: z.boolean().optional(),
});

const blank: ComposeValues = { accountIds: [], body: "", link: "", when: "draft", date: "", time: "", bodies: {}, media: [] };

/**
 * The form's file, stored first (with its alt text) so a refused compose keeps it: the page comes back
 * with the upload as a thumbnail and a hidden mediaIds field, and the next submit does not upload again.
 */
async function uploadFromForm(c: WebContext, form: Awaited<ReturnType<typeof readForm>>): Promise<string | null> {
	const file = form.media;
	if (!(file instanceof File) || file.size === 0) return null;
	const facts = Object.fromEntries(
		[
			["alt", "media_alt"],
			["width", "media_width"],
			["height", "media_height"],
			["durationSeconds", "media_duration"],
		].flatMap(([k, name]) => (field(form, name!) ? [[k, field(form, name!)]] : [])),
	);
	const row = await storeMedia(ctxOf(c), { bytes: await file.arrayBuffer(), type: file.type, facts });
	return row.id;
}

/** Where short links will point, when this compose (or the workspace) shortens links; null otherwise. */
async function shortenBase(c: WebContext, ticked: boolean, workspaceId: string): Promise<string | null> {
	const on = ticked || ((await getWorkspace(c.get("db"), workspaceId))?.shortenLinks ?? false);
	return on ? publicUrl(c.env) : null;
}

/** The selected accounts in the order the form lists them: the first one's zone reads "Schedule at". */
const selectedIn = (accounts: AccountRow[], ids: string[]) => accounts.filter((a) => ids.includes(a.id));

/**
 * Who answers for each selected account at the "Schedule at" time, in words; none without a time.
 * The time is read in the first selected account's zone, as scheduling reads it.
 */
async function dutyFor(
	actor: Actor,
	accounts: AccountRow[],
	v: { accountIds: string[]; when?: string; date?: string; time?: string },
	db: Db,
): Promise<DutyLine[]> {
	const selected = selectedIn(accounts, v.accountIds);
	if (v.when !== "at" || selected.length === 0) return [];
	const at = formInstant(v.date ?? "", v.time ?? "", selected[0]?.timezone);
	if (at === null) return [];
	return dutyLines(await loadRota(db, actor.workspaceId), actor, selected, at);
}

async function render(c: WebContext, accounts: AccountRow[], values: ComposeValues, errors?: FormErrors) {
	const selected = selectedIn(accounts, values.accountIds);
	const [duty, lint, media, tags, campaigns] = await Promise.all([
		dutyFor(c.get("actor"), accounts, values, c.get("db")),
		lintFor(c.get("db"), c.get("actor").workspaceId, selected, values.body, values.link, c.get("now")),
		mediaInOrder(c.get("db"), c.get("actor").workspaceId, values.media),
		listTags(c.get("db"), c.get("actor").workspaceId),
		listCampaigns(c.get("db"), c.get("actor").workspaceId),
	]);
	const page = (
		<ComposePage
			viewer={viewerOf(c)}
			accounts={accounts}
			values={values}
			counts={countsFor(selected, values.body, values.link, await shortenBase(c, values.shortenLinks ?? false, c.get("actor").workspaceId))}
			zoneNote={zoneNote(selected.map((a) => a.timezone))}
			duty={duty}
			canSchedule={can(c.get("actor").role, "schedule")}
			lint={lint}
			media={media}
			errors={errors}
			labels={{ tags, campaigns }}
		/>
	);
	return c.html(page, errors?.status ?? 200);
}

/** The form's when/action as the service's input; a date or time that does not parse is the user's error. */
function whenOf(values: ComposeValues, zone: string | undefined, action: "draft" | "schedule"): When {
	const problem = (message: string) => new ApiError(400, "validation_failed", "Please correct the marked fields", { issues: [{ path: ["when"], message }] });
	if (values.when === "next") return { slot: "next" };
	if (values.when === "draft") {
		if (action === "schedule") throw problem("Choose “Schedule at” or “Next free slot” to schedule");
		return null;
	}
	if (!values.date || !values.time) throw problem("Enter a date and a time");
	try {
		return { scheduledAt: localToUtc(values.date, values.time, zone ?? "UTC") };
	} catch {
		throw problem("Enter a date (YYYY-MM-DD) and a time (HH:MM)");
	}
}

const bannerWeek = (c: WebContext, scheduledAt: string | null | undefined) =>
	weekStart(utcToLocal(scheduledAt ? Date.parse(scheduledAt) : c.get("now"), c.get("workspace").timezone).date);

export const composePages = new Hono<WebEnv>()
	.get("/compose", signedIn, async (c) => {
		const accounts = await listAccounts(c.get("db"), c.get("actor").workspaceId);
		const preselected = c.req.query("accountId");
		return render(c, accounts, { ...blank, accountIds: preselected ? [preselected] : [] });
	})
	.post("/compose", signedIn, async (c) => {
		const form = await readForm(c.req);
		const accounts = await listAccounts(c.get("db"), c.get("actor").workspaceId);
		const when = field(form, "when");
		const values: ComposeValues = {
			accountIds: fields(form, "accountIds"),
			body: field(form, "body").replace(/\r\n/g, "\n"),
			link: field(form, "link").trim(),
			when: when === "at" || when === "next" ? when : "draft",
			date: field(form, "date"),
			time: field(form, "time"),
			bodies: Object.fromEntries(networks.map((n) => [n, field(form, `body_${n}`).replace(/\r\n/g, "\n")] as const).filter(([, text]) => text.trim() !== "")),
			media: fields(form, "mediaIds").filter((id) => id !== ""),
			repeat: repeatValues(form),
			shortenLinks: field(form, "shortenLinks") === "on",
			parts: fields(form, "parts")
				.map((t) => t.replace(/\r\n/g, "\n"))
				.filter((t) => t.trim() !== ""),
			firstComment: field(form, "firstComment").replace(/\r\n/g, "\n"),
			tagIds: fields(form, "tagIds").filter((id) => id !== ""),
			campaignId: field(form, "campaignId"),
		};
		const names = new Map(accounts.map((a) => [a.id, `${networkNames[a.network]} ${a.handle}`]));
		const result = await attempt(
			async () => {
				const uploaded = await uploadFromForm(c, form);
				if (uploaded) values.media = [...values.media, uploaded];
				const parsed = composeSchema.safeParse({ ...values, action: field(form, "action") || "draft" });
				if (!parsed.success) throw invalidForm(parsed.error);
				const v = parsed.data;
				const zone = selectedIn(accounts, v.accountIds)[0]?.timezone;
				return createPosts(ctxOf(c), {
					accountIds: v.accountIds,
					body: v.body,
					link: v.link || null,
					when: whenOf(values, zone, v.action),
					status: v.action === "draft" ? "draft" : "scheduled",
					bodies: values.bodies,
					mediaIds: values.media,
					repeat: values.repeat ? repeatFrom(values.repeat, zone ?? "UTC") : undefined,
					shortenLinks: values.shortenLinks,
					parts: values.parts,
					firstComment: values.firstComment?.trim() ? values.firstComment : null,
					tagIds: values.tagIds,
					campaignId: values.campaignId || null,
				});
			},
			["accountIds", "body", "link", "when", "media", "repeat", "parts", "firstComment", "tagIds", "campaignId"],
			names,
		);
		if ("errors" in result) return render(c, accounts, values, result.errors);
		const { groupId, posts } = result.ok;
		return c.redirect(`/calendar?week=${bannerWeek(c, posts[0]?.scheduledAt)}&created=${encodeURIComponent(groupId)}`, 303);
	})
	// Live counters: JSON in and out, and never an HTML error page, since a script reads it.
	.post("/compose/count", async (c) => {
		const actor = await currentActor(c);
		if (!actor) return c.json(new ApiError(401, "unauthorized", "Sign in first").toJSON(), 401);
		const parsed = countSchema.safeParse(await c.req.json().catch(() => undefined));
		if (!parsed.success) return c.json(invalidForm(parsed.error, "Not a count request").toJSON(), 400);
		const { body, link, networks, zones = [], accountIds } = parsed.data;
		const base = await shortenBase(c, parsed.data.shortenLinks ?? false, actor.workspaceId);
		// Older scripts send no accountIds: they get the counts by network alone.
		if (accountIds === undefined) return c.json({ counts: countsFor(networks, body, link, base), zoneNote: zoneNote(zones) });
		const accounts = accountIds.length ? await listAccounts(c.get("db"), actor.workspaceId) : [];
		// Counted per selected account, so a Mastodon account shows its own instance's limit.
		const counts = { counts: countsFor(accountIds.length ? selectedIn(accounts, accountIds) : networks, body, link, base), zoneNote: zoneNote(zones) };
		const [duty, findings] = await Promise.all([
			dutyFor(actor, accounts, { ...parsed.data, accountIds }, c.get("db")),
			lintFor(c.get("db"), actor.workspaceId, selectedIn(accounts, accountIds), body, link, c.get("now")),
		]);
		// findings: the mission lint per selected account, as the page shows it under the text.
		return c.json({ ...counts, duty, findings });
	});
