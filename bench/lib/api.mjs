// A small JSON client for the Worker under test: bearer token, JSON errors turned into exceptions.
export function apiClient(baseUrl, { token } = {}) {
	async function call(method, route, { body, headers = {}, timeoutMs = 60_000 } = {}) {
		const res = await fetch(`${baseUrl}${route}`, {
			method,
			headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await res.text();
		let data = null;
		try {
			data = text ? JSON.parse(text) : null;
		} catch {
			data = text;
		}
		if (!res.ok) {
			const error = new Error(
				`${method} ${route} answered ${res.status}: ${typeof data === "string" ? data.slice(0, 300) : JSON.stringify(data?.error ?? data)}`,
			);
			error.status = res.status;
			throw error;
		}
		return data;
	}
	return {
		call,
		get: (route, options) => call("GET", route, options),
		post: (route, body, options) => call("POST", route, { ...options, body }),
		withToken: (t) => apiClient(baseUrl, { token: t }),
	};
}

/** Runs fn over items with at most `limit` in flight; results in input order. The first error stops new work and rejects. */
export async function mapLimit(items, limit, fn) {
	const results = new Array(items.length);
	let next = 0;
	let failed = null;
	async function worker() {
		while (failed === null && next < items.length) {
			const i = next++;
			try {
				results[i] = await fn(items[i], i);
			} catch (error) {
				failed ??= error;
			}
		}
	}
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	if (failed) throw failed;
	return results;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Sleeps until the wall clock reaches `at` (epoch ms). */
export const sleepUntil = (at) => sleep(at - Date.now());
