// docs/networks.md's capability section is the table in domain/capabilities.ts rendered as Markdown:
// a flag or limit changed in the code without the docs (or the other way round) fails here.
// CHORUS_WRITE_DOCS=1 npx vitest run test/repo/networks-docs.test.ts rewrites the section.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { capabilityMarkdown, docEnd, docStart } from "../../domain/capabilities-doc";

const file = path.resolve(import.meta.dirname, "../../docs/networks.md");

describe("docs/networks.md", () => {
	it("shows exactly the capability table the code uses", () => {
		let doc = readFileSync(file, "utf8");
		const start = doc.indexOf(docStart);
		const end = doc.indexOf(docEnd);
		expect(start, "docs/networks.md lacks the generated capability section").toBeGreaterThanOrEqual(0);
		expect(end).toBeGreaterThan(start);
		if (process.env.CHORUS_WRITE_DOCS === "1") {
			doc = doc.slice(0, start) + capabilityMarkdown() + doc.slice(end + docEnd.length);
			writeFileSync(file, doc);
		}
		expect(doc.slice(start, doc.indexOf(docEnd) + docEnd.length), "run CHORUS_WRITE_DOCS=1 npx vitest run test/repo/networks-docs.test.ts").toBe(
			capabilityMarkdown(),
		);
	});
});
