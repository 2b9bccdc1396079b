import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../functions/index";
import type { AccountDesk } from "../../functions/objects/account-desk";
import { addAccount, call, signUp } from "../helpers/api";

/** POST /__bench/evict as `npm run soak` calls it, with the bench flag on (or off) for this call only. */
async function evict(token: string, accountIds: string[], bench = true) {
	const ctx = createExecutionContext();
	const res = await worker.fetch(
		new Request("https://chorus.test/__bench/evict", {
			method: "POST",
			headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
			body: JSON.stringify({ accountIds }),
		}),
		{ ...env, ...(bench ? { CHORUS_BENCH: "true" } : {}) } as Env,
		ctx,
	);
	await waitOnExecutionContext(ctx);
	return { status: res.status, body: (await res.json()) as { evicted?: number; error?: { code: string } } };
}

describe("the soak's eviction hook", () => {
	it("aborts only the caller's own desks, keeps their storage, and does not exist without the bench flag", async () => {
		const mine = await signUp();
		const theirs = await signUp();
		const acc = await addAccount(mine);
		const other = await addAccount(theirs);
		const desk = env.ACCOUNT_DESK.getByName(acc.id) as DurableObjectStub<AccountDesk>;
		await desk.cacheSet("kept", { v: 1 });
		expect(await desk.cacheGet("kept")).toEqual({ v: 1 });

		expect((await evict(mine.token, [acc.id, other.id])).body).toEqual({ evicted: 1 });
		// The aborted desk comes back on the next call, with what it had stored.
		const again = env.ACCOUNT_DESK.getByName(acc.id) as DurableObjectStub<AccountDesk>;
		expect(await again.cacheGet("kept")).toEqual({ v: 1 });

		const off = await evict(mine.token, [acc.id], false);
		expect(off.status).toBe(404);
		expect(off.body.error?.code).toBe("not_found");
		expect((await call("GET", `/accounts/${acc.id}`, { token: mine.token })).status).toBe(200);
	});
});
