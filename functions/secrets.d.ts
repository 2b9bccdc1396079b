// Optional Worker secrets (wrangler.toml lists them), which `wrangler types` cannot see when they are
// unset: the OAuth apps Chorus connects and refreshes accounts with. Absent ones turn that network off.
interface Env {
	X_CLIENT_ID?: string;
	X_CLIENT_SECRET?: string;
	LINKEDIN_CLIENT_ID?: string;
	LINKEDIN_CLIENT_SECRET?: string;
	FACEBOOK_APP_ID?: string;
	FACEBOOK_APP_SECRET?: string;
	THREADS_APP_ID?: string;
	THREADS_APP_SECRET?: string;
}
