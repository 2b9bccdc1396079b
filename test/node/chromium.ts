import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium, headless. The background-networking flags matter: this machine's closed network
 * refuses Chromium's own connections, and without them it keeps retrying.
 */
export const launchChromium = (): Promise<Browser> =>
	chromium.launch({
		executablePath: "/usr/bin/chromium",
		args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
	});
