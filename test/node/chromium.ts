import { type Browser, chromium } from "playwright-core";
import { inject } from "vitest";

/**
 * Debian's Chromium, headless. The background-networking flags matter: this machine's closed network
 * refuses Chromium's own connections, and without them it keeps retrying.
 */
export const chromiumOptions = {
	executablePath: "/usr/bin/chromium",
	args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
};

/**
 * The one Chromium the node project's global setup started (test/node/global-setup.ts), connected to
 * instead of launched per file. A file's `browser.close()` only disconnects it; each file still gets its
 * own contexts and pages.
 */
export async function launchChromium(): Promise<Browser> {
	const endpoint = inject("chromiumEndpoint");
	if (!endpoint) throw new Error(`No Chromium at ${chromiumOptions.executablePath}: the browser tests need Debian's chromium (apt-get install chromium)`);
	return chromium.connect(endpoint);
}
