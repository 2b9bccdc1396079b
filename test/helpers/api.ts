import { exports } from "cloudflare:workers";

const BASE = "https://chorus.test";

export type Call = {
	status: number;
	headers: Headers;
	// Tests read whatever the route answers; the shape is asserted field by field.
	body: any;
};

/** One request into the real Worker (routing, middleware, D1), with an API token or none. */
export async function call(
	method: string,
	path: string,
	opts: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<Call> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
	let body = opts.body;
	if (opts.json !== undefined) {
		headers["Content-Type"] = "application/json";
		body = JSON.stringify(opts.json);
	} else if (body !== undefined && !headers["Content-Type"]) {
		headers["Content-Type"] = "application/json";
	}
	const res = await exports.default.fetch(new Request(`${BASE}${path.startsWith("/health") ? "" : "/api/v1"}${path}`, { method, headers, body }));
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, headers: res.headers, body: parsed };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export type Workspace = { id: string; token: string; ownerId: string; email: string };

/** A fresh workspace with its owner; each test gets its own so tests never see each other's rows. */
export async function signUp(timezone = "Europe/Berlin"): Promise<Workspace> {
	const email = `owner-${unique()}@example.test`;
	const res = await call("POST", "/workspaces", {
		json: { name: `WS ${unique()}`, timezone, owner: { email, name: "Olive Owner", password: "correct horse battery" } },
	});
	if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
	return { id: res.body.workspace.id, token: res.body.token, ownerId: res.body.member.id, email };
}

/** Adds a member with a role and returns a token acting as them. */
export async function addMember(ws: Workspace, role: "owner" | "manager" | "author" | "analyst", name = `${role} ${unique()}`) {
	const email = `${role}-${unique()}@example.test`;
	const created = await call("POST", "/members", { token: ws.token, json: { email, name, role, password: "correct horse battery" } });
	if (created.status !== 201) throw new Error(`add member failed: ${created.status} ${JSON.stringify(created.body)}`);
	const session = await signInCookie(email, "correct horse battery");
	const token = await call("POST", "/tokens", { headers: { Cookie: session }, json: { name: "test" } });
	if (token.status !== 201) throw new Error(`token failed: ${token.status} ${JSON.stringify(token.body)}`);
	return { id: created.body.id as string, email, name, token: token.body.token as string };
}

/** Signs in with a password and returns the Cookie header value of the session. */
export async function signInCookie(email: string, password: string): Promise<string> {
	const res = await call("POST", "/session", { json: { email, password } });
	if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
	const cookie = res.headers.get("Set-Cookie") ?? "";
	return cookie.split(";")[0] ?? "";
}

export async function addAccount(ws: Workspace, extra: Record<string, unknown> = {}) {
	const res = await call("POST", "/accounts", {
		token: ws.token,
		json: { network: "sandbox", handle: `@acct-${unique()}`, timezone: "Europe/Berlin", ...extra },
	});
	if (res.status !== 201) throw new Error(`account failed: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body as { id: string; network: string; handle: string; timezone: string };
}

/** An ISO instant `hours` from now, with an offset. */
export const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
