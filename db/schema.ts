/**
 * The D1 schema. Every table but `workspace` carries `workspace_id` and every query filters by it, so
 * sharding by workspace stays a configuration change (DESIGN.md, Scale path). The exceptions are what
 * belongs to a person rather than a workspace: `person`, their reset links and recovery codes.
 *
 * Instants are stored as integer milliseconds since the epoch (UTC); zones are IANA names.
 * Edit this file, then `npm run db:generate`: never hand-edit db/migrations.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { InstanceLimits } from "../domain/instance-limits";
import { notificationKinds } from "../domain/notifications";
import type { PartResult } from "../domain/post-parts";

export const roles = ["owner", "manager", "author", "analyst"] as const;
export const networks = ["sandbox", "mastodon", "bluesky", "x", "linkedin", "facebook", "instagram", "threads"] as const;
export const sentimentLabels = ["positive", "neutral", "negative"] as const;
export const mentionKinds = ["praise", "question", "concern", "other"] as const;
export const ingestStreams = ["mentions", "metrics"] as const;
export const postingPolicies = ["open", "owner", "shift"] as const;
export const postStatuses = ["draft", "pending_approval", "scheduled", "publishing", "published", "failed", "needs_review", "canceled"] as const;

const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const workspace = sqliteTable("workspace", {
	id: text("id").primaryKey(),
	name: text("name").notNull(),
	timezone: text("timezone").notNull().default("UTC"),
	// The double-post guard looks this far back and ahead for near-identical posts to one account.
	duplicateWindowHours: integer("duplicate_window_hours").notNull().default(72),
	// The emergency stop: while set nothing of this workspace goes out; due posts wait with a holdReason.
	paused: integer("paused", { mode: "boolean" }).notNull().default(false),
	pausedAt: integer("paused_at"),
	pausedById: text("paused_by_id"),
	// Links in every post are sent as first-party short links (/l/:code) with UTM parameters.
	shortenLinks: integer("shorten_links", { mode: "boolean" }).notNull().default(false),
	createdAt: createdAt(),
});

/**
 * A person: one email, one password and one second factor, whatever workspaces they belong to. Sign-in
 * is by email alone, so the email is unique here (lower-cased), not per workspace.
 */
export const person = sqliteTable(
	"person",
	{
		id: text("id").primaryKey(),
		// Lower-cased.
		email: text("email").notNull(),
		name: text("name").notNull(),
		// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"; null until a password is set.
		passwordHash: text("password_hash"),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("person_email_unique").on(t.email)],
);

/**
 * A membership: one person in one workspace with a role. Its id is what posts, audit events, shifts,
 * approvals and tokens name (it was the whole member before people existed, migration 0016).
 */
export const member = sqliteTable(
	"member",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id")
			.notNull()
			.references(() => workspace.id),
		// Never null once written (0016 filled every row); nullable only because SQLite cannot add a NOT
		// NULL reference column without rebuilding member, which sessions and tokens reference.
		personId: text("person_id").references(() => person.id),
		// The name this workspace knows them by (a copy of the person's at first; PATCH /members changes it here only).
		name: text("name").notNull(),
		role: text("role", { enum: roles }).notNull(),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("member_workspace_person_unique").on(t.workspaceId, t.personId), index("member_workspace_idx").on(t.workspaceId)],
);

export const session = sqliteTable(
	"session",
	{
		// SHA-256 of the cookie value: a leaked table does not sign anyone in.
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		memberId: text("member_id")
			.notNull()
			.references(() => member.id),
		createdAt: createdAt(),
		expiresAt: integer("expires_at").notNull(),
	},
	(t) => [index("session_member_idx").on(t.memberId)],
);

export const apiToken = sqliteTable(
	"api_token",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		memberId: text("member_id")
			.notNull()
			.references(() => member.id),
		name: text("name").notNull(),
		tokenHash: text("token_hash").notNull(),
		// The first characters of the token, to tell tokens apart in lists without revealing them.
		prefix: text("prefix").notNull(),
		createdAt: createdAt(),
		lastUsedAt: integer("last_used_at"),
	},
	(t) => [uniqueIndex("api_token_hash_unique").on(t.tokenHash), index("api_token_workspace_idx").on(t.workspaceId)],
);

export const account = sqliteTable(
	"account",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		network: text("network", { enum: networks }).notNull(),
		handle: text("handle").notNull(),
		displayName: text("display_name"),
		timezone: text("timezone").notNull(),
		ownerId: text("owner_id"),
		parentId: text("parent_id"),
		postingPolicy: text("posting_policy", { enum: postingPolicies }).notNull().default("open"),
		paused: integer("paused", { mode: "boolean" }).notNull().default(false),
		// AES-GCM, "v1.<iv b64>.<ciphertext b64>", workspace and account id as additional data.
		credentials: text("credentials"),
		needsReconnect: integer("needs_reconnect", { mode: "boolean" }).notNull().default(false),
		// When the credentials stop working unless a human reconnects (a token that cannot be refreshed,
		// or the refresh token's own end); null when they do not expire. Outside the ciphertext so the
		// sweep can warn ahead of time without decrypting anything.
		credentialsExpireAt: integer("credentials_expire_at"),
		// Set when the owner was warned about credentialsExpireAt; cleared by a reconnect.
		expiryWarnedAt: integer("expiry_warned_at"),
		// Posting slots local to the account: JSON [{ weekday: 1-7, time: "HH:MM" }].
		slots: text("slots", { mode: "json" }).$type<{ weekday: number; time: string }[]>().notNull().default([]),
		// Mastodon only: the instance's own limits (GET /api/v2/instance → configuration), read at connect
		// and refreshed daily by the ingest run; null until read (the length rules then use 500 and 23).
		instanceLimits: text("instance_limits", { mode: "json" }).$type<InstanceLimits>(),
		// Sandbox only: fail on purpose (API.md, Accounts).
		sandboxFailMode: text("sandbox_fail_mode").notNull().default("none"),
		sandboxFailCount: integer("sandbox_fail_count").notNull().default(0),
		createdAt: createdAt(),
	},
	(t) => [index("account_workspace_idx").on(t.workspaceId)],
);

export const post = sqliteTable(
	"post",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		groupId: text("group_id").notNull(),
		accountId: text("account_id")
			.notNull()
			.references(() => account.id),
		body: text("body").notNull(),
		link: text("link"),
		status: text("status", { enum: postStatuses }).notNull(),
		scheduledAt: integer("scheduled_at"),
		// Where the post sits on the calendar: publishedAt once published, else scheduledAt. Kept in
		// its own column so range queries use one index.
		calendarAt: integer("calendar_at"),
		// The zone the time was planned in (the account's), so the calendar can show it as planned.
		timezone: text("timezone").notNull(),
		revision: integer("revision").notNull().default(1),
		authorId: text("author_id").notNull(),
		approverId: text("approver_id"),
		// Whose approval a pending post waits for; null means any manager or owner.
		approvalFrom: text("approval_from"),
		// Who answered for the account at the post's time when it was scheduled or approved: if the
		// rota says someone else by publishing time, the post waits for approval again.
		responsibleId: text("responsible_id"),
		// A manager's override of the double-post guard (audited).
		allowDuplicate: integer("allow_duplicate", { mode: "boolean" }).notNull().default(false),
		holdReason: text("hold_reason"),
		// Why a reviewer sent it back to draft; cleared when it is scheduled again.
		rejectionReason: text("rejection_reason"),
		// What the reviewer asked for with that reason: a rejection, or changes before it may go.
		reviewVerdict: text("review_verdict", { enum: ["rejected", "changes_requested"] }),
		publishedAt: integer("published_at"),
		publishedById: text("published_by_id"),
		publishedVia: text("published_via", { enum: ["scheduler", "publish-now"] }),
		networkPostId: text("network_post_id"),
		networkUrl: text("network_url"),
		failureReason: text("failure_reason"),
		// A published post taken back: deleted on the network (where its API allows), by whom and why.
		retractedAt: integer("retracted_at"),
		retractedById: text("retracted_by_id"),
		retractReason: text("retract_reason"),
		// While `publishing`: when the claim lapses and the sweep re-sends it (the desk refuses doubles).
		leaseUntil: integer("lease_until"),
		// Set once, when the post was found more than 5 minutes past its time and not yet out.
		lateNotedAt: integer("late_noted_at"),
		announcementId: text("announcement_id"),
		// The campaign this post belongs to (at most one, of the same workspace); its tags are in post_tag.
		campaignId: text("campaign_id"),
		// A reply to a conversation goes out through the same path as any post, but is not on the calendar.
		kind: text("kind", { enum: ["post", "reply"] })
			.notNull()
			.default("post"),
		conversationId: text("conversation_id"),
		// The network's id of the message replied to.
		inReplyTo: text("in_reply_to"),
		// Images and video attached, in order: ids of `media` rows of the same workspace.
		mediaIds: text("media_ids", { mode: "json" }).$type<string[]>().notNull().default([]),
		// A thread: the 2nd..nth parts (the body is part 1), each published as a reply to the one before.
		// JSON on the post, not a table: parts are always read, edited and frozen with the post itself.
		parts: text("parts", { mode: "json" }).$type<string[]>().notNull().default([]),
		// A comment the account adds to its own post right after it (LinkedIn, Facebook, sandbox).
		firstComment: text("first_comment"),
		// What the network answered for each part after the first and for the comment, once out.
		partResults: text("part_results", { mode: "json" }).$type<PartResult[]>().notNull().default([]),
		lint: text("lint", { mode: "json" }).$type<{ rule: string; severity: "error" | "warning"; message: string }[]>().notNull().default([]),
		// Its links go out as first-party short links (opt-in per post; the workspace may switch it on for all).
		shortenLinks: integer("shorten_links", { mode: "boolean" }).notNull().default(false),
		createdAt: createdAt(),
		updatedAt: integer("updated_at").notNull(),
	},
	(t) => [
		index("post_conversation_idx").on(t.conversationId),
		index("post_calendar_idx").on(t.workspaceId, t.calendarAt),
		index("post_account_idx").on(t.workspaceId, t.accountId, t.calendarAt),
		index("post_due_idx").on(t.status, t.scheduledAt),
		index("post_group_idx").on(t.workspaceId, t.groupId),
		index("post_campaign_idx").on(t.workspaceId, t.campaignId),
	],
);

export const auditEvent = sqliteTable(
	"audit_event",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		at: integer("at").notNull(),
		// Member id, or "system" for the scheduler.
		actorId: text("actor_id").notNull(),
		action: text("action").notNull(),
		// "<kind>:<id>", e.g. "post:01J…".
		subject: text("subject").notNull(),
		before: text("before", { mode: "json" }),
		after: text("after", { mode: "json" }),
	},
	(t) => [index("audit_workspace_at_idx").on(t.workspaceId, t.at), index("audit_subject_idx").on(t.workspaceId, t.subject)],
);

export const idempotencyRecord = sqliteTable(
	"idempotency_record",
	{
		workspaceId: text("workspace_id").notNull(),
		// The credential that sent the key: "<member id>:<session|token>:<session or token id>". Keys are
		// scoped to it (as Stripe scopes them to the API key), so nobody replays another caller's answer.
		credential: text("credential").notNull(),
		key: text("key").notNull(),
		// The sender's role when the first answer was given: a replay under another role is refused.
		role: text("role", { enum: roles }).notNull(),
		// SHA-256 of method, path and canonical JSON body.
		requestHash: text("request_hash").notNull(),
		// Null while the first request is still running.
		responseStatus: integer("response_status"),
		// Null too once answered when the answer carried a secret (Cache-Control: no-store): never kept.
		responseBody: text("response_body"),
		createdAt: createdAt(),
		expiresAt: integer("expires_at").notNull(),
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.credential, t.key] })],
);

/**
 * Rate limits: attempts per key in a fixed window (functions/auth/rate-window.ts). Keys name what is
 * counted, e.g. "signin:pair:<addr> <client>", "signin:address:<addr>", "signup:client:<client>".
 */
export const rateWindow = sqliteTable("rate_window", {
	key: text("key").primaryKey(),
	count: integer("count").notNull(),
	windowEndsAt: integer("window_ends_at").notNull(),
});

/** Every try to publish a post: who, when, and what the network answered. */
export const publishAttempt = sqliteTable(
	"publish_attempt",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		postId: text("post_id").notNull(),
		n: integer("n").notNull(),
		startedAt: integer("started_at").notNull(),
		finishedAt: integer("finished_at").notNull(),
		outcome: text("outcome", { enum: ["published", "retry", "auth", "rejected", "unknown", "reconciled", "needs_review", "failed"] }).notNull(),
		// Member id, or "scheduler".
		by: text("by").notNull(),
		networkStatus: integer("network_status"),
		networkSummary: text("network_summary").notNull(),
		// Which message of a thread the attempt sent: "1" (the post itself), "2".."n", or "comment".
		part: text("part").notNull().default("1"),
	},
	// One row per attempt and outcome: a reconciliation logs under the number of the send it settled.
	(t) => [uniqueIndex("publish_attempt_post_part_n").on(t.postId, t.part, t.n, t.outcome), index("publish_attempt_workspace_idx").on(t.workspaceId, t.postId)],
);

/** The sandbox network's feed: what Chorus "published" to sandbox accounts. It does not deduplicate, like a real network. */
export const sandboxFeedItem = sqliteTable(
	"sandbox_feed_item",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		accountId: text("account_id").notNull(),
		postId: text("post_id"),
		text: text("text").notNull(),
		inReplyTo: text("in_reply_to"),
		// Which message of the post: "1", a thread's "2".."n", or "comment" (how findPublished tells them apart).
		part: text("part").notNull().default("1"),
		// Fail mode unknown_after_send: the item exists but reading it back fails, so only a human can tell.
		unreadable: integer("unreadable", { mode: "boolean" }).notNull().default(false),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [index("sandbox_feed_account_idx").on(t.accountId, t.createdAt)],
);

/** Who is on duty when (policy `shift` accounts). A shift with validFrom/validTo is a dated override. */
export const shift = sqliteTable(
	"shift",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		memberId: text("member_id").notNull(),
		// null: every account of the workspace.
		accountIds: text("account_ids", { mode: "json" }).$type<string[] | null>(),
		weekdays: text("weekdays", { mode: "json" }).$type<number[]>().notNull(),
		start: text("start").notNull(),
		end: text("end").notNull(),
		timezone: text("timezone").notNull(),
		validFrom: text("valid_from"),
		validTo: text("valid_to"),
		createdAt: createdAt(),
	},
	(t) => [index("shift_workspace_idx").on(t.workspaceId)],
);

/** An inbound message from an outside user (mention or reply), unique per workspace + network + external id. */
export const mention = sqliteTable(
	"mention",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		accountId: text("account_id").notNull(),
		network: text("network", { enum: networks }).notNull(),
		externalId: text("external_id").notNull(),
		authorHandle: text("author_handle").notNull(),
		authorName: text("author_name"),
		text: text("text").notNull(),
		createdAt: integer("created_at").notNull(),
		// The external id of the message this answers: another mention, or one of our posts' networkPostId.
		inReplyTo: text("in_reply_to"),
		// The message's own page on the network (a LinkedIn or Facebook comment's permalink), when the reader knows it.
		url: text("url"),
		// Whether the author follows the account, as the network or integration said; null when unknown.
		isFollower: integer("is_follower", { mode: "boolean" }),
		conversationId: text("conversation_id").notNull(),
		receivedAt: integer("received_at").notNull(),
		// Classification (domain/classify), set on ingest. The score is VADER-style compound, -1..1.
		sentimentLabel: text("sentiment_label", { enum: sentimentLabels }).notNull().default("neutral"),
		sentimentScore: real("sentiment_score").notNull().default(0),
		kind: text("kind", { enum: mentionKinds }).notNull().default("other"),
		// Key phrases, lower-cased, for grouping praise, concerns and questions by topic.
		topics: text("topics", { mode: "json" }).$type<string[]>().notNull().default([]),
		// Which rules produced the labels, so a later classifier can find and redo older rows.
		classifierVersion: integer("classifier_version").notNull().default(0),
		// Who corrected the label by hand (PATCH /mentions/:id); null while it is the classifier's.
		sentimentCorrectedBy: text("sentiment_corrected_by"),
		kindCorrectedBy: text("kind_corrected_by"),
	},
	(t) => [
		uniqueIndex("mention_external_unique").on(t.workspaceId, t.network, t.externalId),
		index("mention_conversation_idx").on(t.conversationId, t.createdAt),
		index("mention_account_idx").on(t.workspaceId, t.accountId, t.createdAt),
		index("mention_workspace_created_idx").on(t.workspaceId, t.createdAt),
	],
);

/**
 * One account on one day (the account's local date, "YYYY-MM-DD"). Upserted by (account, date): a
 * later reading of the same day replaces the figures it gives and keeps the ones it does not.
 * followers is the count at the last reading of the day; the others are totals for that day.
 */
export const metricDay = sqliteTable(
	"metric_day",
	{
		workspaceId: text("workspace_id").notNull(),
		accountId: text("account_id").notNull(),
		date: text("date").notNull(),
		followers: integer("followers"),
		impressions: integer("impressions"),
		engagements: integer("engagements"),
		clicks: integer("clicks"),
		shares: integer("shares"),
		updatedAt: integer("updated_at").notNull(),
	},
	(t) => [primaryKey({ columns: [t.accountId, t.date] }), index("metric_day_workspace_idx").on(t.workspaceId, t.date)],
);

/**
 * One of our published posts on one day (the account's local date). Counts are the post's lifetime
 * totals as last read that day (what the networks report), so a day's gain is the difference from the
 * previous row; null where the network does not give the figure. Upserted by (post, date).
 */
export const postMetric = sqliteTable(
	"post_metric",
	{
		workspaceId: text("workspace_id").notNull(),
		postId: text("post_id").notNull(),
		accountId: text("account_id").notNull(),
		date: text("date").notNull(),
		likes: integer("likes"),
		reposts: integer("reposts"),
		replies: integer("replies"),
		quotes: integer("quotes"),
		impressions: integer("impressions"),
		clicks: integer("clicks"),
		updatedAt: integer("updated_at").notNull(),
	},
	(t) => [primaryKey({ columns: [t.postId, t.date] }), index("post_metric_account_idx").on(t.workspaceId, t.accountId, t.date)],
);

/** Where the ingest of one stream of one account has got to: resumed from `cursor` after any failure. */
export const ingestState = sqliteTable(
	"ingest_state",
	{
		workspaceId: text("workspace_id").notNull(),
		accountId: text("account_id").notNull(),
		stream: text("stream", { enum: ingestStreams }).notNull(),
		// The network's own position (newest notification id, since_id, seenAt…); null before the first run.
		cursor: text("cursor"),
		// The cron sweep enqueues the stream when this has passed, and moves it on as it does.
		nextRunAt: integer("next_run_at").notNull().default(0),
		lastRunAt: integer("last_run_at"),
		lastError: text("last_error"),
		failures: integer("failures").notNull().default(0),
	},
	(t) => [primaryKey({ columns: [t.accountId, t.stream] }), index("ingest_state_due_idx").on(t.nextRunAt)],
);

/** A thread with one outside user on one account: its mentions and our replies, with one owner. */
export const conversation = sqliteTable(
	"conversation",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		accountId: text("account_id").notNull(),
		authorHandle: text("author_handle").notNull(),
		// The external id of the first message: later messages in the thread find it through inReplyTo.
		rootExternalId: text("root_external_id").notNull(),
		// Mirrors the AccountDesk, which decides; kept here so lists can filter without asking every desk.
		ownerId: text("owner_id"),
		status: text("status", { enum: ["open", "closed"] })
			.notNull()
			.default("open"),
		handoffNote: text("handoff_note"),
		lastInboundAt: integer("last_inbound_at"),
		lastOutboundAt: integer("last_outbound_at"),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [
		index("conversation_workspace_idx").on(t.workspaceId, t.lastInboundAt),
		index("conversation_account_author_idx").on(t.workspaceId, t.accountId, t.authorHandle),
		// The minute sweep's look for conversations left unanswered, across workspaces.
		index("conversation_open_inbound_idx").on(t.status, t.lastInboundAt),
	],
);

/** The workspace's mission (scope "workspace") and per-account overrides (scope = the account id). */
export const mission = sqliteTable(
	"mission",
	{
		workspaceId: text("workspace_id").notNull(),
		scope: text("scope").notNull(),
		// domain/mission.ts Mission for the workspace; a Partial<Mission> override for an account.
		data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
		updatedAt: integer("updated_at").notNull(),
		updatedBy: text("updated_by").notNull(),
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.scope] })],
);

/** A main post on the main account and its local variants, with the key facts every variant must keep. */
export const announcement = sqliteTable(
	"announcement",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		mainPostId: text("main_post_id").notNull(),
		mainAccountId: text("main_account_id").notNull(),
		// domain/facts.ts Fact[]: extracted from the main text and given by its author.
		facts: text("facts", { mode: "json" }).$type<{ kind: string; text: string; value: string }[]>().notNull(),
		// The main post's revision the variants were written from: a later edit flags them.
		mainRevision: integer("main_revision").notNull(),
		embargoUntil: integer("embargo_until"),
		createdBy: text("created_by").notNull(),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [index("announcement_workspace_idx").on(t.workspaceId)],
);

export const reportCadences = ["daily", "weekly", "monthly"] as const;
export const reportRunStatuses = ["queued", "running", "ready", "failed"] as const;

/** What to report on, how often, and where to say it is ready (API.md, Reports). */
export const reportDefinition = sqliteTable(
	"report_definition",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		name: text("name").notNull(),
		cadence: text("cadence", { enum: reportCadences }).notNull().default("weekly"),
		// ISO weekday (1 = Monday) a weekly report runs on; daily and monthly ignore it.
		weekday: integer("weekday").notNull().default(1),
		// Local "HH:MM" in `timezone` at which a run is due.
		time: text("time").notNull().default("08:00"),
		timezone: text("timezone").notNull(),
		// null: every account of the workspace, as it is when the report runs.
		accountIds: text("account_ids", { mode: "json" }).$type<string[] | null>(),
		slackWebhookUrl: text("slack_webhook_url"),
		// When the cron sweep next finds it due; moved on as the sweep enqueues the run.
		nextRunAt: integer("next_run_at").notNull(),
		// Paused: the sweep skips it (run now still works); resuming schedules the next run from then.
		paused: integer("paused", { mode: "boolean" }).notNull().default(false),
		createdBy: text("created_by").notNull(),
		createdAt: createdAt(),
		updatedAt: integer("updated_at").notNull(),
	},
	(t) => [index("report_definition_workspace_idx").on(t.workspaceId), index("report_definition_due_idx").on(t.nextRunAt)],
);

/** One run of a report over one period: its content is built once and kept as JSON. */
export const reportRun = sqliteTable(
	"report_run",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		definitionId: text("definition_id").notNull(),
		// "YYYY-MM-DD..YYYY-MM-DD" (end exclusive) for a scheduled run, "manual:<id>" for a run asked for by hand:
		// unique per definition, so a repeated cron tick or a redelivered message cannot make a second run.
		periodKey: text("period_key").notNull(),
		periodStart: text("period_start").notNull(),
		// Exclusive; a manual run's period ends "now", kept in `periodEndAt`.
		periodEnd: text("period_end").notNull(),
		periodEndAt: integer("period_end_at").notNull(),
		trigger: text("trigger", { enum: ["schedule", "manual"] }).notNull(),
		status: text("status", { enum: reportRunStatuses }).notNull().default("queued"),
		// domain/reports/model.ts ReportData once ready.
		data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
		error: text("error"),
		enqueuedAt: integer("enqueued_at").notNull(),
		readyAt: integer("ready_at"),
		deliveryStatus: text("delivery_status", { enum: ["none", "pending", "delivered", "failed"] })
			.notNull()
			.default("none"),
		deliveryAttempts: integer("delivery_attempts").notNull().default(0),
		deliveryError: text("delivery_error"),
		createdBy: text("created_by").notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		uniqueIndex("report_run_period_unique").on(t.definitionId, t.periodKey),
		index("report_run_definition_idx").on(t.workspaceId, t.definitionId, t.createdAt),
		index("report_run_status_idx").on(t.status, t.enqueuedAt),
	],
);

/** A person's explanation of a standout item, a date or a section of a run; later runs show them in their trend view. */
export const reportAnnotation = sqliteTable(
	"report_annotation",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		runId: text("run_id").notNull(),
		definitionId: text("definition_id").notNull(),
		// A standout item id, a date "YYYY-MM-DD" or a section name.
		target: text("target").notNull(),
		// The date the note is about, so later runs can place it on their trend; null for a section note.
		date: text("date"),
		text: text("text").notNull(),
		authorId: text("author_id").notNull(),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [index("report_annotation_run_idx").on(t.runId), index("report_annotation_definition_idx").on(t.workspaceId, t.definitionId, t.date)],
);

/**
 * A connect flow in progress (OAuth 2 authorization code with PKCE): the state's hash, who started it
 * and the sealed PKCE verifier (plus a Mastodon instance's app credentials). Single-use: the callback
 * deletes the row as it reads it; rows past expiresAt are refused and swept.
 */
export const oauthState = sqliteTable(
	"oauth_state",
	{
		// SHA-256 (hex) of the state sent to the network: the table alone cannot answer a callback.
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		memberId: text("member_id").notNull(),
		network: text("network", { enum: networks }).notNull(),
		// AES-GCM like account credentials: { codeVerifier, clientId?, clientSecret? }.
		secrets: text("secrets").notNull(),
		instanceUrl: text("instance_url"),
		redirectUri: text("redirect_uri").notNull(),
		timezone: text("timezone").notNull(),
		// Reconnecting an existing account instead of adding one.
		accountId: text("account_id"),
		expiresAt: integer("expires_at").notNull(),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [index("oauth_state_expires_idx").on(t.expiresAt)],
);

export const webhookEventTypes = ["post.published", "post.failed", "post.needs_review", "conversation.assigned", "report.ready"] as const;

/** An outbound webhook: events the workspace sends to a URL, signed per Standard Webhooks. */
export const webhook = sqliteTable(
	"webhook",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		url: text("url").notNull(),
		events: text("events", { mode: "json" }).$type<string[]>().notNull(),
		// The signing secret ("whsec_…") sealed like account credentials: it must be readable to sign,
		// so it cannot be a hash; shown once at creation.
		secret: text("secret").notNull(),
		enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
		// Why Chorus stopped sending (repeated failures, or the receiver answered 410 Gone).
		disabledReason: text("disabled_reason"),
		// Deliveries in a row that used up every attempt; a success resets it.
		failedInARow: integer("failed_in_a_row").notNull().default(0),
		createdBy: text("created_by").notNull(),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [index("webhook_workspace_idx").on(t.workspaceId)],
);

/**
 * One event for one webhook, and its delivery log. Rows are written in the same batch as the change
 * they announce (an outbox), then sent through the WEBHOOKS queue; `enqueuedAt` null means not sent yet.
 */
export const webhookDelivery = sqliteTable(
	"webhook_delivery",
	{
		// Also the Standard Webhooks `webhook-id`: the same on every retry, so receivers can deduplicate.
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		webhookId: text("webhook_id").notNull(),
		eventType: text("event_type").notNull(),
		// The exact JSON body sent (and signed).
		payload: text("payload").notNull(),
		status: text("status", { enum: ["pending", "delivered", "failed", "skipped"] })
			.notNull()
			.default("pending"),
		attempts: integer("attempts").notNull().default(0),
		lastStatus: integer("last_status"),
		lastError: text("last_error"),
		createdAt: integer("created_at").notNull(),
		enqueuedAt: integer("enqueued_at"),
		lastAttemptAt: integer("last_attempt_at"),
		deliveredAt: integer("delivered_at"),
	},
	(t) => [index("webhook_delivery_webhook_idx").on(t.webhookId, t.createdAt), index("webhook_delivery_outbox_idx").on(t.enqueuedAt)],
);

/** A read-only calendar feed token (GET /calendar.ics?token=…): only its SHA-256 is stored. */
export const feedToken = sqliteTable(
	"feed_token",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		memberId: text("member_id").notNull(),
		name: text("name").notNull(),
		tokenHash: text("token_hash").notNull(),
		prefix: text("prefix").notNull(),
		// Only this account's posts, or the whole workspace's when null.
		accountId: text("account_id"),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [uniqueIndex("feed_token_hash_unique").on(t.tokenHash), index("feed_token_workspace_idx").on(t.workspaceId)],
);

/**
 * An invitation to join a workspace with a role. Only the SHA-256 of the link's secret is stored;
 * the link works once (acceptedAt) and until expiresAt.
 */
export const invitation = sqliteTable(
	"invitation",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		// Lower-cased.
		email: text("email").notNull(),
		role: text("role", { enum: roles }).notNull(),
		invitedBy: text("invited_by").notNull(),
		tokenHash: text("token_hash").notNull(),
		expiresAt: integer("expires_at").notNull(),
		acceptedAt: integer("accepted_at"),
		acceptedMemberId: text("accepted_member_id"),
		revokedAt: integer("revoked_at"),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("invitation_token_unique").on(t.tokenHash), index("invitation_workspace_idx").on(t.workspaceId, t.email)],
);

/** A single-use, expiring password-reset link of a person; like invitations, only the secret's hash is kept. */
export const passwordReset = sqliteTable(
	"password_reset",
	{
		id: text("id").primaryKey(),
		personId: text("person_id").notNull(),
		tokenHash: text("token_hash").notNull(),
		expiresAt: integer("expires_at").notNull(),
		usedAt: integer("used_at"),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("password_reset_token_unique").on(t.tokenHash), index("password_reset_person_idx").on(t.personId)],
);

/** Mail "sent" while CHORUS_ENV is local or test: shown at /dev/mailbox instead of leaving the machine. */
export const devMail = sqliteTable(
	"dev_mail",
	{
		id: text("id").primaryKey(),
		to: text("to").notNull(),
		subject: text("subject").notNull(),
		text: text("text").notNull(),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [index("dev_mail_to_idx").on(t.to, t.createdAt)],
);

/**
 * Every version of a post that went to review, and every review verdict, so a resubmitted post keeps
 * its history: what was submitted, who sent it back and why.
 */
export const postRevision = sqliteTable(
	"post_revision",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		postId: text("post_id").notNull(),
		revision: integer("revision").notNull(),
		event: text("event", { enum: ["submitted", "rejected", "changes_requested", "approved"] }).notNull(),
		body: text("body").notNull(),
		link: text("link"),
		scheduledAt: integer("scheduled_at"),
		reason: text("reason"),
		actorId: text("actor_id").notNull(),
		at: integer("at").notNull(),
	},
	(t) => [index("post_revision_post_idx").on(t.workspaceId, t.postId, t.at)],
);

/**
 * Something that happened and may concern members: written in the same breath as the change (the
 * outbox), then fanned out to recipients by the NOTIFY queue. `key` names the event, so recording
 * the same event twice (a repeated sweep, a redelivered message) is one event.
 */
export const notifyEvent = sqliteTable(
	"notify_event",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		key: text("key").notNull(),
		kind: text("kind", { enum: notificationKinds }).notNull(),
		data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
		createdAt: integer("created_at").notNull(),
		// When it was last handed to the NOTIFY queue; the sweep hands it again if fan-out never happened.
		dispatchedAt: integer("dispatched_at"),
		fannedOutAt: integer("fanned_out_at"),
		// When what it asked for was done (a post approved, a conversation answered): its notifications leave the bell.
		resolvedAt: integer("resolved_at"),
	},
	(t) => [uniqueIndex("notify_event_key_unique").on(t.workspaceId, t.key), index("notify_event_pending_idx").on(t.fannedOutAt, t.dispatchedAt)],
);

/**
 * A workspace's corrections of mention labels, as naive-Bayes counts: how many corrected mentions
 * with `token` the team gave `label` on `axis` (domain/mentions/adapt.ts). The workspace's own words only.
 */
export const mentionFeedback = sqliteTable(
	"mention_feedback",
	{
		workspaceId: text("workspace_id").notNull(),
		axis: text("axis", { enum: ["sentiment", "kind"] }).notNull(),
		label: text("label").notNull(),
		token: text("token").notNull(),
		n: integer("n").notNull(),
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.axis, t.label, t.token] })],
);

/** One member's copy of an event: unique per event and recipient, so fan-out may run twice harmlessly. */
export const notification = sqliteTable(
	"notification",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		memberId: text("member_id").notNull(),
		eventId: text("event_id").notNull(),
		kind: text("kind", { enum: notificationKinds }).notNull(),
		title: text("title").notNull(),
		body: text("body").notNull(),
		// A page inside Chorus, e.g. "/posts/<id>".
		link: text("link"),
		// Notifications with the same key show as one line on the bell ("12 conversations waiting on @x");
		// null: each stands alone. The label names what the group is about (an account's handle).
		groupKey: text("group_key"),
		groupLabel: text("group_label"),
		createdAt: integer("created_at").notNull(),
		readAt: integer("read_at"),
		// none: in-app only. pending → sent | failed; the mail step retries alone, the notification stays.
		emailStatus: text("email_status", { enum: ["none", "pending", "sent", "failed"] })
			.notNull()
			.default("none"),
		emailAttempts: integer("email_attempts").notNull().default(0),
		emailError: text("email_error"),
	},
	(t) => [
		uniqueIndex("notification_event_member_unique").on(t.eventId, t.memberId),
		index("notification_member_idx").on(t.workspaceId, t.memberId, t.createdAt),
	],
);

/** Which notifications a member gets, per kind; no row means the default (in-app on, email off). */
export const notificationPreference = sqliteTable(
	"notification_preference",
	{
		workspaceId: text("workspace_id").notNull(),
		memberId: text("member_id").notNull(),
		kind: text("kind", { enum: notificationKinds }).notNull(),
		inApp: integer("in_app", { mode: "boolean" }).notNull(),
		email: integer("email", { mode: "boolean" }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.memberId, t.kind] })],
);

/**
 * The optional second factor (TOTP, RFC 6238) of a person. The secret is sealed with CREDENTIALS_KEY,
 * bound to the person and to the workspace they enrolled from (workspace_id); it counts only once
 * confirmed with a first code (enabledAt).
 */
export const memberTotp = sqliteTable("member_totp", {
	personId: text("person_id").primaryKey(),
	workspaceId: text("workspace_id").notNull(),
	secret: text("secret").notNull(),
	enabledAt: integer("enabled_at"),
	// The last time step accepted: a code is never accepted twice.
	lastStep: integer("last_step").notNull().default(0),
	createdAt: integer("created_at").notNull(),
});

/** One-time recovery codes for a person's second factor, stored as SHA-256 hashes. */
export const recoveryCode = sqliteTable(
	"recovery_code",
	{
		id: text("id").primaryKey(),
		personId: text("person_id").notNull(),
		codeHash: text("code_hash").notNull(),
		usedAt: integer("used_at"),
	},
	(t) => [index("recovery_code_person_idx").on(t.personId)],
);

/** An uploaded image or video: the bytes live in R2 (MEDIA) under `key`, the facts about them here. */
export const media = sqliteTable(
	"media",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		key: text("key").notNull(),
		type: text("type").notNull(),
		size: integer("size").notNull(),
		// Required: every network shows it to people who cannot see the image.
		alt: text("alt").notNull(),
		// As the client measured them; the Worker does not decode images or video.
		width: integer("width"),
		height: integer("height"),
		durationSeconds: integer("duration_seconds"),
		createdById: text("created_by_id").notNull(),
		createdAt: createdAt(),
	},
	(t) => [index("media_workspace_idx").on(t.workspaceId, t.createdAt)],
);

/** The fixed, accessible palette a tag's colour comes from (web/static/app.css names each one). */
export const tagColours = ["slate", "red", "orange", "amber", "green", "teal", "blue", "indigo", "purple", "pink"] as const;

/** A label for posts (many per post), with a colour from the palette; the name is unique per workspace. */
export const tag = sqliteTable(
	"tag",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		name: text("name").notNull(),
		colour: text("colour", { enum: tagColours }).notNull(),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("tag_workspace_name_unique").on(t.workspaceId, t.name)],
);

/** Which tags a post carries. */
export const postTag = sqliteTable(
	"post_tag",
	{
		workspaceId: text("workspace_id").notNull(),
		postId: text("post_id").notNull(),
		tagId: text("tag_id").notNull(),
	},
	(t) => [primaryKey({ columns: [t.postId, t.tagId] }), index("post_tag_tag_idx").on(t.workspaceId, t.tagId)],
);

/** A campaign: dated, with a goal and the accounts it runs on; posts belong to at most one. */
export const campaign = sqliteTable(
	"campaign",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		name: text("name").notNull(),
		// Calendar dates "YYYY-MM-DD" in the workspace's zone, both included.
		startDate: text("start_date").notNull(),
		endDate: text("end_date").notNull(),
		goal: text("goal").notNull().default(""),
		accountIds: text("account_ids", { mode: "json" }).$type<string[]>().notNull().default([]),
		colour: text("colour", { enum: tagColours }).notNull().default("blue"),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("campaign_workspace_name_unique").on(t.workspaceId, t.name)],
);

/**
 * A link a manager shares with a client (/review/<token>): one post, or one campaign's posts. Only the
 * token's SHA-256 is stored; revoking sets revokedAt (the row stays, so the audit keeps its label).
 */
export const approvalLink = sqliteTable(
	"approval_link",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		createdById: text("created_by_id").notNull(),
		label: text("label").notNull(),
		tokenHash: text("token_hash").notNull(),
		prefix: text("prefix").notNull(),
		postId: text("post_id"),
		campaignId: text("campaign_id"),
		// Whether the client's approval is the approval the posting policy asks for (given on behalf of
		// the link's creator, through the same policy); otherwise it is recorded and a member still approves.
		countsAsApproval: integer("counts_as_approval", { mode: "boolean" }).notNull().default(false),
		expiresAt: integer("expires_at").notNull(),
		revokedAt: integer("revoked_at"),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("approval_link_hash_unique").on(t.tokenHash), index("approval_link_workspace_idx").on(t.workspaceId)],
);

export const repeatUnits = ["day", "week"] as const;

/**
 * An evergreen post: the rule by which a post repeats on one account. Each occurrence is a real post,
 * made ahead by the cron sweep (queues/series-schedule.ts) in the name of the series' author, at
 * `localTime` in `timezone` on every `every`-th day or week, until `untilAt` or `count` occurrences.
 */
export const postSeries = sqliteTable(
	"post_series",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		accountId: text("account_id").notNull(),
		authorId: text("author_id").notNull(),
		every: integer("every").notNull(),
		unit: text("unit", { enum: repeatUnits }).notNull(),
		untilAt: integer("until_at"),
		// Occurrences in all, the first post included.
		count: integer("count"),
		// The wall-clock time every occurrence keeps ("HH:MM"), across DST changes.
		localTime: text("local_time").notNull(),
		timezone: text("timezone").notNull(),
		// Stopped by a person (repeat: null), or ended by its own rule (count, until) or a deleted occurrence.
		endedAt: integer("ended_at"),
		endReason: text("end_reason"),
		createdAt: createdAt(),
		updatedAt: integer("updated_at").notNull(),
	},
	(t) => [index("post_series_active_idx").on(t.endedAt), index("post_series_workspace_idx").on(t.workspaceId)],
);

/**
 * One occurrence of a series: the post made for it, or why it was skipped. The primary key makes each
 * occurrence claimed once, however many sweeps run at the same time.
 */
export const seriesOccurrence = sqliteTable(
	"series_occurrence",
	{
		seriesId: text("series_id").notNull(),
		// 0 is the post the series was made from.
		idx: integer("idx").notNull(),
		workspaceId: text("workspace_id").notNull(),
		scheduledAt: integer("scheduled_at").notNull(),
		postId: text("post_id"),
		outcome: text("outcome", { enum: ["claimed", "created", "skipped"] }).notNull(),
		// Why it was skipped: the duplicate guard's or the posting policy's refusal, in words.
		reason: text("reason"),
		reasonCode: text("reason_code"),
		claimedAt: integer("claimed_at").notNull(),
	},
	(t) => [primaryKey({ columns: [t.seriesId, t.idx] }), index("series_occurrence_post_idx").on(t.workspaceId, t.postId)],
);

/** A first-party short link (/l/:code): one per link of a post, made when the post is scheduled. */
export const shortLink = sqliteTable(
	"short_link",
	{
		// ≥ 8 base62 characters from crypto.getRandomValues: not guessable by walking the space.
		code: text("code").primaryKey(),
		workspaceId: text("workspace_id").notNull(),
		postId: text("post_id").notNull(),
		accountId: text("account_id").notNull(),
		// The URL as written in the post, and where /l/:code sends people (with the account's UTM parameters).
		url: text("url").notNull(),
		target: text("target").notNull(),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("short_link_post_url_unique").on(t.postId, t.url), index("short_link_workspace_idx").on(t.workspaceId, t.postId)],
);

/**
 * Clicks on short links per day (UTC), counted here when the Worker has no Analytics Engine binding
 * (locally, in tests) and alongside it when deployed, so the pages read one place.
 */
export const linkClick = sqliteTable(
	"link_click",
	{
		code: text("code").notNull(),
		day: text("day").notNull(),
		workspaceId: text("workspace_id").notNull(),
		postId: text("post_id").notNull(),
		accountId: text("account_id").notNull(),
		clicks: integer("clicks").notNull().default(0),
	},
	(t) => [
		primaryKey({ columns: [t.code, t.day] }),
		index("link_click_post_idx").on(t.workspaceId, t.postId),
		index("link_click_account_idx").on(t.workspaceId, t.accountId, t.day),
	],
);
