// GET /networks answers the capability table every member may read, the one the checks use.
import { describe, expect, it } from "vitest";
import { capabilities } from "../../domain/capabilities";
import { networks } from "../../domain/networks";
import { addMember, call, signUp } from "../helpers/api";

describe("GET /networks", () => {
	it("lists every network with its flags and limits, for any member", async () => {
		const ws = await signUp();
		const analyst = await addMember(ws, "analyst");
		const res = await call("GET", "/networks", { token: analyst.token });
		expect(res.status).toBe(200);
		expect(res.body.items.map((n: { network: string }) => n.network)).toEqual([...networks]);
		const x = res.body.items.find((n: { network: string }) => n.network === "x");
		expect(x).toMatchObject({ publish: { video: true }, threads: true, text: { limit: 280, unit: "weighted characters" }, media: { maxVideoSeconds: 140 } });
		expect(res.body.items.find((n: { network: string }) => n.network === "bluesky")).toEqual(
			JSON.parse(JSON.stringify({ network: "bluesky", ...capabilities.bluesky })),
		);
	});

	it("is refused without credentials", async () => {
		expect((await call("GET", "/networks")).status).toBe(401);
	});
});
