/**
 * The D1 schema. Every table but `workspace` carries `workspace_id` and every query filters by it, so
 * sharding by workspace stays a configuration change (DESIGN.md, Scale path).
 *
 * Instants are stored as integer milliseconds since the epoch (UTC); zones are IANA names.
 * Edit this file, then `npm run db:generate`: never hand-edit db/migrations.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const roles = ["owner", "manager", "author", "analyst"] as const;
export const networks = ["sandbox", "mastodon", "bluesky", "x", "linkedin", "facebook"] as const;
export const postingPolicies = ["open", "owner", "shift"] as const;
export const postStatuses = [
	"draft",
	"pending_approval",
	"scheduled",
	"publishing",
	"published",
	"failed",
	"needs_review",
	"canceled",
] as const;

const createdAt = () =>
	integer("created_at")
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

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
	createdAt: createdAt(),
});

export const member = sqliteTable(
	"member",
	{
		id: text("id").primaryKey(),
		workspaceId: text("workspace_id")
			.notNull()
			.references(() => workspace.id),
		// Lower-cased. Sign-in is by email alone, so an email belongs to one member in one workspace.
		email: text("email").notNull(),
		name: text("name").notNull(),
		role: text("role", { enum: roles }).notNull(),
		// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"; null until a password is set.
		passwordHash: text("password_hash"),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("member_email_unique").on(t.email), index("member_workspace_idx").on(t.workspaceId)],
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
		// A reply to a conversation goes out through the same path as any post, but is not on the calendar.
		kind: text("kind", { enum: ["post", "reply"] }).notNull().default("post"),
		conversationId: text("conversation_id"),
		// The network's id of the message replied to.
		inReplyTo: text("in_reply_to"),
		// Images and video attached, in order: ids of `media` rows of the same workspace.
		mediaIds: text("media_ids", { mode: "json" }).$type<string[]>().notNull().default([]),
		lint: text("lint", { mode: "json" })
			.$type<{ rule: string; severity: "error" | "warning"; message: string }[]>()
			.notNull()
			.default([]),
		createdAt: createdAt(),
		updatedAt: integer("updated_at").notNull(),
	},
	(t) => [
		index("post_conversation_idx").on(t.conversationId),
		index("post_calendar_idx").on(t.workspaceId, t.calendarAt),
		index("post_account_idx").on(t.workspaceId, t.accountId, t.calendarAt),
		index("post_due_idx").on(t.status, t.scheduledAt),
		index("post_group_idx").on(t.workspaceId, t.groupId),
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
		key: text("key").notNull(),
		// SHA-256 of method, path and canonical JSON body.
		requestHash: text("request_hash").notNull(),
		// Null while the first request is still running.
		responseStatus: integer("response_status"),
		responseBody: text("response_body"),
		createdAt: createdAt(),
		expiresAt: integer("expires_at").notNull(),
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

/** Failed sign-ins per key ("email:<addr>" or "ip:<addr>") in a fixed window. */
export const signInFailure = sqliteTable("sign_in_failure", {
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
	},
	// One row per attempt and outcome: a reconciliation logs under the number of the send it settled.
	(t) => [uniqueIndex("publish_attempt_post_n").on(t.postId, t.n, t.outcome), index("publish_attempt_workspace_idx").on(t.workspaceId, t.postId)],
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
		isFollower: integer("is_follower", { mode: "boolean" }),
		conversationId: text("conversation_id").notNull(),
		receivedAt: integer("received_at").notNull(),
	},
	(t) => [
		uniqueIndex("mention_external_unique").on(t.workspaceId, t.network, t.externalId),
		index("mention_conversation_idx").on(t.conversationId, t.createdAt),
		index("mention_account_idx").on(t.workspaceId, t.accountId, t.createdAt),
	],
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
		status: text("status", { enum: ["open", "closed"] }).notNull().default("open"),
		handoffNote: text("handoff_note"),
		lastInboundAt: integer("last_inbound_at"),
		lastOutboundAt: integer("last_outbound_at"),
		createdAt: integer("created_at").notNull(),
	},
	(t) => [index("conversation_workspace_idx").on(t.workspaceId, t.lastInboundAt), index("conversation_account_author_idx").on(t.workspaceId, t.accountId, t.authorHandle)],
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
