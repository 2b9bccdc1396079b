/**
 * What Chorus keeps of a remote's error answer: the HTTP status, the network's error code, a short
 * message. Never the body itself: a proxy's HTML page, a stack trace or an echoed token must not land
 * in a post's attempts, its failure reason, a notification or a log line. Pure.
 *
 *   summarizeError(400, '{"error":"invalid_grant","error_description":"Bad code"}')
 *     → "400: invalid_grant: Bad code"
 *
 * The message comes from the usual error fields (message, detail, error_description, error, Graph's
 * nested error.message, X's errors[0].message); for anything else, the visible text of the body with
 * markup, scripts and styles removed. Whatever looks like a credential (a JWT, a bearer token, a
 * `token=`/`secret=` value, a long random-looking string) is replaced by "[redacted]", and the result
 * is one line of at most summaryLimit characters.
 */
import { decodeHTML } from "entities";

export const summaryLimit = 200;

/** A body is read this far at most: an error page's message is near its top, and regexes stay cheap. */
const maxBodyChars = 100_000;

export function summarizeError(status: number | null, body: string): string {
	const head = status === null ? "no answer" : String(status);
	const { code, message } = errorParts(body.slice(0, maxBodyChars));
	const text = [code, message].filter(Boolean).join(": ");
	return clipText(redact(text ? `${head}: ${text}` : head));
}

/** Any other remote-sourced text (an exception's message, a mail API's answer): flattened, redacted, capped. */
export function summarizeErrorText(text: string, limit: number = summaryLimit): string {
	return clipText(redact(visibleText(text.slice(0, maxBodyChars))), limit);
}

/** One line, at most `limit` characters, "…" where it was cut. */
export function clipText(text: string, limit: number = summaryLimit): string {
	const flat = text
		// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
		.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
		.replace(/\s+/g, " ")
		.trim();
	return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`;
}

type Parts = { code: string | null; message: string | null };

function errorParts(body: string): Parts {
	const json = parseJson(body);
	if (json !== undefined && json !== null && typeof json === "object") {
		const found = pickError(json, 0);
		if (found.message || found.code) return found;
	}
	if (typeof json === "string") return { code: null, message: json };
	const text = visibleText(body);
	return { code: null, message: text || null };
}

/** The network's error code: an identifier, not a sentence (OAuth's invalid_grant, Bluesky's InvalidSwap). */
const isCode = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z][\w.:-]{0,63}$/.test(value);

const messageKeys = ["message", "detail", "error_description", "error_user_msg", "title"];

function pickError(value: unknown, depth: number): Parts {
	const none = { code: null, message: null };
	if (depth > 3 || value === null || typeof value !== "object") return none;
	if (Array.isArray(value)) return pickError(value[0], depth + 1);
	const record = value as Record<string, unknown>;
	const message = messageKeys.map((key) => record[key]).find((v): v is string => typeof v === "string" && v.trim() !== "") ?? null;
	// { error: "invalid_grant", error_description } (OAuth), { error: "InvalidSwap", message } (XRPC).
	if (typeof record.error === "string" && record.error.trim()) {
		if (message && isCode(record.error)) return { code: record.error, message };
		return { code: null, message: message ?? record.error };
	}
	if (message) return { code: isCode(record.code) ? record.code : null, message };
	// Graph's { error: { message, code } }; X's v1 { errors: [{ code, message }] }.
	for (const key of ["error", "errors"]) {
		const nested = pickError(record[key], depth + 1);
		if (nested.message || nested.code) return nested;
	}
	return none;
}

function parseJson(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

/** The text a browser would show: no comments, scripts, styles or tags; entities decoded. */
function visibleText(html: string): string {
	const stripped = html
		.replace(/<!--[\s\S]*?(-->|$)/g, " ")
		.replace(/<(script|style|noscript|template|svg)\b[\s\S]*?(<\/\1\s*>|$)/gi, " ")
		.replace(/<\/?[a-z!?][^>]*(>|$)/gi, " ");
	const decoded = decodeHTML(stripped);
	// A decoded "&lt;b&gt;" is markup again: drop what now looks like a tag, and any stray brackets.
	return decoded.replace(/<[^>]*>/g, " ").replace(/[<>]/g, " ");
}

const REDACTED = "[redacted]";

const credentialField =
	/\b((?:access|refresh|id|bearer|auth|session|app|api|client|page|user)[_-]?(?:token|secret|key|password|jwt)|accessJwt|refreshJwt|password|passwd|client_secret|code_verifier|fb_exchange_token)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi;

/** Credentials a remote may echo back: replaced wherever they appear in the text. */
function redact(text: string): string {
	return (
		text
			// JSON Web Tokens (Bluesky's accessJwt, OIDC id_tokens).
			.replace(/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, REDACTED)
			// "Bearer abc…", "Basic abc…".
			.replace(/\b(bearer|basic)\s+[\w~+/.=-]{8,}/gi, (_m, scheme: string) => `${scheme} ${REDACTED}`)
			// "access_token": "…", client_secret: …, password=… (named credentials, not prose like "InvalidToken: …").
			.replace(credentialField, `$1$2${REDACTED}`)
			// ?token=…&key=… in a URL.
			.replace(/([?&;](?:token|key|secret|sig|signature|code|auth)=)[^\s&#"']+/gi, `$1${REDACTED}`)
			// Long random-looking strings (opaque tokens, keys): letters and digits mixed, 32+ characters.
			.replace(/[\w~+/=.-]{32,}/g, (run) => (/[A-Za-z]/.test(run) && /\d/.test(run) ? REDACTED : run))
	);
}
