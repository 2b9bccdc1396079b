/**
 * Adding an account and changing one (handle, zone, posting policy, owner, credentials, sandbox
 * failures): shared by /api/v1/accounts and the Accounts page, so the two never diverge.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { newId } from "../../db/ids";
import { type AccountRow, accountView, getAccount } from "../../db/queries/accounts";
import { auditStatement } from "../../db/queries/audit";
import { getMember } from "../../db/queries/members";
import { account, postingPolicies } from "../../db/schema";
import { networks } from "../../domain/networks";
import { requirePermission } from "../auth/authorize";
import { encryptCredentials } from "../auth/credentials";
import type { Actor } from "../context";
import { invalidField, notFound } from "../errors";
import { credentialSchemas, outboundUrlFields } from "../networks/credentials";
import { credentialsExpireAt } from "../networks/token-refresh";
import { outboundUrlProblem } from "../outbound";
import { timeZoneSchema } from "../routes/workspaces";
import type { ServiceContext } from "./context";
import { claimReleased, releaseStatement } from "./pausing";

export const sandboxFailModes = ["none", "rate_limit", "server_error", "timeout_after_send", "unknown_after_send", "auth"] as const;

const fields = {
	handle: z.string().trim().min(1).max(200),
	displayName: z.string().trim().max(200).nullable().optional(),
	timezone: timeZoneSchema,
	ownerId: z.string().nullable().optional(),
	parentId: z.string().nullable().optional(),
	postingPolicy: z.enum(postingPolicies),
	paused: z.boolean(),
	credentials: z.record(z.string(), z.unknown()),
	sandbox: z.object({ failMode: z.enum(sandboxFailModes), failCount: z.number().int().min(0).max(1000).optional() }),
};
export const createAccountSchema = z.object({
	network: z.enum(networks),
	...fields,
	postingPolicy: fields.postingPolicy.default("open"),
	paused: fields.paused.default(false),
	credentials: fields.credentials.optional(),
	sandbox: fields.sandbox.optional(),
});
export const patchAccountSchema = z.object(fields).partial();
type AccountInput = z.infer<typeof patchAccountSchema>;

/** Checks the references an account makes: owner and parent must be in the same workspace. */
async function checkReferences(db: Db, actor: Actor, input: AccountInput, selfId: string) {
	if (input.ownerId && !(await getMember(db, actor.workspaceId, input.ownerId))) {
		throw invalidField(["ownerId"], "No such member in this workspace", 422);
	}
	if (input.parentId) {
		if (input.parentId === selfId) throw invalidField(["parentId"], "An account cannot follow itself", 422);
		const parent = await getAccount(db, actor.workspaceId, input.parentId);
		if (!parent) throw invalidField(["parentId"], "No such account in this workspace", 422);
		if (parent.parentId) throw invalidField(["parentId"], "The main account must not follow another account itself", 422);
	}
}

async function sealCredentials(env: Env, actor: Actor, network: AccountRow["network"], id: string, credentials: Record<string, unknown>) {
	const parsed = credentialSchemas[network].safeParse(credentials);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw invalidField(["credentials", ...(issue?.path.map(String) ?? [])], issue?.message ?? "invalid");
	}
	const data = parsed.data as Record<string, unknown>;
	const urlField = outboundUrlFields[network];
	const problem = urlField ? outboundUrlProblem(String(data[urlField]), env) : null;
	if (urlField && problem) throw invalidField(["credentials", urlField], problem);
	return { credentials: await encryptCredentials(env.CREDENTIALS_KEY, actor.workspaceId, id, data), credentialsExpireAt: credentialsExpireAt(data) };
}

function sandboxColumns(network: AccountRow["network"], sandbox: AccountInput["sandbox"]) {
	if (!sandbox) return {};
	if (network !== "sandbox") throw invalidField(["sandbox"], "Only sandbox accounts can be told to fail");
	return { sandboxFailMode: sandbox.failMode, sandboxFailCount: sandbox.failMode === "none" ? 0 : (sandbox.failCount ?? 1) };
}

type Ctx = Pick<ServiceContext, "db" | "actor" | "now" | "env">;

export async function createAccount(ctx: Ctx, input: z.infer<typeof createAccountSchema>): Promise<AccountRow> {
	const { actor, db, now, env } = ctx;
	requirePermission(actor, "manage_accounts");
	const id = newId();
	await checkReferences(db, actor, input, id);
	const row: AccountRow = {
		id,
		workspaceId: actor.workspaceId,
		network: input.network,
		handle: input.handle,
		displayName: input.displayName ?? null,
		timezone: input.timezone,
		ownerId: input.ownerId ?? null,
		parentId: input.parentId ?? null,
		postingPolicy: input.postingPolicy,
		paused: input.paused,
		...(input.credentials ? await sealCredentials(env, actor, input.network, id, input.credentials) : { credentials: null, credentialsExpireAt: null }),
		needsReconnect: false,
		expiryWarnedAt: null,
		slots: [],
		sandboxFailMode: "none",
		sandboxFailCount: 0,
		// Read by the next ingest run (a Mastodon account's instance limits); the defaults until then.
		instanceLimits: null,
		...sandboxColumns(input.network, input.sandbox),
		createdAt: now,
	};
	await db.batch([
		db.insert(account).values(row),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "account.create",
			subject: `account:${id}`,
			after: accountView(row),
			at: now,
		}),
	]);
	return row;
}

export async function updateAccount(ctx: Ctx, id: string, patch: z.infer<typeof patchAccountSchema>): Promise<AccountRow> {
	const { actor, db, now, env } = ctx;
	requirePermission(actor, "manage_accounts");
	const found = await getAccount(db, actor.workspaceId, id);
	if (!found) throw notFound("Account");
	const { credentials, sandbox, ...input } = patch;
	await checkReferences(db, actor, input, found.id);
	const changes: Partial<AccountRow> = { ...input, ...sandboxColumns(found.network, sandbox) };
	// New credentials reconnect the account, and start a new expiry (and its warning).
	if (credentials)
		Object.assign(changes, { ...(await sealCredentials(env, actor, found.network, found.id, credentials)), needsReconnect: false, expiryWarnedAt: null });
	// An empty PATCH changes nothing: nothing to write, nothing to audit.
	if (Object.keys(changes).length === 0) return found;
	const after = { ...found, ...changes };
	// Unpausing or reconnecting releases the posts that waited for it, sent at once in time order.
	const released = [...(found.paused && after.paused === false ? ["account_paused"] : []), ...(credentials ? ["needs_reconnect"] : [])];
	await db.batch([
		db
			.update(account)
			.set(changes)
			.where(and(eq(account.workspaceId, actor.workspaceId), eq(account.id, found.id))),
		releaseStatement(db, actor.workspaceId, found.id, released, now),
		auditStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "account.update",
			subject: `account:${found.id}`,
			before: accountView(found),
			after: accountView(after),
			at: now,
		}),
	]);
	if (released.length) await claimReleased(db, env.PUBLISH, actor.workspaceId, found.id, now);
	return after;
}
