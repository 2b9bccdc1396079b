declare namespace Cloudflare {
	interface Env {
		TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
	}
	// Types `exports.default` from "cloudflare:workers" as our Worker's handlers.
	interface GlobalProps {
		mainModule: typeof import("../functions/index");
	}
}
