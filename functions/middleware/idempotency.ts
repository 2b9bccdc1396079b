/**
 * `Idempotency-Key` on POSTs (API.md, Idempotency), kept 24 h. A key belongs to the credential that
 * sent it (member + API token or browser session, as Stripe scopes keys to the API key): another
 * member, or the same member through another token, never sees its record. The same key and the same
 * body (canonical JSON) replay the first response; another body is 422; a request still running is
 * 409. Before a replay the sender is checked again: the credential must still be valid (the API guard
 * ran first) and the member's role the one the answer was given to, else 409 idempotency_unavailable.
 * 5xx answers are not stored, so the client may retry them with the same key. Answers that carry a
 * secret (marked `Cache-Control: no-store`, see secretJson) are never stored: the key is remembered as
 * used, and a repeat is 409 idempotency_unavailable rather than a second secret or a stored one.
 */
import { and, eq, lt } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { idempotencyRecord } from "../../db/schema";
import { sha256Hex } from "../auth/crypto";
import type { Actor, AppEnv } from "../context";
import { ApiError } from "../errors";

const KEEP_MS = 24 * 3_600_000;

/** JSON with object keys sorted at every depth, so key order does not change the fingerprint. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
	if (value && typeof value === "object") {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
	}
	return JSON.stringify(value);
}

async function fingerprint(method: string, url: string, body: string): Promise<string> {
	let canonical = body;
	try {
		canonical = canonicalJson(JSON.parse(body));
	} catch {
		// Not JSON (a CSV import, say): the raw text is the fingerprint.
	}
	const { pathname, search } = new URL(url);
	return sha256Hex(`${method} ${pathname}${search}\n${canonical}`);
}

/** The credential a key belongs to: the member and exactly this token or session. */
export const credentialScope = (actor: Actor) => `${actor.id}:${actor.via}:${actor.credentialId}`;

/**
 * A JSON answer that carries a secret shown once (a new API token, feed token, TOTP secret, recovery
 * codes, webhook secret, an OAuth state): no cache may keep it, and neither does the idempotency store.
 */
export function secretJson<T extends object>(c: Context, body: T, status: 200 | 201 = 200) {
	c.header("Cache-Control", "no-store");
	return c.json(body, status);
}

const carriesSecret = (res: Response) => /(^|,)\s*no-store\s*(,|$)/i.test(res.headers.get("Cache-Control") ?? "");

const unavailable = (message: string, details: Record<string, unknown>) => new ApiError(409, "idempotency_unavailable", message, { details });

export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
	const key = c.req.header("Idempotency-Key");
	if (c.req.method !== "POST" || !key) return next();
	if (key.length > 255) throw new ApiError(400, "validation_failed", "Idempotency-Key: at most 255 characters");

	const db = c.get("db");
	const actor = c.get("actor");
	const { workspaceId } = actor;
	const credential = credentialScope(actor);
	const now = c.get("now");
	const requestHash = await fingerprint(c.req.method, c.req.url, await c.req.raw.clone().text());
	const where = and(eq(idempotencyRecord.workspaceId, workspaceId), eq(idempotencyRecord.credential, credential), eq(idempotencyRecord.key, key));

	// An expired record no longer counts; then claim the key. The insert is the lock: of two racing
	// requests exactly one inserts.
	await db.delete(idempotencyRecord).where(and(where, lt(idempotencyRecord.expiresAt, now)));
	const claimed = await db
		.insert(idempotencyRecord)
		.values({ workspaceId, credential, key, role: actor.role, requestHash, createdAt: now, expiresAt: now + KEEP_MS })
		.onConflictDoNothing()
		.returning({ key: idempotencyRecord.key });

	if (claimed.length === 0) {
		const existing = await db.query.idempotencyRecord.findFirst({ where });
		if (!existing) throw new ApiError(409, "idempotency_in_progress", "A request with this Idempotency-Key is running");
		if (existing.requestHash !== requestHash) {
			throw new ApiError(422, "idempotency_mismatch", "This Idempotency-Key was used with a different request body");
		}
		if (existing.responseStatus === null) {
			throw new ApiError(409, "idempotency_in_progress", "A request with this Idempotency-Key is still running");
		}
		// The answer was decided for a role the member no longer has: it may no longer be theirs to see.
		if (existing.role !== actor.role) {
			throw unavailable("Your role changed since this key was first answered; check the result and send the request again with a new key", {
				reason: "role_changed",
				status: existing.responseStatus,
			});
		}
		if (existing.responseBody === null) {
			throw unavailable("The first answer to this key carried a secret shown only once; it is not kept for replay", {
				reason: "secret_not_stored",
				status: existing.responseStatus,
			});
		}
		return new Response(existing.responseBody, {
			status: existing.responseStatus,
			headers: { "Content-Type": "application/json", "Idempotency-Replayed": "true" },
		});
	}

	try {
		await next();
	} finally {
		if (c.res.status >= 500) {
			await db.delete(idempotencyRecord).where(where);
		} else {
			await db
				.update(idempotencyRecord)
				.set({ responseStatus: c.res.status, responseBody: carriesSecret(c.res) ? null : await c.res.clone().text() })
				.where(where);
		}
	}
};
