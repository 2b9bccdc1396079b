/**
 * API tokens: 256 random bits behind a recognisable "chorus_" prefix (so secret scanners can spot a
 * leaked one). Only the SHA-256 is stored; the token itself is shown once, at creation.
 */
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { apiToken } from "../../db/schema";
import { randomSecret, sha256Hex } from "./crypto";

export async function issueToken(memberId: string, workspaceId: string, name: string, now: number) {
	const secret = `chorus_${randomSecret(32)}`;
	const row = {
		id: newId(),
		workspaceId,
		memberId,
		name,
		tokenHash: await sha256Hex(secret),
		prefix: secret.slice(0, 12),
		createdAt: now,
		lastUsedAt: null as number | null,
	};
	return { secret, row, insert: (db: Db) => db.insert(apiToken).values(row) };
}
