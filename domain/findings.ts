/** A lint finding on a draft. Errors block scheduling (422 lint_failed); warnings are shown. */
export type Finding = {
	rule: string;
	severity: "error" | "warning";
	message: string;
	/** Where in the text, as UTF-16 offsets [start, end), when the finding is about a part of it. */
	span?: [number, number];
	/** Which field of the post it is about when not the body: `parts[0]` (part 2), `firstComment`. */
	field?: string;
};

export const hasErrors = (findings: readonly Finding[]) => findings.some((f) => f.severity === "error");
