/**
 * The one door out: every request Chorus makes to a URL (network APIs and instances, connect flows,
 * token refresh, webhooks, report Slack hooks, the mail API) goes through guardedFetch, which checks
 * the URL with the outbound guard (domain/outbound-url.ts) and checks every redirect hop again. No
 * other module under functions/ or queues/ calls fetch (test/networks/outbound.test.ts fails if
 * one does).
 *
 * DNS rebinding: a Worker's fetch resolves names itself and offers no way to pin or even see the IP
 * it connects to, so a public name whose DNS answers 10.0.0.1 or 127.0.0.1 (now, or only on the
 * second lookup) is not caught here: the guard can only judge what the URL says. What covers that
 * case deployed is the platform: a Worker's subrequests leave from Cloudflare's edge to the public
 * internet and do not reach Cloudflare's or a customer's private network (there is no VPC binding
 * here). Locally (wrangler dev) fetch runs on the developer's machine, where such a name could reach
 * the LAN; that is a development risk the text check cannot remove.
 */
import { checkOutboundUrl, type OutboundUrlOptions } from "../domain/outbound-url";

/** Local and test runs may reach servers on this machine (the node tests' PDS, a webhook receiver). */
export const outboundOptions = (env: { CHORUS_ENV?: string }): OutboundUrlOptions => ({
	allowLoopback: env.CHORUS_ENV === "local" || env.CHORUS_ENV === "test",
});

/**
 * The policy for fetch-time checks. The adapters have no env, so each entry point (fetch, queue,
 * scheduled, the Durable Object) sets it from the Worker's env; until one does, it is production's.
 * An isolate serves one Worker with one env, so the module-level value is the same for every request.
 */
let current: OutboundUrlOptions = { allowLoopback: false };

export function configureOutbound(env: { CHORUS_ENV?: string }): void {
	current = outboundOptions(env);
}

/** Why Chorus will not call this URL (for a clear 4xx when it is entered), or null when it may. */
export function outboundUrlProblem(url: string, env: { CHORUS_ENV?: string }): string | null {
	const verdict = checkOutboundUrl(url, outboundOptions(env));
	return verdict.ok ? null : verdict.reason;
}

/** A URL the guard refused: nothing was sent. A TypeError, as fetch throws for a URL it cannot use. */
export class OutboundRefused extends TypeError {
	override name = "OutboundRefused";
}

/** Enough for an http→https hop and a moved host; a longer chain is refused rather than followed. */
export const maxRedirects = 3;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** The URL as the guard sees it, or an OutboundRefused naming why not. */
export function guardedUrl(url: string | URL, what = "Outbound request"): URL {
	const verdict = checkOutboundUrl(String(url), current);
	if (!verdict.ok) throw new OutboundRefused(`${what} refused: ${verdict.reason}`);
	return verdict.url;
}

/**
 * fetch after the guard. redirect "manual" answers a 3xx as it came (what the network adapters,
 * webhooks and report delivery want: a redirected POST is a failure, not a GET elsewhere); otherwise
 * at most maxRedirects hops are followed here, each checked again, so a public URL cannot bounce the
 * request to 169.254.169.254. Cross-origin hops drop the Authorization and Cookie headers.
 */
export async function guardedFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
	let url = guardedUrl(input);
	const mode = init.redirect ?? "follow";
	let request: RequestInit = init;
	for (let hop = 0; ; hop++) {
		const response = await fetch(url, { ...request, redirect: "manual" });
		const location = response.headers.get("location");
		if (mode === "manual" || !redirectStatuses.has(response.status) || location === null) return response;
		await response.body?.cancel();
		if (mode === "error") throw new TypeError(`Redirected (${response.status}) where no redirect was expected`);
		if (hop >= maxRedirects) throw new OutboundRefused(`More than ${maxRedirects} redirects: not followed`);
		const next = guardedUrl(new URL(location, url), `Redirect (${response.status}) to ${safeText(location)}`);
		request = nextHop(request, response.status, url, next);
		url = next;
	}
}

/** What the fetch standard does on a hop: 303 (and 301/302 after a POST) becomes a GET without a body. */
function nextHop(init: RequestInit, status: number, from: URL, to: URL): RequestInit {
	const method = (init.method ?? "GET").toUpperCase();
	const toGet = status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST";
	const headers = new Headers(init.headers);
	if (from.origin !== to.origin) {
		headers.delete("authorization");
		headers.delete("cookie");
	}
	if (toGet) {
		for (const name of ["content-type", "content-length", "content-encoding", "content-language", "content-location"]) headers.delete(name);
		return { ...init, method: "GET", body: undefined, headers };
	}
	return { ...init, headers };
}

/** A Location for an error message: no credentials, and short. */
function safeText(location: string): string {
	const text = location.replace(/\/\/[^/@]*@/, "//");
	return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
