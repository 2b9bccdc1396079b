/**
 * `Idempotency-Key` on POSTs (API.md, Idempotency): scope workspace + key, kept 24 h. The same key
 * and the same body (canonical JSON) replay the first response; another body is 422; a request still
 * running is 409. 5xx answers are not stored, so the client may retry them with the same key.
 */
import { and, eq, lt } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { idempotencyRecord } from "../../db/schema";
import { sha256Hex } from "../auth/crypto";
import type { AppEnv } from "../context";
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

export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
	const key = c.req.header("Idempotency-Key");
	if (c.req.method !== "POST" || !key) return next();
	if (key.length > 255) throw new ApiError(400, "validation_failed", "Idempotency-Key: at most 255 characters");

	const db = c.get("db");
	const workspaceId = c.get("actor").workspaceId;
	const now = c.get("now");
	const requestHash = await fingerprint(c.req.method, c.req.url, await c.req.raw.clone().text());
	const where = and(eq(idempotencyRecord.workspaceId, workspaceId), eq(idempotencyRecord.key, key));

	// An expired record no longer counts; then claim the key. The insert is the lock: of two racing
	// requests exactly one inserts.
	await db.delete(idempotencyRecord).where(and(where, lt(idempotencyRecord.expiresAt, now)));
	const claimed = await db
		.insert(idempotencyRecord)
		.values({ workspaceId, key, requestHash, createdAt: now, expiresAt: now + KEEP_MS })
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
				.set({ responseStatus: c.res.status, responseBody: await c.res.clone().text() })
				.where(where);
		}
	}
};
