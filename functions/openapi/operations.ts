/**
 * What the zod schemas cannot say about each operation: a summary, the success status, the business
 * errors it can answer with, and who may call it. Keyed by "METHOD /path" (OpenAPI path, without
 * /api/v1). A route the app serves but this table does not describe fails test/openapi (the spec
 * would be silent about it).
 */
export type Access = "member" | "open" | "feed-token";

export type OperationDoc = {
	summary: string;
	description?: string;
	/** The success status; 200 unless said. */
	status?: 200 | 201 | 202 | 204;
	/** Errors beyond the defaults (400 with a body or query, 401, 403, 404 with an id). */
	errors?: (409 | 412 | 422 | 429 | 503)[];
	access?: Access;
	/** The success body's media type when not JSON. */
	produces?: "text/csv" | "text/calendar";
	/** The request body's media type when not JSON. */
	consumes?: "text/csv";
	requestExample?: unknown;
	responseExample?: unknown;
};

const post = {
	id: "0b7c…",
	groupId: "5f1e…",
	accountId: "9a2d…",
	body: "Our spring release is out",
	link: "https://example.com/release",
	status: "scheduled",
	scheduledAt: "2026-12-01T09:00:00+01:00",
	timezone: "Europe/Berlin",
	revision: 1,
	author: { id: "m1…", name: "Olive Owner" },
	approver: null,
	holdReason: null,
	publishedAt: null,
	publishedBy: null,
	networkPostId: null,
	networkUrl: null,
	failureReason: null,
	announcementId: null,
	lint: [{ rule: "hashtags", severity: "warning", message: "3 hashtags; the mission allows 2" }],
};

export const operations: Record<string, OperationDoc> = {
	"POST /session": {
		summary: "Sign in (sets the session cookie)",
		description:
			"Failed tries are throttled per (address, client), per client and, with a higher ceiling, per address: 429 with Retry-After, never a lock-out of the member's own client.",
		access: "open",
		errors: [429],
		requestExample: { email: "owner@demo.test", password: "chorus-demo" },
	},
	"DELETE /session": { summary: "Sign out", status: 204, access: "open" },
	"POST /session/switch": {
		summary: "Switch the browser session to the same person's membership in another workspace",
		description:
			"Session only: an API token is bound to the membership that made it (403). A workspace the person is not a member of is 404, like any other workspace's id.",
		access: "open",
		requestExample: { workspaceId: "0f6f0c4e-6a2e-4f43-9a55-1c2f0d3a7b10" },
	},
	"POST /workspaces": {
		summary: "Sign up: a workspace with its owner and a first API token; or, signed in, another workspace of yours",
		description:
			'Without a session: a new person owns it (owner required) and the answer carries a first token. An address that is already registered is refused as 400 `validation_failed` on owner.email ("sign in, or use another address"); its holder is mailed how to sign in and create the workspace from there. Every attempt counts against the client\'s sign-ups (10 an hour): 429. With a browser session: the signed-in person owns the new workspace (no owner, no token) and the session moves there.',
		status: 201,
		access: "open",
		errors: [429],
	},
	"GET /me": {
		summary: "The calling member, their workspace and their memberships",
		description: "memberships: with a session, every workspace of the person (id, name, role, current); with an API token, only the token's own.",
	},
	"GET /members": { summary: "List members" },
	"POST /members": {
		summary: "Add a member",
		description:
			"An address with a sign-in elsewhere gets a membership here, answered exactly like a new member (its password is not set). 409 email_taken only for a member of this workspace.",
		status: 201,
		errors: [409],
	},
	"GET /members/{id}": { summary: "One member" },
	"PATCH /members/{id}": { summary: "Change a member's role or name" },
	"DELETE /members/{id}": { summary: "Remove a member (reassignTo when they own accounts, conversations or shifts)", status: 204, errors: [409] },
	"GET /tokens": { summary: "List API tokens" },
	"POST /tokens": {
		summary: "Create an API token (shown once)",
		status: 201,
		responseExample: { id: "t1…", name: "CI", prefix: "chorus_AbCd", token: "chorus_…" },
	},
	"DELETE /tokens/{id}": { summary: "Revoke an API token", status: 204 },
	"GET /accounts": { summary: "List social accounts" },
	"POST /accounts": {
		summary: "Connect a social account",
		status: 201,
		requestExample: { network: "sandbox", handle: "@chorus", timezone: "Europe/Berlin", postingPolicy: "open" },
	},
	"GET /accounts/{id}": { summary: "One account (credentials are never returned)" },
	"PATCH /accounts/{id}": { summary: "Change an account (pause, policy, owner, sandbox fail mode…)" },
	"DELETE /accounts/{id}": { summary: "Remove an account", status: 204, errors: [409] },
	"GET /accounts/{id}/slots": { summary: "The account's posting slots" },
	"PUT /accounts/{id}/slots": { summary: "Replace the account's posting slots", requestExample: { slots: [{ weekday: 1, time: "09:00" }] } },
	"GET /accounts/{id}/feed": { summary: "What the sandbox network published for this account" },
	"GET /accounts/{id}/mission": { summary: "The account's mission override" },
	"PUT /accounts/{id}/mission": { summary: "Set the account's mission override" },
	"GET /posts": { summary: "List posts (the calendar), filtered and paged", responseExample: { items: [post], next: null } },
	"POST /posts": {
		summary: "Create posts (one per account), as drafts or scheduled",
		status: 201,
		errors: [409, 422],
		requestExample: { accountIds: ["9a2d…"], body: "Our spring release is out", link: "https://example.com/release", scheduledAt: "2026-12-01T09:00:00+01:00" },
		responseExample: { groupId: "5f1e…", posts: [post] },
	},
	"GET /posts/{id}": { summary: "One post", responseExample: post },
	"PATCH /posts/{id}": { summary: "Edit a post (If-Match: <revision> for optimistic concurrency)", errors: [409, 412, 422] },
	"DELETE /posts/{id}": { summary: "Delete a draft or canceled post", status: 204, errors: [409] },
	"POST /posts/{id}/approve": { summary: "Approve a post waiting for approval", errors: [409] },
	"POST /posts/{id}/reject": { summary: "Send a post back to draft with a reason", errors: [409] },
	"POST /posts/{id}/cancel": { summary: "Cancel a post", errors: [409] },
	"POST /posts/{id}/publish-now": {
		summary: "Publish a post now",
		description:
			"Through the brand-voice policy: 403 when the post waits for another member's approval or someone else answers for the account now; 422 lint_failed; 409 duplicate_post, workspace_paused, account_paused, needs_reconnect. On a waiting reply it is that reply's approval.",
		status: 202,
		errors: [409, 422],
	},
	"GET /posts/{id}/attempts": { summary: "Every publish attempt of a post, with the network's answer" },
	"GET /posts/{id}/links": {
		summary: "The post's first-party short links (/l/:code), each with its target (UTM parameters added) and its clicks",
		description: "Made when a post with shortenLinks (or in a workspace with shortenLinks) is scheduled. Clicks are counted per link, so per post and account.",
	},
	"GET /posts.csv": { summary: "Export the calendar as CSV (the columns the import reads back)", produces: "text/csv" },
	"POST /posts/import": {
		summary: "Import posts from CSV (Chorus or Hootsuite bulk-composer columns): all rows or none",
		description:
			'Every row is checked like POST /posts (length per network, mission lint, duplicates, duty and approval). Any wrong row: 422 `import_failed`, nothing saved, `issues[].path` = ["rows", line, field] and `details.rows` the per-row report. Up to 5,000 rows. `dryRun=true` checks without saving (200).',
		status: 201,
		consumes: "text/csv",
		errors: [422],
		requestExample: "account,body,link,scheduledAt,status\n@chorus,Our spring release is out,https://example.com/release,2026-12-01T09:00:00+01:00,scheduled\n",
		responseExample: {
			format: "chorus",
			imported: 1,
			dryRun: false,
			rows: [
				{ line: 2, ok: true, accountId: "9a2d…", status: "scheduled", scheduledAt: "2026-12-01T09:00:00+01:00", postId: "0b7c…", errors: [], warnings: [] },
			],
		},
	},
	"GET /calendar": { summary: "The calendar by day, in the workspace's timezone" },
	"GET /calendar.ics": {
		summary: "Subscribable iCalendar feed (Google Calendar, Outlook) with a read-only feed token",
		access: "feed-token",
		produces: "text/calendar",
	},
	"GET /feed-tokens": { summary: "List calendar feed tokens" },
	"POST /feed-tokens": {
		summary: "Create a read-only calendar feed token (shown once, with the feed URL)",
		status: 201,
		requestExample: { name: "Google Calendar" },
		responseExample: {
			id: "f1…",
			name: "Google Calendar",
			prefix: "chorus_feed_AbC",
			accountId: null,
			token: "chorus_feed_…",
			url: "https://chorus.example/api/v1/calendar.ics?token=chorus_feed_…",
		},
	},
	"DELETE /feed-tokens/{id}": { summary: "Revoke a feed token", status: 204 },
	"GET /tags": { summary: "List the workspace's tags" },
	"POST /tags": {
		summary: "Add a tag (name unique in the workspace, colour from the fixed palette)",
		status: 201,
		errors: [409],
		requestExample: { name: "Launch", colour: "green" },
		responseExample: { id: "tg1…", name: "Launch", colour: "green" },
	},
	"PATCH /tags/{id}": { summary: "Rename or recolour a tag", errors: [409] },
	"DELETE /tags/{id}": { summary: "Delete a tag (it leaves every post that carried it)", status: 204 },
	"GET /campaigns": { summary: "List the workspace's campaigns" },
	"POST /campaigns": {
		summary: "Add a campaign: dates, goal, the accounts it runs on (none: any)",
		status: 201,
		errors: [409, 422],
		requestExample: { name: "Spring", startDate: "2026-03-01", endDate: "2026-03-31", goal: "Sell the spring range", accountIds: ["9a2d…"], colour: "teal" },
	},
	"GET /campaigns/{id}": { summary: "One campaign" },
	"PATCH /campaigns/{id}": { summary: "Change a campaign", errors: [409, 422] },
	"DELETE /campaigns/{id}": { summary: "Delete a campaign (its posts stay, in no campaign; its approval links are revoked)", status: 204 },
	"GET /approval-links": { summary: "List client approval links (never their tokens), optionally of one post or campaign" },
	"POST /approval-links": {
		summary: "Share a post or a campaign's posts with a client: a signed, expiring /review link (shown once)",
		description:
			"Managers and owners. `countsAsApproval`: the client's approval of a post waiting for approval is given on behalf of the link's creator through the posting policy (refused where the policy wants someone else); otherwise it is only recorded. Asking for changes sends a pending post back as changes_requested. Every decision is audited as the link (`actor: link:<id>`, `after.by: \"client via link <label>\"`).",
		status: 201,
		errors: [422],
		requestExample: { label: "Acme marketing", expiresAt: "2026-12-14T23:59:00+01:00", postId: "0b7c…", countsAsApproval: true },
		responseExample: { id: "al1…", label: "Acme marketing", state: "active", url: "https://chorus.example/review/chorus_review_…" },
	},
	"GET /approval-links/{id}": { summary: "One approval link, with its state (active, expired, revoked)" },
	"DELETE /approval-links/{id}": { summary: "Revoke an approval link: its page answers 410 at once", status: 204 },
	"GET /shifts": { summary: "List shifts" },
	"POST /shifts": { summary: "Add a shift or a dated override", status: 201 },
	"GET /shifts/{id}": { summary: "One shift" },
	"PATCH /shifts/{id}": { summary: "Change a shift" },
	"DELETE /shifts/{id}": { summary: "Remove a shift", status: 204 },
	"GET /duty": { summary: "Who is responsible for an account at an instant" },
	"GET /duty/gaps": { summary: "Times no one is on duty" },
	"GET /audit": {
		summary:
			"The audit trail; details the reader may not see through the object's own route (webhooks, invitations, others' tokens) come back null with `redacted: true`",
	},
	"POST /mentions": { summary: "Ingest mentions and replies (idempotent per externalId)", status: 201 },
	"GET /mentions": { summary: "List mentions, classified" },
	"PATCH /mentions/{id}": {
		summary:
			"Correct a mention's sentiment or kind (anyone who may reply): audited, read by insights at once, and learnt by the workspace's own classifier layer for the mentions that follow",
	},
	"GET /mission": { summary: "The workspace mission" },
	"PUT /mission": { summary: "Set the workspace mission" },
	"POST /lint": { summary: "Lint a draft against the mission and the network's rules (nothing saved)" },
	"POST /announcements": { summary: "Announce on a main account with local variants", status: 201, errors: [409, 422] },
	"GET /announcements/{id}": { summary: "An announcement with each variant's consistency findings" },
	"GET /conversations": { summary: "List conversations" },
	"GET /conversations/{id}": { summary: "One conversation with its messages" },
	"POST /conversations/{id}/claim": { summary: "Claim a conversation", errors: [409] },
	"POST /conversations/{id}/release": { summary: "Release a conversation", errors: [409] },
	"POST /conversations/{id}/handoff": { summary: "Hand a conversation to another member", errors: [409, 422] },
	"POST /conversations/{id}/replies": {
		summary: "Reply (the first member to reply owns the conversation)",
		description:
			"Through the brand-voice policy: a reply breaking the mission lint is 422 lint_failed naming the rule; a reply by someone the account's posting policy would not let speak now (another member owns the account or is on shift) is stored with status pending_approval and sent only once approved (POST /replies/{id}/approve); otherwise status publishing. While the workspace or account is paused, a reply that would go out now is 409.",
		status: 201,
		errors: [409, 422],
		responseExample: {
			id: "r1…",
			conversationId: "c1…",
			status: "pending_approval",
			owner: { id: "m1…", name: "Ari Author" },
			approvalFrom: { id: "m2…", name: "Mona Manager" },
			inReplyTo: "ext-1",
		},
	},
	"GET /replies/pending": { summary: "Replies waiting for approval, oldest first (conversationId to narrow to one conversation)" },
	"POST /replies/{id}/approve": {
		summary: "Approve a waiting reply: it is sent now",
		description:
			"Only the member it waits for, an owner, or (when it waits for nobody in particular) any manager. The mission lint, pause and emergency stop apply again.",
		status: 202,
		errors: [409, 422],
	},
	"POST /replies/{id}/reject": {
		summary: "Reject a waiting reply with a reason: it is never sent and its author is told",
		errors: [409],
		requestExample: { reason: "We do not promise refunds" },
	},
	"GET /webhooks": { summary: "List webhooks (with disabledReason once Chorus stopped sending)" },
	"POST /webhooks": {
		summary: "Create a webhook; the signing secret is shown once",
		description:
			"Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the secret. Events: post.published, post.failed, post.needs_review, conversation.assigned, report.ready. Only https URLs without credentials; private, loopback, link-local and reserved addresses (also wrapped in IPv6: mapped, 6to4, NAT64) are refused (plain loopback is allowed in local and test runs).",
		status: 201,
		requestExample: { url: "https://hooks.example.com/chorus", events: ["post.published", "post.failed"] },
		responseExample: {
			id: "w1…",
			url: "https://hooks.example.com/chorus",
			events: ["post.published", "post.failed"],
			enabled: true,
			disabledReason: null,
			failedInARow: 0,
			secret: "whsec_…",
		},
	},
	"GET /webhooks/{id}": { summary: "One webhook" },
	"PATCH /webhooks/{id}": { summary: "Change a webhook; enabled: true re-enables one Chorus disabled" },
	"DELETE /webhooks/{id}": { summary: "Delete a webhook and its delivery log", status: 204 },
	"GET /webhooks/{id}/deliveries": {
		summary: "The webhook's delivery log, newest first",
		responseExample: {
			items: [
				{
					id: "msg_…",
					event: "post.published",
					status: "delivered",
					attempts: 2,
					lastStatus: 204,
					lastError: null,
					payload: { type: "post.published", timestamp: "2026-12-01T08:00:01Z", data: { post: { id: "0b7c…" } } },
				},
			],
			next: null,
		},
	},
	"GET /workspace": { summary: "The workspace, with whether publishing is stopped (paused, pausedAt)" },
	"PATCH /workspace": {
		summary: "Change the workspace's settings (owners): shortenLinks sends every post's links as first-party short links",
	},
	"POST /workspace/pause": { summary: "Emergency stop: nothing goes out until resumed; due posts wait with holdReason workspace_paused" },
	"POST /workspace/resume": { summary: "Lift the emergency stop: held posts go out once each, in planned order" },
	"POST /accounts/connect": {
		summary:
			"Connect an account: the network's sign-in URL (OAuth 2, with PKCE for X and Mastodon; Mastodon per instance; see docs/networks.md), or the account at once for Bluesky (handle + app password)",
		description:
			"instanceUrl (Mastodon) and service (Bluesky) follow the outbound URL rules: https, a public host, no credentials; a refused address is 400 validation_failed naming the field. A network's error answer is shown as a summary (status, error code, short message).",
		status: 201,
		errors: [422],
	},
	"POST /accounts/{id}/pause": { summary: "Pause publishing for one account (posts wait with holdReason account_paused)" },
	"POST /accounts/{id}/resume": { summary: "Resume publishing for one account" },
	"POST /posts/{id}/retract": {
		summary: "Retract a published post: delete it on the network and record who and why",
		errors: [409],
		requestExample: { reason: "Wrong date in the announcement" },
	},
	"GET /reports": { summary: "List report definitions" },
	"POST /reports": {
		summary: "Define a scheduled report (weekly by default)",
		status: 201,
		requestExample: { name: "Weekly social", cadence: "weekly", timezone: "Europe/Berlin" },
	},
	"GET /reports/{id}": { summary: "One report definition" },
	"PATCH /reports/{id}": { summary: "Change a report definition" },
	"DELETE /reports/{id}": { summary: "Delete a report definition", status: 204 },
	"POST /reports/{id}/run": {
		summary:
			'Build a run now: without a body, the period so far (on its first day, when nothing of it is complete, the last complete period); { period: "previous" } the period before the current one; { from, to } local dates, both inclusive, at most 367 days, not starting in the future',
		status: 202,
	},
	"GET /reports/{id}/runs": { summary: "A report's runs, newest first" },
	"GET /report-runs/{file}": { summary: "One run: {id} (JSON), {id}.html (a printable page with charts) or {id}.csv (the data behind each chart)" },
	"POST /report-runs/{id}/annotations": { summary: "Explain a standout item, a date or a section of a run; later runs show it in their trend", status: 201 },
	"GET /invitations": { summary: "Open invitations of the workspace" },
	"POST /invitations": {
		summary: "Invite someone by email with a role; the single-use link (7 days) goes out by mail",
		description:
			"Answered the same whether or not the address belongs to another workspace (that address is mailed a notice instead of a link). 409 `email_taken` only for a member of this workspace who has a password. At most 3 a day to one address and 50 a day per workspace (429). 503 `public_url_missing` when deployed without PUBLIC_URL.",
		status: 201,
		errors: [409, 429, 503],
		requestExample: { email: "lea@example.com", role: "author" },
	},
	"DELETE /invitations/{id}": { summary: "Withdraw an invitation", status: 204 },
	"GET /invitations/accept": {
		summary: "What an invitation link is for (workspace, role, signInToAccept), while it is usable",
		access: "open",
	},
	"POST /invitations/accept": {
		summary: "Accept an invitation: a new person sets name and password (signed in); a person with a sign-in accepts signed in (session moves there)",
		description: "401 sign_in_required when the address has a sign-in and no session of that person is sent; 403 for another person's session.",
		status: 201,
		access: "open",
		errors: [409],
	},
	"POST /password-resets": {
		summary: "Mail a single-use password reset link (always 202: who is a member is not revealed)",
		status: 202,
		access: "open",
		errors: [503],
	},
	"POST /password-resets/confirm": { summary: "Set a new password with a reset link; ends every session of the member", status: 204, access: "open" },
	"GET /notifications": { summary: "The caller's notifications, newest first, with the unread count" },
	"GET /notifications/preferences": { summary: "Which notifications the caller gets, in the app and by email" },
	"PUT /notifications/preferences": { summary: "Choose which notifications the caller gets, in the app and by email" },
	"POST /notifications/read-all": { summary: "Mark every notification read" },
	"GET /notifications/bell": {
		summary:
			'The bell: unread notifications that still ask something, one line per group ("12 conversations waiting on @x"), approvals first; resolved ones (a post someone approved, a conversation answered) are left out',
	},
	"POST /notifications/read-group": { summary: "Mark one bell line read: every unread notification of the caller's with that group key" },
	"POST /notifications/{id}/read": { summary: "Mark one notification read" },
	"GET /second-factor": { summary: "Whether the caller has a second factor (TOTP)" },
	"POST /second-factor": { summary: "Start TOTP enrolment: a secret and an otpauth URI (owners and managers)", status: 201 },
	"POST /second-factor/confirm": { summary: "Confirm enrolment with a first code; returns 10 one-time recovery codes", errors: [409] },
	"DELETE /second-factor": { summary: "Turn the second factor off (with a code or a recovery code)", status: 204 },
	"POST /posts/{id}/request-changes": { summary: "Send a pending post back to its author with what to change", errors: [409] },
	"GET /posts/{id}/revisions": { summary: "The post's review history: each submission and each verdict, with reasons" },
	"POST /metrics": { summary: "Record daily account metrics (and per-post figures) from an integration; idempotent per account and day", status: 201 },
	"GET /insights": {
		summary: "What users say and how the accounts grow: praise, concerns and questions by topic, reach beyond followers, answers, followers and engagement",
	},
	"POST /media": {
		summary:
			"Upload an image or video with its alt text (multipart file + alt, or the raw bytes with alt in the query); stored in R2. The bytes are sniffed (magic bytes): bytes that are not the declared JPEG, PNG, GIF, WebP or MP4/MOV are 422 on `file`",
		status: 201,
		errors: [422],
		responseExample: {
			id: "md1…",
			type: "image/png",
			size: 48213,
			alt: "The team at the launch",
			width: 1200,
			height: 800,
			durationSeconds: null,
			url: "/api/v1/media/md1…/raw",
		},
	},
	"GET /media/{id}": { summary: "One upload's facts (type, size, alt text, dimensions)" },
	"GET /media/{id}/raw": { summary: "The uploaded bytes, for previews" },
	"GET /media-links/{token}": {
		summary: "The bytes of one upload behind a signed 48-hour link, for networks that fetch media themselves (Threads, Instagram)",
		description: "The signed token is the credential (no member token). A forged, altered or expired token is 404, like unknown media.",
		access: "open",
	},
	"DELETE /media/{id}": {
		summary: "Delete an upload (its bytes and its row); authors their own, managers and owners any",
		description:
			"409 `media_in_use` naming the posts (`details.posts`) while a scheduled, pending-approval or publishing post uses it. Audited as media.delete.",
		status: 204,
		errors: [409],
	},
	"GET /networks": {
		summary: "What Chorus can do on each network and its limits (text, media, video)",
		responseExample: {
			items: [
				{
					network: "x",
					publish: { text: true, images: true, video: true, carousel: true },
					threads: true,
					firstComment: false,
					replies: true,
					reads: { mentions: true, comments: false },
					metrics: true,
					retract: true,
					edit: false,
					text: { limit: 280, unit: "weighted characters", counting: "twitter-text weighted length: URLs count 23, CJK and emoji 2" },
					media: { maxImages: 4, maxVideos: 1, videoTypes: ["video/mp4"], maxVideoSeconds: 140, "…": "…" },
					docs: ["https://docs.x.com/x-api/media/quickstart/best-practices"],
				},
			],
		},
	},
	"GET /openapi.json": { summary: "This document", access: "open" },
	"GET /docs": { summary: "Interactive API reference (HTML)", access: "open" },
};
