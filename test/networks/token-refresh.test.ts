// The refresh grant (RFC 6749 §6) as each network documents it, with one client-authentication
// method per request (RFC 6749 §2.3.1):
// - LinkedIn: POST https://www.linkedin.com/oauth/v2/accessToken with grant_type, refresh_token,
//   client_id and client_secret in the form
//   (learn.microsoft.com/linkedin/shared/authentication/programmatic-refresh-tokens).
// - X: POST https://api.x.com/2/oauth2/token; a confidential client authenticates with HTTP Basic
//   (docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code), the answer's `scope`
//   lists what the new token carries.
import { afterEach, describe, expect, it, vi } from "vitest";
import { refreshCredentials } from "../../functions/networks/token-refresh";
import { json, stubFetch } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const now = Date.parse("2026-11-26T10:00:00Z");

describe("refreshing tokens", () => {
	it("LinkedIn: client id and secret in the form only, no Basic header", async () => {
		const calls = stubFetch(json({ access_token: "li-new", expires_in: 5_184_000, refresh_token: "li-refresh", refresh_token_expires_in: 31_000_000 }));
		const result = await refreshCredentials(
			"linkedin",
			{ accessToken: "li-old", authorUrn: "urn:li:person:1", refreshToken: "li-refresh" },
			{ LINKEDIN_CLIENT_ID: "li-client", LINKEDIN_CLIENT_SECRET: "li-secret" },
			now,
		);
		expect(result).toMatchObject({ kind: "refreshed", credentials: { accessToken: "li-new" } });
		expect(calls[0]!.url).toBe("https://www.linkedin.com/oauth/v2/accessToken");
		expect(Object.fromEntries(new URLSearchParams(calls[0]!.body ?? ""))).toEqual({
			grant_type: "refresh_token",
			refresh_token: "li-refresh",
			client_id: "li-client",
			client_secret: "li-secret",
		});
		expect(calls[0]!.headers.get("authorization")).toBeNull();
	});

	it("X (confidential client): HTTP Basic and no secret in the form; the granted scopes are kept", async () => {
		const calls = stubFetch(
			json({
				token_type: "bearer",
				access_token: "x-new",
				refresh_token: "x-refresh-2",
				expires_in: 7200,
				scope: "tweet.read tweet.write users.read media.write offline.access",
			}),
		);
		const result = await refreshCredentials(
			"x",
			{ accessToken: "x-old", refreshToken: "x-refresh-1", scopes: ["tweet.write"] },
			{ X_CLIENT_ID: "x-client", X_CLIENT_SECRET: "x-secret" },
			now,
		);
		expect(calls[0]!.headers.get("authorization")).toBe(`Basic ${btoa("x-client:x-secret")}`);
		const form = Object.fromEntries(new URLSearchParams(calls[0]!.body ?? ""));
		expect(form).toEqual({ grant_type: "refresh_token", refresh_token: "x-refresh-1", client_id: "x-client" });
		expect(result).toMatchObject({
			kind: "refreshed",
			credentials: { accessToken: "x-new", refreshToken: "x-refresh-2", scopes: ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"] },
		});
	});
});
