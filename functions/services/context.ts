import type { Context } from "hono";
import type { Db } from "../../db/client";
import type { Actor, AppEnv } from "../context";
import type { Desks } from "./scheduling";

/** What every use case needs: the database, who is acting, the request's clock, the desks and the queues. */
export type ServiceContext = {
	db: Db;
	actor: Actor;
	now: number;
	desks: Desks;
	queue: Queue;
	env: Env;
	webhooks: Queue;
	notify: Queue;
	/** Who the audit names when it is not the actor: "link:<id>" for a client deciding through an approval link. */
	auditActorId?: string;
};

export const serviceContext = <E extends AppEnv>(c: Context<E>): ServiceContext => ({
	db: c.get("db"),
	actor: c.get("actor"),
	now: c.get("now"),
	desks: c.env.ACCOUNT_DESK,
	queue: c.env.PUBLISH,
	env: c.env,
	webhooks: c.env.WEBHOOKS,
	notify: c.env.NOTIFY,
});
