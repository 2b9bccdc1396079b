/**
 * What every signed-in page needs: the member, their workspace and the services' context.
 * Pages redirect to the sign-in form instead of answering 401 JSON, so a browser never sees the API's errors.
 */
import type { Context, MiddlewareHandler } from "hono";
import { unreadCount } from "../db/queries/notifications";
import { getWorkspace, type WorkspaceRow } from "../db/queries/workspaces";
import { resolveActor } from "../functions/auth/authenticate";
import type { AppEnv } from "../functions/context";
import { serviceContext } from "../functions/services/context";
import { listMemberships } from "../functions/services/memberships";
import type { SwitcherEntry } from "./components/workspace-switcher";
import type { Viewer } from "./layout";

export type WebEnv = {
	Bindings: AppEnv["Bindings"];
	Variables: AppEnv["Variables"] & { workspace: WorkspaceRow; unread: number; memberships: SwitcherEntry[] };
};

export type WebContext = Context<WebEnv>;

const SAFE_NEXT_FALLBACK = "/calendar";
const SAME_ORIGIN_PATH = /^\/(?![/\\])/;
const PROBE_ORIGIN = "https://chorus.invalid";

/**
 * Only a path on this origin: an absolute or protocol-relative `next` would make sign-in an open
 * redirect. `next` arrives decoded (query or form field). Control characters are stripped first, as
 * a browser drops tab, CR and LF anywhere in a URL: "/\t/evil.example" is "//evil.example" to it.
 * What is left must be one "/" then neither "/" nor "\", and still be one after the URL parser
 * resolves it ("/.//evil" resolves to "//evil"). The answer is the resolved, percent-encoded form.
 */
export function safeNext(next: string | undefined | null): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is stripped.
	const path = (next ?? "").replace(/[\u0000-\u001f\u007f]/g, "");
	if (!SAME_ORIGIN_PATH.test(path)) return SAFE_NEXT_FALLBACK;
	const url = new URL(path, PROBE_ORIGIN);
	const resolved = url.pathname + url.search + url.hash;
	return url.origin === PROBE_ORIGIN && SAME_ORIGIN_PATH.test(resolved) ? resolved : SAFE_NEXT_FALLBACK;
}

/** Where to come back after signing in: a form post cannot be replayed, so its page is the target. */
function returnPath(c: Context): string {
	const url = new URL(c.req.url);
	if (c.req.method === "GET") return url.pathname + url.search;
	return url.pathname.replace(/^(\/posts\/[^/]+)\/[^/]+$/, "$1");
}

/** The signed-in member, if any. The web context only adds variables, so the API's resolver reads it as is. */
export const currentActor = (c: Context<WebEnv>) => resolveActor(c as unknown as Context<AppEnv>);

export const signedIn: MiddlewareHandler<WebEnv> = async (c, next) => {
	const actor = await currentActor(c);
	const ws = actor ? await getWorkspace(c.get("db"), actor.workspaceId) : undefined;
	if (!actor || !ws) return c.redirect(`/sign-in?next=${encodeURIComponent(returnPath(c))}`, 303);
	c.set("actor", actor);
	c.set("workspace", ws);
	// The bell and the workspace switcher in the layout: one query each per page.
	const [unread, memberships] = await Promise.all([unreadCount(c.get("db"), { workspaceId: ws.id, memberId: actor.id }), listMemberships(c.get("db"), actor)]);
	c.set("unread", unread);
	c.set(
		"memberships",
		memberships.map((m) => ({ workspaceId: m.workspace.id, name: m.workspace.name, role: m.role, current: m.current })),
	);
	await next();
};

/** The same use-case context the API routes build. */
export const ctxOf = (c: WebContext) => serviceContext(c);

export function viewerOf(c: WebContext): Viewer | undefined {
	const actor = c.get("actor") as AppEnv["Variables"]["actor"] | undefined;
	const ws = c.get("workspace") as WorkspaceRow | undefined;
	const unread = c.get("unread") as number | undefined;
	const memberships = c.get("memberships") as SwitcherEntry[] | undefined;
	return actor && ws ? { name: actor.name, role: actor.role, workspaceName: ws.name, stopped: ws.paused, unread, memberships } : undefined;
}
