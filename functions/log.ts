/**
 * The only way errors reach the logs. Error messages can quote what they failed on (a query's bound
 * parameters, a network's answer, a header), so everything logged passes through `redact` first:
 * logs are read by more people, and kept longer, than the data they describe.
 */

const SECRET_SHAPES: [RegExp, string][] = [
	// A failed query lists its bound values: password hashes, sealed credentials, token hashes.
	[/(params:)[^\n]*/g, "$1 [redacted]"],
	[/chorus_[A-Za-z0-9_-]{6,}/g, "chorus_[redacted]"],
	[/(Bearer\s+)[^\s"',;]+/gi, "$1[redacted]"],
	[/(__Host-[\w-]+=)[^;\s"']+/g, "$1[redacted]"],
	[
		/("?(?:password|passwd|secret|token|access_?token|refresh_?token|app_?password|api_?key|client_?secret|credentials|authorization|cookie)"?\s*[:=]\s*)("[^"]*"|[^\s,;}&]+)/gi,
		"$1[redacted]",
	],
];

export const redact = (text: string): string => SECRET_SHAPES.reduce((t, [shape, by]) => t.replace(shape, by), text);

/** Name, message, causes and stack of an error, redacted. */
export function describeError(err: unknown, depth = 0): string {
	if (!(err instanceof Error)) return redact(String(err));
	const stack = err.stack?.split("\n").slice(1).join("\n");
	const cause = err.cause !== undefined && depth < 3 ? `\ncaused by: ${describeError(err.cause, depth + 1)}` : "";
	return redact(`${err.name}: ${err.message}${stack ? `\n${stack}` : ""}${cause}`);
}

export function logError(label: string, err?: unknown): void {
	console.error(redact(label), ...(err === undefined ? [] : [describeError(err)]));
}
