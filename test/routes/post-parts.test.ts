import { describe, expect, it } from "vitest";
import { addAccount, call, inHours, signUp } from "../helpers/api";

describe("posts with parts and a first comment", () => {
	it("are saved, returned and edited; every part is linted and a refusal names the part", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws);
		const created = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "Part one of our launch story", parts: ["Part two: the team", "Part three: the road"], firstComment: "Ask us anything" },
		});
		expect(created.status).toBe(201);
		const id = created.body.posts[0].id;
		const got = (await call("GET", `/posts/${id}`, { token: ws.token })).body;
		expect(got).toMatchObject({ parts: ["Part two: the team", "Part three: the road"], firstComment: "Ask us anything", partsOnNetwork: [null, null] });

		const edited = await call("PATCH", `/posts/${id}`, { token: ws.token, json: { parts: ["Only part two now"], firstComment: null } });
		expect(edited.status).toBe(200);
		expect(edited.body).toMatchObject({ parts: ["Only part two now"], firstComment: null, firstCommentOnNetwork: null });

		// Too long for the sandbox (500 characters): the 422 names the part.
		const long = await call("POST", "/posts", {
			token: ws.token,
			json: { accountId: acc.id, body: "A fine first part", parts: ["ok", "x".repeat(501)], scheduledAt: inHours(2) },
		});
		expect(long.status).toBe(422);
		expect(long.body.error.code).toBe("lint_failed");
		expect(long.body.error.details.findings).toContainEqual(expect.objectContaining({ rule: "length", field: "parts[1]" }));

		const empty = await call("POST", "/posts", { token: ws.token, json: { accountId: acc.id, body: "Hello", parts: ["fine", "  "] } });
		expect(empty.status).toBe(400);
		expect(JSON.stringify(empty.body)).toContain("parts");
	});

	it("are refused where the network takes no threads or no first comment", async () => {
		const ws = await signUp();
		const x = await addAccount(ws, { network: "x" });
		const comment = await call("POST", "/posts", { token: ws.token, json: { accountId: x.id, body: "Hello X", firstComment: "A comment" } });
		expect(comment.status).toBe(422);
		expect(comment.body.error.message).toContain("firstComment");
		const thread = await call("POST", "/posts", { token: ws.token, json: { accountId: x.id, body: "Hello X", parts: ["and more"] } });
		expect(thread.status).toBe(201);
	});
});
