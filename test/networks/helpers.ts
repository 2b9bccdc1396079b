// Shared by the network contract tests: fetch stubbed with vi.spyOn(globalThis, "fetch"), answers
// shaped like the real APIs', and the requests the adapter made, readable for exact assertions.
import { vi } from "vitest";
import type { Network } from "../../domain/networks";
import type { AccountContext, PublishRequest, SessionCache } from "../../functions/networks/types";

export type Call = { method: string; url: string; headers: Headers; body: string | null; json: unknown };

type Handler = (call: Call) => Response | Promise<Response>;

/** Stubs fetch with answers given in order (a function answers every call itself); returns the calls. */
export function stubFetch(...answers: (Response | Handler)[]): Call[] {
	const calls: Call[] = [];
	let next = 0;
	vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
		// A client that hands fetch a ready Request (arctic's token calls) carries the body in it: read a
		// clone first, since wrapping the Request below takes its body.
		const body =
			init?.body !== undefined && init.body !== null
				? String(init.body)
				: input instanceof Request
					? new TextDecoder().decode(await input.clone().arrayBuffer()) || null
					: null;
		const request = new Request(input, init);
		let json: unknown;
		try {
			json = body === null ? undefined : JSON.parse(body);
		} catch {
			json = undefined;
		}
		const call = { method: request.method, url: request.url, headers: request.headers, body, json };
		calls.push(call);
		const answer = answers.length === 1 && typeof answers[0] === "function" ? answers[0] : answers[next++];
		if (answer === undefined) throw new Error(`unexpected fetch #${calls.length}: ${request.method} ${request.url}`);
		return typeof answer === "function" ? answer(call) : answer;
	});
	return calls;
}

/** A fetch that never answers but honours the abort signal, like a network that went silent. */
export function stubSilentFetch(): void {
	vi.spyOn(globalThis, "fetch").mockImplementation(
		(_input: RequestInfo | URL, init?: RequestInit) =>
			new Promise<Response>((_resolve, reject) => {
				init?.signal?.addEventListener("abort", () => reject(new DOMException("The operation was aborted.", "AbortError")));
			}),
	);
}

export function stubFetchError(error: unknown): void {
	vi.spyOn(globalThis, "fetch").mockRejectedValue(error);
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

export function text(body: string, status: number, headers: Record<string, string> = {}): Response {
	return new Response(body, { status, headers: { "content-type": "text/html", ...headers } });
}

export function account(network: Network, credentials: Record<string, unknown>): AccountContext {
	return { accountId: "acc_1", workspaceId: "ws_1", handle: "@chorus", network, credentials };
}

export const createdAt = "2026-11-26T10:00:00.000Z";
export const createdAtMs = Date.parse(createdAt);

export function request(overrides: Partial<PublishRequest> = {}): PublishRequest {
	return {
		postId: "post_1",
		text: "Launch day!\n\nhttps://example.com/launch",
		link: "https://example.com/launch",
		idempotencyKey: "post_1",
		recordKey: "3mabcdefghij2",
		createdAt,
		...overrides,
	};
}

export function memoryCache(initial: Record<string, unknown> | null = null): SessionCache & { value: Record<string, unknown> | null; sets: number } {
	const cache = {
		value: initial,
		sets: 0,
		async get() {
			return cache.value;
		},
		async set(value: Record<string, unknown> | null) {
			cache.value = value;
			cache.sets++;
		},
	};
	return cache;
}
