import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, inHours, signUp } from "../helpers/api";

describe("tags and campaigns", () => {
	it("CRUD tags: managers and owners change them, anyone reads; names are unique per workspace; colours come from the palette", async () => {
		const ws = await signUp();
		const author = await addMember(ws, "author");
		const made = await call("POST", "/tags", { token: ws.token, json: { name: "Launch", colour: "green" } });
		expect(made.status).toBe(201);
		expect(made.body).toMatchObject({ name: "Launch", colour: "green" });
		expect((await call("POST", "/tags", { token: ws.token, json: { name: "Launch", colour: "red" } })).status).toBe(409);
		const badColour = await call("POST", "/tags", { token: ws.token, json: { name: "x", colour: "#ff0000" } });
		expect(badColour.status).toBe(400);
		expect(badColour.body.error.issues[0].path).toEqual(["colour"]);
		expect((await call("POST", "/tags", { token: author.token, json: { name: "y", colour: "red" } })).status).toBe(403);
		expect((await call("GET", "/tags", { token: author.token })).body.items.map((t: { name: string }) => t.name)).toEqual(["Launch"]);
		const renamed = await call("PATCH", `/tags/${made.body.id}`, { token: ws.token, json: { name: "Go live" } });
		expect(renamed.body).toMatchObject({ name: "Go live", colour: "green" });
		expect((await call("DELETE", `/tags/${made.body.id}`, { token: ws.token })).status).toBe(204);
		expect((await call("GET", "/tags", { token: ws.token })).body.items).toEqual([]);
	});

	it("CRUD campaigns: dates in order, accounts of this workspace only", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const other = await signUp();
		const theirAcc = await addAccount(other);
		const made = await call("POST", "/campaigns", {
			token: ws.token,
			json: { name: "Spring", startDate: "2026-03-01", endDate: "2026-03-31", goal: "Sell the spring range", accountIds: [acc.id], colour: "teal" },
		});
		expect(made.status).toBe(201);
		expect(made.body).toMatchObject({ name: "Spring", goal: "Sell the spring range", accountIds: [acc.id], colour: "teal" });
		const backwards = await call("POST", "/campaigns", { token: ws.token, json: { name: "B", startDate: "2026-03-31", endDate: "2026-03-01" } });
		expect(backwards.status).toBe(422);
		expect(backwards.body.error.issues[0].path).toEqual(["endDate"]);
		const badDate = await call("POST", "/campaigns", { token: ws.token, json: { name: "B", startDate: "March", endDate: "2026-03-01" } });
		expect(badDate.body.error.issues[0].path).toEqual(["startDate"]);
		const foreign = await call("POST", "/campaigns", {
			token: ws.token,
			json: { name: "C", startDate: "2026-03-01", endDate: "2026-03-02", accountIds: [theirAcc.id] },
		});
		expect(foreign.status).toBe(422);
		expect(foreign.body.error.issues[0].path).toEqual(["accountIds", 0]);
		const patched = await call("PATCH", `/campaigns/${made.body.id}`, { token: ws.token, json: { endDate: "2026-04-15" } });
		expect(patched.body.endDate).toBe("2026-04-15");
		expect((await call("PATCH", `/campaigns/${made.body.id}`, { token: ws.token, json: { endDate: "2026-01-01" } })).status).toBe(422);
		expect((await call("GET", `/campaigns/${made.body.id}`, { token: other.token })).status).toBe(404);
		expect((await call("PATCH", `/campaigns/${made.body.id}`, { token: other.token, json: { name: "x" } })).status).toBe(404);
		expect((await call("DELETE", `/campaigns/${made.body.id}`, { token: other.token })).status).toBe(404);
		expect((await call("GET", "/campaigns", { token: other.token })).body.items).toEqual([]);
		expect((await call("DELETE", `/campaigns/${made.body.id}`, { token: ws.token })).status).toBe(204);
	});

	it("posts carry tags and a campaign; another workspace's or unknown ids are a 422 naming the field", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const outsideAcc = await addAccount(ws);
		const other = await signUp();
		const launch = (await call("POST", "/tags", { token: ws.token, json: { name: "Launch", colour: "green" } })).body;
		const promo = (await call("POST", "/tags", { token: ws.token, json: { name: "Promo", colour: "pink" } })).body;
		const theirTag = (await call("POST", "/tags", { token: other.token, json: { name: "Theirs", colour: "red" } })).body;
		const theirCampaign = (await call("POST", "/campaigns", { token: other.token, json: { name: "T", startDate: "2026-01-01", endDate: "2026-01-02" } })).body;
		const spring = (
			await call("POST", "/campaigns", { token: ws.token, json: { name: "Spring", startDate: "2026-03-01", endDate: "2026-03-31", accountIds: [acc.id] } })
		).body;

		const created = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Hello", tagIds: [launch.id], campaignId: spring.id } });
		expect(created.status).toBe(201);
		const post = created.body.posts[0];
		expect(post).toMatchObject({ campaignId: spring.id, tagIds: [launch.id] });
		expect((await call("GET", `/posts/${post.id}`, { token: ws.token })).body).toMatchObject({ campaignId: spring.id, tagIds: [launch.id] });

		const foreignTag = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "x", tagIds: [launch.id, theirTag.id] } });
		expect(foreignTag.status).toBe(422);
		expect(foreignTag.body.error.issues[0].path).toEqual(["tagIds", 1]);
		const foreignCampaign = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "x", campaignId: theirCampaign.id } });
		expect(foreignCampaign.status).toBe(422);
		expect(foreignCampaign.body.error.issues[0].path).toEqual(["campaignId"]);
		const unknown = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "x", campaignId: "nope" } });
		expect(unknown.body.error.issues[0].path).toEqual(["campaignId"]);
		// The campaign runs on named accounts only.
		const wrongAccount = await call("POST", "/posts", { token: ws.token, json: { accountId: outsideAcc.id, body: "x", campaignId: spring.id } });
		expect(wrongAccount.status).toBe(422);
		expect(wrongAccount.body.error.issues[0].path).toEqual(["campaignId"]);

		const patched = await call("PATCH", `/posts/${post.id}`, { token: ws.token, json: { tagIds: [promo.id, launch.id], campaignId: null } });
		expect(patched.status).toBe(200);
		expect(patched.body.campaignId).toBeNull();
		expect([...patched.body.tagIds].sort()).toEqual([launch.id, promo.id].sort());
		const badPatch = await call("PATCH", `/posts/${post.id}`, { token: ws.token, json: { tagIds: [theirTag.id] } });
		expect(badPatch.status).toBe(422);
		expect(badPatch.body.error.issues[0].path).toEqual(["tagIds", 0]);
		expect((await call("GET", `/posts/${post.id}`, { token: ws.token })).body.tagIds).toHaveLength(2);

		// Filters on the list.
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Untagged" } });
		const byTag = await call("GET", `/posts?tagId=${promo.id}`, { token: ws.token });
		expect(byTag.body.items.map((p: { id: string }) => p.id)).toEqual([post.id]);
		await call("PATCH", `/posts/${post.id}`, { token: ws.token, json: { campaignId: spring.id } });
		const byCampaign = await call("GET", `/posts?campaignId=${spring.id}`, { token: ws.token });
		expect(byCampaign.body.items.map((p: { id: string }) => p.id)).toEqual([post.id]);
		const dated = (
			await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Dated promo", scheduledAt: inHours(3), tagIds: [promo.id] } })
		).body.posts[0];
		await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Dated plain", scheduledAt: inHours(4) } });
		const range = `from=${encodeURIComponent(inHours(-1))}&to=${encodeURIComponent(inHours(30))}`;
		const idsOn = (res: { body: { days: { posts: { id: string }[] }[] } }) => res.body.days.flatMap((d) => d.posts.map((p) => p.id));
		expect(idsOn(await call("GET", `/calendar?${range}`, { token: ws.token }))).toHaveLength(2);
		expect(idsOn(await call("GET", `/calendar?${range}&tagId=${promo.id}`, { token: ws.token }))).toEqual([dated.id]);
		// Another workspace filtering by these ids sees nothing.
		expect((await call("GET", `/posts?tagId=${promo.id}`, { token: other.token })).body.items).toEqual([]);

		// Deleting a tag takes it off its posts; deleting a campaign leaves its posts in none.
		await call("DELETE", `/tags/${promo.id}`, { token: ws.token });
		await call("DELETE", `/campaigns/${spring.id}`, { token: ws.token });
		expect((await call("GET", `/posts/${post.id}`, { token: ws.token })).body).toMatchObject({ tagIds: [launch.id], campaignId: null });
	});

	it("labels alone do not send an approved post back for approval", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const tag = (await call("POST", "/tags", { token: ws.token, json: { name: "Launch", colour: "green" } })).body;
		const post = (await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Hi", scheduledAt: inHours(5) } })).body.posts[0];
		expect(post.status).toBe("scheduled");
		const author = await addMember(ws, "manager");
		const patched = await call("PATCH", `/posts/${post.id}`, { token: author.token, json: { tagIds: [tag.id] } });
		expect(patched.body).toMatchObject({ status: "scheduled", tagIds: [tag.id] });
	});
});
