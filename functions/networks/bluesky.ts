/**
 * Bluesky (any atproto PDS). Publishing is com.atproto.repo.putRecord at a record key (a TID) chosen
 * once per post, with swapRecord: null ("only if the key is empty"): a retry after a lost answer either
 * writes nothing new (same content: 200 without a commit) or is refused (other content: 400 InvalidSwap),
 * never a second post. Behaviour checked against the reference PDS (test/node/bluesky-pds.test.ts).
 * Sessions come from createSession with an app password, live in the account's SessionCache, and are
 * refreshed on ExpiredToken/InvalidToken, because the PDS limits logins per account (30 per 5 minutes).
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { linkFacets, mentionCandidates, richTextFacets } from "./bluesky-facets";
import { credentialSchemas } from "./credentials";
import { answerOf, clip, outcomeForFailure, outcomeForStatus, parseRetryAfter, readJson, retractOutcome, type Sent, sendWithTimeout } from "./http";
import { uploadEach, uploaded, uploadFailure } from "./media-upload";
import type {
	AccountContext,
	BlueskyReplyRefs,
	FoundPost,
	MediaUpload,
	MediaUploadOutcome,
	NetworkAdapter,
	PreparedRequest,
	PublishOutcome,
	PublishRequest,
	RetractOutcome,
	SessionCache,
} from "./types";

const collection = "app.bsky.feed.post";

const sessionSchema = z.object({
	service: z.string(),
	identifier: z.string(),
	did: z.string().startsWith("did:"),
	handle: z.string(),
	accessJwt: z.string().min(1),
	refreshJwt: z.string().min(1),
});
type Session = z.infer<typeof sessionSchema>;

const sessionAnswer = z.object({ did: z.string().startsWith("did:"), handle: z.string(), accessJwt: z.string().min(1), refreshJwt: z.string().min(1) });
const xrpcError = z.object({ error: z.string(), message: z.string().optional() });
const putAnswer = z.object({ uri: z.string().startsWith("at://"), cid: z.string(), commit: z.object({ cid: z.string(), rev: z.string() }).optional() });
const blobAnswer = z.object({
	blob: z.object({ $type: z.literal("blob"), ref: z.object({ $link: z.string() }), mimeType: z.string(), size: z.number() }).loose(),
});
const deleteAnswer = z.object({ commit: z.object({ cid: z.string(), rev: z.string() }).optional() });
const getAnswer = z.object({ uri: z.string(), value: z.object({ text: z.string() }) });
const strongRef = z.object({ uri: z.string().startsWith("at://"), cid: z.string().min(1) });
/** com.atproto.repo.getRecord of the post answered: its own strong ref, and its root if it is a reply itself. */
const parentAnswer = z.object({
	uri: z.string().startsWith("at://"),
	cid: z.string().min(1),
	value: z.object({ reply: z.object({ root: strongRef }).nullish() }).loose(),
});
const resolveAnswer = z.object({ did: z.string().startsWith("did:") });

type Credentials = z.infer<typeof credentialSchemas.bluesky>;

export function xrpcUrl(service: string, method: string, params?: Record<string, string>): string {
	const url = new URL(`/xrpc/${method}`, service);
	for (const [key, value] of Object.entries(params ?? {})) url.searchParams.set(key, value);
	return url.toString();
}

function errorName(sent: Sent): string | null {
	return sent.kind === "response" ? (readJson(sent.body, xrpcError)?.error ?? null) : null;
}

/** The access token was refused as a token (not as a permission): a new one may work. */
function tokenRefused(sent: Sent): boolean {
	if (sent.kind !== "response" || (sent.status !== 400 && sent.status !== 401)) return false;
	const name = errorName(sent);
	return name === "ExpiredToken" || name === "InvalidToken" || (sent.status === 401 && name !== "AuthFactorTokenRequired");
}

/** A failed session call: nothing was published by it, so it is never "unknown". */
function sessionFailure(sent: Sent, what: string): PublishOutcome {
	if (sent.kind !== "response") return { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`${what}: ${sent.reason}`) } };
	const answer = answerOf(sent.status, sent.body, what);
	if (sent.status === 429) return { kind: "retry", retryAfterSeconds: parseRetryAfter(sent.headers), answer };
	if (sent.status >= 500 || sent.status === 408) return { kind: "retry", retryAfterSeconds: null, answer };
	// Wrong app password (401 AuthenticationRequired), 2FA token needed, account taken down or deactivated.
	return { kind: "auth", answer };
}

type SessionResult = { session: Session } | { outcome: PublishOutcome };

async function createSession(creds: Credentials, cache: SessionCache): Promise<SessionResult> {
	const sent = await sendWithTimeout(guardedFetch, xrpcUrl(creds.service, "com.atproto.server.createSession"), {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json" },
		body: JSON.stringify({ identifier: creds.identifier, password: creds.appPassword }),
	});
	const parsed = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, sessionAnswer) : null;
	if (!parsed) {
		if (sent.kind === "response" && (sent.status === 400 || sent.status === 401)) await cache.set(null);
		return { outcome: sessionFailure(sent, "Bluesky sign-in failed") };
	}
	const session = { service: creds.service, identifier: creds.identifier, ...parsed };
	await cache.set(session);
	return { session };
}

/** Connecting: do this handle and app password open a session? (The session itself is not kept.) */
export async function blueskySignIn(
	creds: Credentials,
): Promise<{ kind: "ok"; did: string; handle: string } | { kind: "refused" | "unreachable"; summary: string }> {
	const discard: SessionCache = { get: async () => null, set: async () => {} };
	const result = await createSession(creds, discard);
	if ("session" in result) return { kind: "ok", did: result.session.did, handle: result.session.handle };
	return { kind: result.outcome.kind === "auth" ? "refused" : "unreachable", summary: result.outcome.answer.summary };
}

async function refreshSession(creds: Credentials, old: Session, cache: SessionCache): Promise<SessionResult> {
	const sent = await sendWithTimeout(guardedFetch, xrpcUrl(creds.service, "com.atproto.server.refreshSession"), {
		method: "POST",
		headers: { Authorization: `Bearer ${old.refreshJwt}`, Accept: "application/json" },
	});
	const parsed = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, sessionAnswer) : null;
	if (parsed) {
		const session = { service: creds.service, identifier: creds.identifier, ...parsed };
		await cache.set(session);
		return { session };
	}
	// The refresh token expired or was revoked: sign in again with the app password.
	if (tokenRefused(sent) || (sent.kind === "response" && sent.status === 400)) return createSession(creds, cache);
	return { outcome: sessionFailure(sent, "Bluesky session refresh failed") };
}

async function cachedSession(creds: Credentials, cache: SessionCache): Promise<Session | null> {
	const parsed = sessionSchema.safeParse(await cache.get());
	// A session for another PDS or login (the account was reconnected) is no use here.
	return parsed.success && parsed.data.service === creds.service && parsed.data.identifier === creds.identifier ? parsed.data : null;
}

/** Runs call with a session, renewing it once when the PDS refuses the access token. */
export async function withSession(
	creds: Credentials,
	cache: SessionCache,
	call: (session: Session) => Promise<Sent>,
): Promise<{ session: Session; sent: Sent } | { outcome: PublishOutcome }> {
	let session = await cachedSession(creds, cache);
	let fresh = false;
	if (!session) {
		const created = await createSession(creds, cache);
		if ("outcome" in created) return created;
		session = created.session;
		fresh = true;
	}
	const sent = await call(session);
	if (!tokenRefused(sent)) return { session, sent };
	if (fresh) return { outcome: sessionFailure(sent, "Bluesky refused a new session") };
	const renewed = await refreshSession(creds, session, cache);
	if ("outcome" in renewed) return renewed;
	const again = await call(renewed.session);
	if (tokenRefused(again)) return { outcome: sessionFailure(again, "Bluesky refused a renewed session") };
	return { session: renewed.session, sent: again };
}

function postUrl(did: string, rkey: string): string {
	// The DID, not the handle: handles can change, DIDs cannot, and bsky.app resolves both.
	return `https://bsky.app/profile/${did}/post/${rkey}`;
}

function blueskyRecord(request: PublishRequest) {
	// The facets fixed with the request (prepare); a request fixed before facets were prepared has links only.
	const facets = request.facets ?? linkFacets(request.text);
	return {
		$type: collection,
		text: request.text,
		createdAt: request.createdAt,
		...(request.inReplyTo && request.replyRefs ? { reply: request.replyRefs } : {}),
		...(facets.length > 0 ? { facets } : {}),
		...(request.media?.length ? { embed: imagesEmbed(request.media) } : {}),
	};
}

/**
 * app.bsky.embed.images: the uploaded blobs with their alt text, and their shape when the client gave
 * it. A video (alone on the post, domain/capabilities.ts) goes as app.bsky.embed.video instead: its
 * blob uploaded with uploadBlob like an image, the "simple" path of docs.bsky.app/docs/tutorials/video
 * (Bluesky's video service processes it after the post is made).
 */
function imagesEmbed(media: NonNullable<PublishRequest["media"]>) {
	const video = media.find((m) => m.type.startsWith("video/"));
	if (video) {
		return {
			$type: "app.bsky.embed.video",
			video: video.blob,
			alt: video.alt,
			...(video.width && video.height ? { aspectRatio: { width: video.width, height: video.height } } : {}),
		};
	}
	return {
		$type: "app.bsky.embed.images",
		images: media.map((m) => ({ alt: m.alt, image: m.blob, ...(m.width && m.height ? { aspectRatio: { width: m.width, height: m.height } } : {}) })),
	};
}

/** com.atproto.repo.uploadBlob: the raw bytes; the blob is kept once a record references it. */
async function uploadMedia(account: AccountContext, items: MediaUpload[], cache: SessionCache): Promise<MediaUploadOutcome> {
	const creds = credentialSchemas.bluesky.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Bluesky credentials incomplete: reconnect the account" } };
	return uploadEach(items, async (item) => {
		const result = await withSession(creds.data, cache, (session) =>
			sendWithTimeout(
				guardedFetch,
				xrpcUrl(session.service, "com.atproto.repo.uploadBlob"),
				{
					method: "POST",
					headers: { Authorization: `Bearer ${session.accessJwt}`, "Content-Type": item.type, Accept: "application/json" },
					body: item.bytes,
				},
				60_000,
			),
		);
		if ("outcome" in result) {
			const o = result.outcome;
			return o.kind === "retry" || o.kind === "auth" || o.kind === "rejected" ? o : { kind: "retry", retryAfterSeconds: null, answer: o.answer };
		}
		const blob = result.sent.kind === "response" && result.sent.status === 200 ? readJson(result.sent.body, blobAnswer) : null;
		return blob ? uploaded(item, blob.blob.ref.$link, { blob: blob.blob }) : uploadFailure(result.sent, "Bluesky uploadBlob failed");
	});
}

/**
 * com.atproto.identity.resolveHandle on the account's PDS (it resolves its own accounts' handles and
 * others' through DNS or the app view; no session needed). 400 (HandleNotFound, or InvalidRequest
 * "Unable to resolve handle") means no such handle: null. Anything else is trouble worth a retry.
 */
async function resolveHandle(service: string, handle: string): Promise<{ did: string | null } | { outcome: PublishOutcome }> {
	const sent = await sendWithTimeout(guardedFetch, xrpcUrl(service, "com.atproto.identity.resolveHandle", { handle }), {
		headers: { Accept: "application/json" },
	});
	if (sent.kind !== "response")
		return { outcome: { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`Bluesky resolveHandle ${handle}: ${sent.reason}`) } } };
	const resolved = sent.status === 200 ? readJson(sent.body, resolveAnswer) : null;
	if (resolved) return { did: resolved.did };
	if (sent.status === 400) return { did: null };
	const answer = answerOf(sent.status, sent.body, `Bluesky resolveHandle ${handle}`);
	return { outcome: { kind: "retry", retryAfterSeconds: sent.status === 429 ? parseRetryAfter(sent.headers) : null, answer } };
}

/**
 * Before the first send: the record's facets, with every @handle resolved to its DID. The facets are
 * then fixed in the AccountDesk with the rest of the request, so a retry sends exactly the same record
 * (putRecord at the same key would refuse another one). A handle that resolves to nothing stays plain
 * text, and the author is told.
 */
async function prepare(account: AccountContext, request: PublishRequest, cache: SessionCache): Promise<PreparedRequest> {
	const creds = credentialSchemas.bluesky.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Bluesky credentials incomplete: reconnect the account" } };
	const replyRefs = request.inReplyTo ? await replyRefsFor(creds.data, request.inReplyTo, cache) : null;
	// Retry and auth now; a refusal (the post answered is gone) is left to publish, which looks again and says so.
	if (replyRefs && "outcome" in replyRefs && replyRefs.outcome.kind !== "rejected")
		return replyRefs.outcome as Extract<PublishOutcome, { kind: "retry" | "auth" }>;
	const handles = [...new Set(mentionCandidates(request.text).map((m) => m.handle))];
	const dids = new Map<string, string>();
	const unresolved: string[] = [];
	for (const handle of handles) {
		const result = await resolveHandle(creds.data.service, handle);
		if ("outcome" in result) return result.outcome as Extract<PublishOutcome, { kind: "retry" }>;
		if (result.did) dids.set(handle, result.did);
		else unresolved.push(handle);
	}
	const warnings = unresolved.map((handle) => ({
		rule: "unresolved_mention",
		severity: "warning" as const,
		message: `@${handle} is not a Bluesky account Chorus could find: posted as plain text, nobody was notified`,
	}));
	return {
		kind: "ready",
		request: { ...request, facets: richTextFacets(request.text, dids), ...(replyRefs && "refs" in replyRefs ? { replyRefs: replyRefs.refs } : {}) },
		warnings,
	};
}

const postUri = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/;

/**
 * A reply's strong refs (https://atproto.com/blog/create-post#replies): the parent is the post answered
 * (its URI and CID, read with com.atproto.repo.getRecord); the root is the parent's own root when the
 * parent is a reply itself, else the parent. getRecord, not app.bsky.feed.getPosts: a PDS answers it
 * for its own repos without an AppView (self-hosted servers, the local test server) and hands other
 * repos' records on to the AppView. A parent that is gone cannot be answered: rejected, not retried.
 */
async function replyRefsFor(
	creds: Credentials,
	parentUri: string,
	cache: SessionCache,
): Promise<{ refs: BlueskyReplyRefs } | { outcome: Extract<PublishOutcome, { kind: "retry" | "auth" | "rejected" }> }> {
	const parts = postUri.exec(parentUri);
	if (!parts || parts[2] !== collection)
		return { outcome: { kind: "rejected", answer: { status: null, summary: clip(`not a Bluesky post URI to reply to: ${parentUri}`) } } };
	const [, repo, , rkey] = parts as unknown as [string, string, string, string];
	const result = await withSession(creds, cache, (session) =>
		sendWithTimeout(guardedFetch, xrpcUrl(session.service, "com.atproto.repo.getRecord", { repo, collection, rkey }), {
			headers: { Authorization: `Bearer ${session.accessJwt}`, Accept: "application/json" },
		}),
	);
	if ("outcome" in result) {
		const o = result.outcome;
		return { outcome: o.kind === "auth" || o.kind === "rejected" || o.kind === "retry" ? o : { kind: "retry", retryAfterSeconds: null, answer: o.answer } };
	}
	const { sent } = result;
	if (sent.kind !== "response")
		return { outcome: { kind: "retry", retryAfterSeconds: null, answer: { status: null, summary: clip(`Bluesky getRecord (reply parent): ${sent.reason}`) } } };
	const parent = sent.status === 200 ? readJson(sent.body, parentAnswer) : null;
	if (parent) {
		const self = { uri: parent.uri, cid: parent.cid };
		return { refs: { root: parent.value.reply?.root ?? self, parent: self } };
	}
	const answer = answerOf(sent.status, sent.body, "Bluesky getRecord (reply parent)");
	if (sent.status === 400 && errorName(sent) === "RecordNotFound")
		return { outcome: { kind: "rejected", answer: { ...answer, summary: clip(`the post answered is no longer on Bluesky (${parentUri})`) } } };
	return { outcome: { kind: "retry", retryAfterSeconds: sent.status === 429 ? parseRetryAfter(sent.headers) : null, answer } };
}

async function publish(account: AccountContext, request: PublishRequest, cache: SessionCache): Promise<PublishOutcome> {
	const creds = credentialSchemas.bluesky.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Bluesky credentials incomplete: reconnect the account" } };
	// A reply (a thread's next part, an answer from the Inbox): the refs fixed by prepare, or looked up
	// now for a request fixed without them. Never a top-level post in place of a reply.
	let replyRefs = request.replyRefs;
	if (request.inReplyTo && !replyRefs) {
		const found = await replyRefsFor(creds.data, request.inReplyTo, cache);
		if ("outcome" in found) return found.outcome;
		replyRefs = found.refs;
	}
	const record = blueskyRecord({ ...request, replyRefs });
	const result = await withSession(creds.data, cache, (session) =>
		sendWithTimeout(guardedFetch, xrpcUrl(session.service, "com.atproto.repo.putRecord"), {
			method: "POST",
			headers: { Authorization: `Bearer ${session.accessJwt}`, "Content-Type": "application/json", Accept: "application/json" },
			body: JSON.stringify({ repo: session.did, collection, rkey: request.recordKey, record, swapRecord: null }),
		}),
	);
	if ("outcome" in result) return result.outcome;
	const { session, sent } = result;
	if (sent.kind !== "response") return outcomeForFailure(sent);

	const answer = answerOf(sent.status, sent.body);
	if (sent.status === 200) {
		const put = readJson(sent.body, putAnswer);
		// The URI is determined by the request; the answer's is only checked when readable.
		const uri = put?.uri ?? `at://${session.did}/${collection}/${request.recordKey}`;
		const summary = put && !put.commit ? `200: already there, nothing written (${uri})` : `200: ${uri}`;
		return { kind: "published", networkPostId: uri, networkUrl: postUrl(session.did, request.recordKey), answer: { status: 200, summary: clip(summary) } };
	}
	if (sent.status === 400 && errorName(sent) === "InvalidSwap") {
		return {
			kind: "rejected",
			answer: {
				status: 400,
				summary: clip(`Bluesky refused: record key ${request.recordKey} already holds a different post (InvalidSwap); the text changed between attempts?`),
			},
		};
	}
	if (sent.status === 429) return { kind: "retry", retryAfterSeconds: parseRetryAfter(sent.headers), answer };
	return outcomeForStatus(sent.status, answer);
}

async function findPublished(account: AccountContext, request: PublishRequest, cache: SessionCache): Promise<FoundPost | "absent" | null> {
	const creds = credentialSchemas.bluesky.safeParse(account.credentials);
	if (!creds.success) return null;
	const result = await withSession(creds.data, cache, (session) =>
		sendWithTimeout(guardedFetch, xrpcUrl(session.service, "com.atproto.repo.getRecord", { repo: session.did, collection, rkey: request.recordKey }), {
			headers: { Authorization: `Bearer ${session.accessJwt}`, Accept: "application/json" },
		}),
	);
	if ("outcome" in result || result.sent.kind !== "response") return null;
	const { session, sent } = result;
	if (sent.status === 400 && errorName(sent) === "RecordNotFound") return "absent";
	if (sent.status !== 200) return null;
	const found = readJson(sent.body, getAnswer);
	// Something else at our key (never expected: the key is a fresh TID) is not this post.
	if (!found || found.value.text !== request.text) return null;
	return { networkPostId: found.uri, networkUrl: postUrl(session.did, request.recordKey) };
}

/**
 * com.atproto.repo.deleteRecord at the post's record key. Deleting a key that holds nothing succeeds
 * too (no commit), so a repeated retract is harmless; the URI must be in this account's repo.
 */
async function retract(account: AccountContext, networkPostId: string, cache: SessionCache): Promise<RetractOutcome> {
	const creds = credentialSchemas.bluesky.safeParse(account.credentials);
	if (!creds.success) return { kind: "auth", answer: { status: null, summary: "Bluesky credentials incomplete: reconnect the account" } };
	const parts = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(networkPostId);
	if (!parts || parts[2] !== collection) return { kind: "failed", answer: { status: null, summary: clip(`not a Bluesky post URI: ${networkPostId}`) } };
	const [, repo, , rkey] = parts as unknown as [string, string, string, string];
	const result = await withSession(creds.data, cache, (session) =>
		sendWithTimeout(guardedFetch, xrpcUrl(session.service, "com.atproto.repo.deleteRecord"), {
			method: "POST",
			headers: { Authorization: `Bearer ${session.accessJwt}`, "Content-Type": "application/json", Accept: "application/json" },
			body: JSON.stringify({ repo, collection, rkey }),
		}),
	);
	if ("outcome" in result) {
		const { kind, answer } = result.outcome;
		return { kind: kind === "auth" ? "auth" : "failed", answer };
	}
	const { sent } = result;
	if (sent.kind === "response" && sent.status === 200) {
		const commit = readJson(sent.body, deleteAnswer)?.commit;
		return commit
			? { kind: "deleted", answer: { status: 200, summary: clip(`200: deleted ${networkPostId}`) } }
			: { kind: "gone", answer: { status: 200, summary: "200: nothing at that key any more" } };
	}
	return retractOutcome(sent);
}

export const blueskyAdapter: NetworkAdapter = {
	network: "bluesky",
	idempotent: true,
	prepare,
	publish,
	uploadMedia,
	findPublished,
	retract,
};
