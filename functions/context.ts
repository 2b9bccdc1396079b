import type { Db } from "../db/client";
import type { Role } from "../domain/permissions";

/** The signed-in member (one membership of a person), as every route sees them. */
export type Actor = {
	/** The membership's id: what posts, audit events and tokens name. */
	id: string;
	/** The person behind the membership: their password, second factor and other memberships. */
	personId: string;
	name: string;
	email: string;
	role: Role;
	workspaceId: string;
	/** How the request was authenticated: a browser session or an API token. */
	via: "session" | "token";
	/** The session or token row id, so signing out can revoke exactly this one. */
	credentialId: string;
};

export type AppEnv = {
	Bindings: Env;
	Variables: {
		db: Db;
		actor: Actor;
		/** The request's clock. Tests pin it through the X-Chorus-Now header only when CHORUS_ENV=test. */
		now: number;
	};
};
