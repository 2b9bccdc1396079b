import { describe, expect, it } from "vitest";
import type { Finding } from "../../domain/findings";
import { isBroadcast, type LintInput, lintDraft, type RecentPost } from "../../domain/lint";
import { defaultMission, type Mission, mergeMission, normalizeDomain } from "../../domain/mission";

const mission = (m: Partial<Mission> = {}): Mission => ({ ...defaultMission, ...m });

function lint(body: string, extra: Partial<LintInput> = {}): Finding[] {
	return lintDraft({
		network: "mastodon",
		body,
		mission: defaultMission,
		recentPosts: [],
		compose: { accountIds: [{ id: "a1", network: "mastodon" }] },
		accountId: "a1",
		...extra,
	});
}
const rules = (findings: Finding[]) => findings.map((f) => `${f.rule}:${f.severity}`);
const byRule = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

describe("mission", () => {
	const workspace = mission({
		purpose: "Product news",
		topics: ["rust", "open source"],
		bannedPhrases: ["guaranteed"],
		allowedLinkDomains: ["chorus.example"],
		maxBroadcastShare: 0.3,
		maxHashtags: 3,
	});

	it("is permissive by default", () => {
		expect(defaultMission).toMatchObject({ topics: [], bannedPhrases: [], allowedLinkDomains: [], maxBroadcastShare: 1 });
		expect(defaultMission.maxHashtags).toBeNull();
		expect(defaultMission.maxMentions).toBeNull();
	});

	it("without an override is the workspace's", () => {
		expect(mergeMission(workspace, null)).toEqual(workspace);
		expect(mergeMission(workspace, {})).toEqual(workspace);
	});

	it("takes every field the override sets; lists replace, [] clears, null lifts a limit", () => {
		const merged = mergeMission(workspace, {
			audience: "Developers",
			topics: ["wasm"],
			bannedPhrases: [],
			maxHashtags: null,
			maxMentions: 2,
			voice: undefined,
		});
		expect(merged).toEqual({
			...workspace,
			audience: "Developers",
			topics: ["wasm"],
			bannedPhrases: [],
			maxHashtags: null,
			maxMentions: 2,
		});
	});

	it("treats null as absent except for the limits", () => {
		const broken = { topics: null, bannedPhrases: null } as unknown as Partial<Mission>;
		expect(mergeMission(workspace, broken)).toEqual(workspace);
	});

	it("tidies lists, domains and limits", () => {
		const merged = mergeMission(workspace, {
			topics: [" Rust ", "rust", ""],
			allowedLinkDomains: ["https://www.Chorus.example/blog", "*.docs.example"],
			maxBroadcastShare: 1.5,
			maxHashtags: -1,
		});
		expect(merged.topics).toEqual(["Rust"]);
		expect(merged.allowedLinkDomains).toEqual(["chorus.example", "docs.example"]);
		expect(merged.maxBroadcastShare).toBe(1);
		expect(merged.maxHashtags).toBe(0);
		expect(normalizeDomain("Bücher.example")).toBe("xn--bcher-kva.example");
	});
});

describe("length and empty", () => {
	it("reports an empty draft only", () => {
		expect(rules(lint("  ", { mission: mission({ topics: ["rust"] }) }))).toEqual(["empty:error"]);
	});
	it("reports a draft too long for the network, honouring the account's limit", () => {
		expect(rules(lint("a".repeat(501)))).toEqual(["length:error"]);
		expect(lint("a".repeat(501), { lengthOptions: { limit: 1000 } })).toEqual([]);
		expect(rules(lint("a".repeat(301), { network: "bluesky" }))).toEqual(["length:error"]);
	});
	it("passes a plain post", () => {
		expect(lint("Thanks everyone who came to the meetup yesterday, see you next month.")).toEqual([]);
	});
});

describe("banned_phrase", () => {
	const m = mission({ bannedPhrases: ["guaranteed", "act now", "Geld zurück"] });

	it("is an error with the phrase's span, in any case or accents", () => {
		const body = "Results GUARANTEED. Act  now! Volles geld zuruck.";
		const found = byRule(lint(body, { mission: m }), "banned_phrase");
		expect(found.map((f) => f.severity)).toEqual(["error", "error", "error"]);
		expect(found.map((f) => f.span && body.slice(...f.span))).toEqual(["GUARANTEED", "Act  now", "geld zuruck"]);
		expect(found[0]?.message).toBe("'guaranteed' is a banned phrase for this account; remove or rephrase it");
	});

	it("keeps spans in UTF-16 offsets after emoji and decomposed accents", () => {
		const body = "🎉👩‍👩‍👧 Geld zure\u0301ck? no: Geld zurück";
		const found = byRule(lint(body, { mission: m }), "banned_phrase");
		expect(found.map((f) => f.span && body.slice(...f.span))).toEqual(["Geld zurück"]);
		expect(found[0]?.span).toEqual([body.length - "Geld zurück".length, body.length]);
	});

	it("matches whole phrases only", () => {
		expect(byRule(lint("Unguaranteed results; we react nowhere", { mission: m }), "banned_phrase")).toEqual([]);
	});

	it("matches phrases in scripts without spaces inside words", () => {
		const body = "今だけ絶対儲かる話";
		const found = byRule(lint(body, { mission: mission({ bannedPhrases: ["絶対儲かる"] }) }), "banned_phrase");
		expect(found.map((f) => f.span && body.slice(...f.span))).toEqual(["絶対儲かる"]);
	});
});

describe("link_domain", () => {
	const m = mission({ allowedLinkDomains: ["chorus.example", "docs.example"] });

	it("is an error for each link elsewhere, in the body (with span) or the separate link", () => {
		const body = "Read https://evil.example/x and bit.ly/abc";
		const found = byRule(lint(body, { mission: m, link: "https://other.example/p" }), "link_domain");
		expect(found.map((f) => [f.severity, f.span && body.slice(...f.span)])).toEqual([
			["error", "https://evil.example/x"],
			["error", "bit.ly/abc"],
			["error", undefined],
		]);
		expect(found[0]?.message).toContain("evil.example");
		expect(found[2]?.message).toContain("other.example");
	});

	it("allows the domains, their subdomains and www", () => {
		const body = "https://chorus.example/a https://blog.chorus.example/b www.docs.example/c HTTPS://CHORUS.EXAMPLE";
		expect(byRule(lint(body, { mission: m, link: "https://docs.example/d" }), "link_domain")).toEqual([]);
	});

	it("does not take a look-alike for a subdomain", () => {
		expect(byRule(lint("https://notchorus.example/x https://chorus.example.evil.test", { mission: m }), "link_domain")).toHaveLength(2);
	});

	it("allows everything without a list, and ignores file names", () => {
		expect(byRule(lint("https://evil.example/x"), "link_domain")).toEqual([]);
		expect(byRule(lint("Attached notes.md and app.zip", { mission: m }), "link_domain")).toEqual([]);
	});
});

describe("off_topic", () => {
	const m = mission({ topics: ["Rust", "open source", "WebAssembly"] });
	const offTopic = (body: string, link?: string) => byRule(lint(body, { mission: m, link }), "off_topic");

	it("warns when no topic occurs in the text or link", () => {
		const found = offTopic("Our office dog had puppies!");
		expect(rules(found)).toEqual(["off_topic:warning"]);
		expect(found[0]?.message).toContain("Rust, open source, WebAssembly");
	});

	it.each([
		["a word in any case", "New RUST release"],
		["a stem", "Rusty? No: rewriting our parser was fun. Open-sourcing it today"],
		["a multi-word topic", "We love open source maintainers"],
		["a topic run together", "Our opensource story"],
		["a hashtag", "Big day #OpenSource"],
		["a camel-case hashtag with more words", "Big day #OpenSourceFriday"],
		["a plural", "Webassemblys everywhere"],
		["a word with accents", "Ópen sóurce everywhere"],
	])("accepts %s", (_, body) => {
		expect(offTopic(body)).toEqual([]);
	});

	it("accepts a topic in the link", () => {
		expect(offTopic("Read this", "https://blog.example/webassembly-in-production")).toEqual([]);
	});

	it("does not match a short stem inside another word", () => {
		expect(rules(byRule(lint("Trust the process", { mission: mission({ topics: ["rust"] }) }), "off_topic"))).toEqual(["off_topic:warning"]);
	});

	it("matches topics in Japanese", () => {
		const ja = mission({ topics: ["コーヒー"] });
		expect(byRule(lint("新しいコーヒー豆が入荷しました", { mission: ja }), "off_topic")).toEqual([]);
		expect(byRule(lint("新しい紅茶が入荷しました", { mission: ja }), "off_topic")).toHaveLength(1);
	});

	it("is off without topics", () => {
		expect(byRule(lint("Our office dog had puppies!"), "off_topic")).toEqual([]);
	});
});

describe("isBroadcast", () => {
	it.each([
		"Buy the new keyboard today",
		"Summer sale: everything must go",
		"20% off all plans this week",
		"Announcing Chorus 2.0",
		"We're launching on Monday",
		"Register now for the webinar",
		"Sign up for early access",
		"Use our discount for students",
		"Now available on all platforms",
		"New release: version 3",
		"Only $10 a month",
		"Jetzt kaufen und sparen",
		"Ofertas de verano",
		"新製品を発売しました",
	])("%s", (body) => {
		expect(isBroadcast(body)).toBe(true);
	});

	it("sees shop links", () => {
		expect(isBroadcast("Have a look", "https://chorus.example/shop/keyboard")).toBe(true);
		expect(isBroadcast("Have a look https://store.chorus.example/x")).toBe(true);
		expect(isBroadcast("Have a look", "https://chorus.example/products/1")).toBe(true);
	});

	it.each([
		"What is your favourite keyboard shortcut?",
		"Thanks @alice for the great talk today",
		"Wholesale changes to our style guide, explained",
		"Three lessons from a year of on-call",
	])("not: %s", (body) => {
		expect(isBroadcast(body, "https://chorus.example/blog/on-call")).toBe(false);
	});
});

describe("broadcast_share", () => {
	const post = (broadcast: boolean, accountId = "a1", groupId = "g-old"): RecentPost => ({
		body: "x",
		broadcast,
		groupId,
		accountId,
		network: "mastodon",
	});
	const m = mission({ maxBroadcastShare: 0.5 });

	it("warns when this broadcast pushes the account's share over the mission's", () => {
		const recentPosts = [post(true), post(false), post(true)];
		const found = byRule(lint("Announcing our new plan", { mission: m, recentPosts }), "broadcast_share");
		expect(rules(found)).toEqual(["broadcast_share:warning"]);
		expect(found[0]?.message).toContain("3 of 4 recent posts on this account");
		expect(found[0]?.message).toContain("75%");
		expect(found[0]?.message).toContain("50%");
	});

	it("is quiet at or under the share, for non-broadcasts, and with the default mission", () => {
		const recentPosts = [post(true), post(false), post(false)];
		expect(byRule(lint("Announcing our new plan", { mission: m, recentPosts }), "broadcast_share")).toEqual([]);
		const busy = [post(true), post(true), post(true)];
		expect(byRule(lint("How do you plan your week?", { mission: m, recentPosts: busy }), "broadcast_share")).toEqual([]);
		expect(byRule(lint("Announcing our new plan", { recentPosts: busy }), "broadcast_share")).toEqual([]);
	});

	it("counts only this account's posts, and not the compose being edited", () => {
		const recentPosts = [post(false), post(true, "a2"), post(true, "a2"), post(true, "a1", "g-this")];
		expect(byRule(lint("Announcing our new plan", { mission: m, recentPosts, compose: { groupId: "g-this", accountIds: [] } }), "broadcast_share")).toEqual([]);
	});
});

describe("all_caps", () => {
	it("warns when most letters are capitals", () => {
		expect(rules(byRule(lint("THIS IS THE BEST DEAL YOU WILL EVER SEE"), "all_caps"))).toEqual(["all_caps:warning"]);
	});
	it("is quiet for short shouts, acronyms, links, hashtags and scripts without case", () => {
		expect(byRule(lint("WOW, GREAT NEWS!"), "all_caps")).toEqual([]);
		expect(byRule(lint("NASA and ESA team up with the UN on a new mission"), "all_caps")).toEqual([]);
		expect(byRule(lint("Go #RUSTCONFERENCE #WEBASSEMBLY https://CHORUS.EXAMPLE/LAUNCH"), "all_caps")).toEqual([]);
		expect(byRule(lint("新しいコーヒー豆が入荷しました新しいコーヒー豆が入荷しました"), "all_caps")).toEqual([]);
	});
});

describe("hashtag_stuffing", () => {
	it("is an error over the mission's limit, spanning the extra hashtags", () => {
		const body = "Launch day #chorus #social #teams";
		const found = byRule(lint(body, { mission: mission({ maxHashtags: 1 }) }), "hashtag_stuffing");
		expect(rules(found)).toEqual(["hashtag_stuffing:error"]);
		expect(found[0]?.span && body.slice(...found[0].span)).toBe("#social #teams");
		expect(found[0]?.message).toContain("at most 1");
	});
	it("warns over 5 hashtags, or when they are over 30% of the words", () => {
		const many = "We shipped the new release today after a long month of work #a1 #b #c #d #e #f";
		expect(rules(byRule(lint(many), "hashtag_stuffing"))).toEqual(["hashtag_stuffing:warning"]);
		expect(rules(byRule(lint("New post #rust #wasm #webdev"), "hashtag_stuffing"))).toEqual(["hashtag_stuffing:warning"]);
	});
	it("is quiet for a few hashtags, links with fragments and numbers", () => {
		expect(byRule(lint("Hello #world"), "hashtag_stuffing")).toEqual([]);
		expect(byRule(lint("We wrote up what we learned about caching this year #rust #wasm"), "hashtag_stuffing")).toEqual([]);
		expect(byRule(lint("See https://chorus.example/a#b #1 #2 #3 in the list"), "hashtag_stuffing")).toEqual([]);
		expect(byRule(lint("Launch day #chorus", { mission: mission({ maxHashtags: 1 }) }), "hashtag_stuffing")).toEqual([]);
	});
});

describe("mention_limit", () => {
	const m = mission({ maxMentions: 2 });
	it("is an error over the mission's limit of distinct mentions", () => {
		const body = "Thanks @alice, @bob@example.social and @carol.bsky.social!";
		const found = byRule(lint(body, { mission: m }), "mention_limit");
		expect(rules(found)).toEqual(["mention_limit:error"]);
		expect(found[0]?.span && body.slice(...found[0].span)).toBe("@carol.bsky.social");
		expect(found[0]?.message).toContain("3 accounts mentioned");
	});
	it("is quiet within the limit, for repeats, e-mail addresses and without a limit", () => {
		expect(byRule(lint("@alice @ALICE @bob write to hi@chorus.example", { mission: m }), "mention_limit")).toEqual([]);
		expect(byRule(lint("@a @b @c @d @e"), "mention_limit")).toEqual([]);
	});
});

describe("identical_elsewhere", () => {
	const text = "Our spring update is out: faster search and a new calendar.";
	const other = (body: string, accountId: string, groupId: string): RecentPost => ({
		body,
		broadcast: false,
		groupId,
		accountId,
		network: "bluesky",
	});

	it("warns when the same text went to other accounts from another compose", () => {
		const recentPosts = [other("our spring update is out - faster search and a new calendar", "a2", "g1"), other(text, "a3", "g2")];
		const found = byRule(lint(text, { recentPosts, compose: { groupId: "g9", accountIds: [] } }), "identical_elsewhere");
		expect(rules(found)).toEqual(["identical_elsewhere:warning"]);
		expect(found[0]?.message).toContain("2 other accounts (Bluesky)");
	});

	it("compares with the link as sent", () => {
		const recentPosts = [other(`${text}\n\nhttps://chorus.example/spring`, "a2", "g1")];
		expect(byRule(lint(text, { link: "https://chorus.example/spring", recentPosts }), "identical_elsewhere")).toHaveLength(1);
	});

	it("is quiet for the same compose, the same account and different text", () => {
		const recentPosts = [other(text, "a2", "g9"), other(text, "a1", "g1"), other("Something else entirely", "a3", "g1")];
		expect(byRule(lint(text, { recentPosts, compose: { groupId: "g9", accountIds: [] } }), "identical_elsewhere")).toEqual([]);
	});
});

describe("compose_fanout", () => {
	const accounts = (n: number, network: "mastodon" | "x" = "mastodon") => Array.from({ length: n }, (_, i) => ({ id: `a${i + 1}`, network }));

	it("is an error when one compose sends the same text to more than 3 accounts of a network", () => {
		const found = byRule(lint("Hello from all of us", { compose: { accountIds: accounts(4) } }), "compose_fanout");
		expect(rules(found)).toEqual(["compose_fanout:error"]);
		expect(found[0]?.message).toContain("4 Mastodon accounts");
	});

	it("is quiet for 3, for other networks and for per-account variants", () => {
		expect(byRule(lint("Hello", { compose: { accountIds: accounts(3) } }), "compose_fanout")).toEqual([]);
		const mixed = [...accounts(3), { id: "x1", network: "x" as const }, { id: "x2", network: "x" as const }];
		expect(byRule(lint("Hello", { compose: { accountIds: mixed } }), "compose_fanout")).toEqual([]);
		const variants = [...accounts(3), { id: "a4", network: "mastodon" as const, body: "Hello from the Berlin team" }];
		expect(byRule(lint("Hello", { compose: { accountIds: variants } }), "compose_fanout")).toEqual([]);
		const same = [...accounts(3), { id: "a4", network: "mastodon" as const, body: "hello!" }];
		expect(byRule(lint("Hello", { compose: { accountIds: same } }), "compose_fanout")).toHaveLength(1);
	});
});

describe("lintDraft", () => {
	it("puts length first and collects every rule", () => {
		const m = mission({
			topics: ["rust"],
			bannedPhrases: ["guaranteed"],
			allowedLinkDomains: ["chorus.example"],
			maxHashtags: 1,
		});
		const body = `GUARANTEED RESULTS FOR EVERYONE WHO BUYS TODAY https://evil.example #a #b ${"X".repeat(500)}`;
		expect(rules(lint(body, { mission: m }))).toEqual([
			"length:error",
			"banned_phrase:error",
			"link_domain:error",
			"off_topic:warning",
			"all_caps:warning",
			"hashtag_stuffing:error",
		]);
	});
});

describe("Bluesky handles", () => {
	it("warns, with the span, of an @name Bluesky will not take as a mention; full handles and other networks pass", () => {
		const body = "Thanks @alice and @bob.bsky.social (@carol.bsky)!";
		const findings = lint(body, { network: "bluesky", compose: { accountIds: [{ id: "a1", network: "bluesky" }] } });
		expect(findings.map((f) => [f.rule, f.severity, body.slice(...f.span!)])).toEqual([
			["bluesky_partial_handle", "warning", "@alice"],
			["bluesky_partial_handle", "warning", "@carol.bsky"],
		]);
		expect(findings[0]!.message).toContain("@alice.bsky.social");
		expect(lint(body)).toEqual([]);
	});
});
