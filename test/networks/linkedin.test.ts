// LinkedIn contract. Stubs copy:
// - POST /rest/posts → 201, URN in x-restli-id: learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api
// - commentary in the "little" format: …/community-management/shares/little-text-format
// - errors { status, serviceErrorCode, code, message }: learn.microsoft.com/linkedin/shared/api-guide/concepts/error-handling
// - 400 "ShareCommentary text length (N characters) exceeded the maximum allowed (3000 characters)"
//   with inputErrors FIELD_ARRAY_SIZE_TOO_HIGH, as LinkedIn sends it (n8n-io/n8n#22899)
// - 422 DUPLICATE_POST, as reported by API users (Arisamiga/Linkedin-RSS#5)
// - 429 without rate-limit headers: learn.microsoft.com/linkedin/shared/api-guide/concepts/rate-limits
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { escapeLittleText, linkedinAdapter, linkedinVersion, unescapeLittleText } from "../../functions/networks/linkedin";
import { account, createdAtMs, json, memoryCache, request, stubFetch, stubSilentFetch } from "./helpers";

const acc = account("linkedin", { accessToken: "li-token", authorUrn: "urn:li:organization:2414183" });
const cache = memoryCache();
const created = (urn: string | null) => new Response(null, { status: 201, headers: urn ? { "x-restli-id": urn } : {} });

beforeEach(() => {
	vi.useFakeTimers({ now: createdAtMs + 1_000 });
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("LinkedIn little text", () => {
	it("backslash-escapes every reserved character", () => {
		expect(escapeLittleText("a|b{c}d@e[f]g(h)i<j>k#l\\m*n_o~p")).toBe("a\\|b\\{c\\}d\\@e\\[f\\]g\\(h\\)i\\<j\\>k\\#l\\\\m\\*n\\_o\\~p");
		expect(escapeLittleText("Plain text, 100% ok: émoji 🎉")).toBe("Plain text, 100% ok: émoji 🎉");
	});
	it("unescapes what it escapes", () => {
		const text = "Join us (today) at https://ex.com/a_b #launch @team \\o/";
		expect(unescapeLittleText(escapeLittleText(text))).toBe(text);
	});
});

describe("LinkedIn publish", () => {
	it("POSTs the versioned Posts API body and reads the URN from x-restli-id", async () => {
		const calls = stubFetch(created("urn:li:share:7141138937766391808"));
		const outcome = await linkedinAdapter.publish(acc, request({ text: "Launch (day) #1" }), cache);
		expect(calls).toHaveLength(1);
		const [call] = calls;
		expect(call!.method).toBe("POST");
		expect(call!.url).toBe("https://api.linkedin.com/rest/posts");
		expect(call!.headers.get("authorization")).toBe("Bearer li-token");
		expect(call!.headers.get("linkedin-version")).toBe(linkedinVersion);
		expect(linkedinVersion).toMatch(/^20\d{4}$/);
		expect(call!.headers.get("x-restli-protocol-version")).toBe("2.0.0");
		expect(call!.headers.get("content-type")).toBe("application/json");
		expect(call!.json).toEqual({
			author: "urn:li:organization:2414183",
			commentary: "Launch \\(day\\) \\#1",
			visibility: "PUBLIC",
			distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
			lifecycleState: "PUBLISHED",
			isReshareDisabledByAuthor: false,
		});
		expect(outcome).toEqual({
			kind: "published",
			networkPostId: "urn:li:share:7141138937766391808",
			networkUrl: "https://www.linkedin.com/feed/update/urn:li:share:7141138937766391808",
			answer: { status: 201, summary: "201: urn:li:share:7141138937766391808" },
		});
		expect(linkedinAdapter.idempotent).toBe(false);
	});

	it("a 201 without x-restli-id is unknown: published, but which post?", async () => {
		stubFetch(created(null));
		expect((await linkedinAdapter.publish(acc, request(), cache)).kind).toBe("unknown");
	});

	it("422 DUPLICATE_POST is a rejection naming the earlier post", async () => {
		stubFetch(
			json(
				{
					errorDetailType: "com.linkedin.common.error.BadRequest",
					message: "com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of urn:li:share:7141138937766391808",
					errorDetails: { inputErrors: [{ description: "Duplicate post is detected", input: {}, code: "DUPLICATE_POST" }] },
					status: 422,
				},
				422,
			),
		);
		expect(await linkedinAdapter.publish(acc, request(), cache)).toEqual({
			kind: "rejected",
			answer: { status: 422, summary: expect.stringMatching(/^LinkedIn refused: duplicate content of urn:li:share:7141138937766391808 \(422: /) },
		});
	});

	it("an over-long text is LinkedIn's 400 naming ShareCommentary: this post refused, with the reason", async () => {
		const message =
			"com.linkedin.content.common.exception.BadRequestResponseException: ShareCommentary text length (3012 characters) exceeded the maximum allowed (3000 characters)";
		stubFetch(
			json(
				{
					errorDetailType: "com.linkedin.common.error.BadRequest",
					message,
					errorDetails: {
						inputErrors: [
							{
								description: "Size of array cannot be higher than the maxLength",
								input: { inputPath: { fieldPath: "/commentary" } },
								code: "FIELD_ARRAY_SIZE_TOO_HIGH",
							},
						],
					},
					status: 400,
				},
				400,
			),
		);
		const outcome = await linkedinAdapter.publish(acc, request(), cache);
		expect(outcome.kind).toBe("rejected");
		expect(outcome.answer.summary).toMatch(/^LinkedIn refused: the text is over 3,000 characters \(400: .*ShareCommentary text length \(3012 characters\)/);
	});

	it("a 403 that is not about the token's permissions refuses this post only", async () => {
		stubFetch(json({ status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Member is restricted from creating posts" }, 403));
		expect((await linkedinAdapter.publish(acc, request(), cache)).kind).toBe("rejected");
	});

	it("401 and a 403 for missing permissions ask for a reconnect", async () => {
		stubFetch(
			json({ status: 401, serviceErrorCode: 65601, code: "REVOKED_ACCESS_TOKEN", message: "The token used in the request has been revoked by the user" }, 401),
			json(
				{ status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260701" },
				403,
			),
		);
		expect(await linkedinAdapter.publish(acc, request(), cache)).toEqual({
			kind: "auth",
			answer: { status: 401, summary: "401: REVOKED_ACCESS_TOKEN: The token used in the request has been revoked by the user" },
		});
		expect((await linkedinAdapter.publish(acc, request(), cache)).kind).toBe("auth");
	});

	it("429 retries without a delay: LinkedIn sends no reset signal", async () => {
		stubFetch(json({ status: 429, message: "Resource level throttle APPLICATION DAY limit for calls to this resource is reached." }, 429));
		expect(await linkedinAdapter.publish(acc, request(), cache)).toMatchObject({ kind: "retry", retryAfterSeconds: null, answer: { status: 429 } });
	});

	it("426 (the version was retired) is a rejection that says what to change", async () => {
		stubFetch(json({ status: 426, code: "NONEXISTENT_VERSION", message: "Requested version 20240501 is not active" }, 426));
		expect(await linkedinAdapter.publish(acc, request(), cache)).toEqual({
			kind: "rejected",
			answer: {
				status: 426,
				summary: "LinkedIn-Version is no longer served: update linkedinVersion (426: NONEXISTENT_VERSION: Requested version 20240501 is not active)",
			},
		});
	});

	it("500 is a retry and no answer within 10 s is unknown", async () => {
		stubFetch(json({ message: "Internal Server Error", status: 500 }, 500));
		expect((await linkedinAdapter.publish(acc, request(), cache)).kind).toBe("retry");
		vi.restoreAllMocks();
		stubSilentFetch();
		const pending = linkedinAdapter.publish(acc, request(), cache);
		await vi.advanceTimersByTimeAsync(10_000);
		expect((await pending).kind).toBe("unknown");
	});
});

describe("LinkedIn findPublished", () => {
	const post = (id: string, commentary: string, publishedAt: number) => ({
		id,
		author: "urn:li:organization:2414183",
		commentary,
		lifecycleState: "PUBLISHED",
		visibility: "PUBLIC",
		createdAt: publishedAt,
		publishedAt,
		lastModifiedAt: publishedAt,
	});

	it("finds by author with the FINDER method and matches the unescaped commentary", async () => {
		const calls = stubFetch(
			json({
				paging: { start: 0, count: 10, links: [] },
				elements: [post("urn:li:share:2", "Other", createdAtMs + 9_000), post("urn:li:share:1", "Launch \\(day\\) \\#1", createdAtMs + 2_000)],
			}),
		);
		expect(await linkedinAdapter.findPublished(acc, request({ text: "Launch (day) #1" }), cache)).toEqual({
			networkPostId: "urn:li:share:1",
			networkUrl: "https://www.linkedin.com/feed/update/urn:li:share:1",
		});
		expect(calls[0]!.method).toBe("GET");
		expect(calls[0]!.url).toBe("https://api.linkedin.com/rest/posts?author=urn%3Ali%3Aorganization%3A2414183&q=author&count=10&sortBy=LAST_MODIFIED");
		expect(calls[0]!.headers.get("x-restli-method")).toBe("FINDER");
		expect(calls[0]!.headers.get("linkedin-version")).toBe(linkedinVersion);
		expect(calls[0]!.headers.get("x-restli-protocol-version")).toBe("2.0.0");
	});

	it("is absent when nothing since the request matches and the page holds every post (paging.total)", async () => {
		stubFetch(json({ paging: { start: 0, count: 10, total: 1 }, elements: [post("urn:li:share:2", "Other", createdAtMs + 9_000)] }));
		expect(await linkedinAdapter.findPublished(acc, request(), cache)).toBe("absent");
	});

	it("is absent when the page reaches back to posts last modified before the request", async () => {
		stubFetch(json({ elements: [post("urn:li:share:2", "Other", createdAtMs + 9_000), post("urn:li:share:0", "Old", createdAtMs - 3_600_000)] }));
		expect(await linkedinAdapter.findPublished(acc, request(), cache)).toBe("absent");
	});

	it("a short page without a total is not the end: cannot tell, never absent", async () => {
		stubFetch(json({ paging: { start: 0, count: 10, links: [] }, elements: [post("urn:li:share:2", "Other", createdAtMs + 9_000)] }));
		expect(await linkedinAdapter.findPublished(acc, request(), cache)).toBeNull();
	});

	it("an old post edited since sits above ours in LAST_MODIFIED order: its publish date does not end the search", async () => {
		// Published a year ago, edited after the request: the page is still inside the request's window.
		const edited = { ...post("urn:li:share:9", "Old but edited", createdAtMs - 365 * 86_400_000), lastModifiedAt: createdAtMs + 60_000 };
		stubFetch(json({ paging: { start: 0, count: 1, total: 40 }, elements: [edited] }));
		expect(await linkedinAdapter.findPublished(acc, request(), cache)).toBeNull();
	});

	it("cannot tell without read permission (403)", async () => {
		stubFetch(
			json(
				{
					status: 403,
					serviceErrorCode: 100,
					code: "ACCESS_DENIED",
					message: "Not enough permissions to access: partnerApiPostsExternal.FINDER-author.20260701",
				},
				403,
			),
		);
		expect(await linkedinAdapter.findPublished(acc, request(), cache)).toBeNull();
	});
});
