/** /dev/mailbox: the mail a local Chorus "sent". A 404 anywhere but local and test. */
import { desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { devMail } from "../../db/schema";
import type { AppEnv } from "../../functions/context";
import { devMailboxEnabled } from "../../functions/mail/send";
import { DevMailboxPage } from "../pages/dev-mailbox";
import { NotFoundPage } from "../pages/not-found";

export const devMailboxPages = new Hono<AppEnv>().get("/dev/mailbox", async (c) => {
	if (!devMailboxEnabled(c.env)) return c.html(<NotFoundPage />, 404);
	const to = c.req.query("to")?.trim().toLowerCase() || undefined;
	const mails = await c
		.get("db")
		.select()
		.from(devMail)
		.where(to ? eq(devMail.to, to) : undefined)
		.orderBy(desc(devMail.createdAt))
		.limit(100);
	return c.html(<DevMailboxPage mails={mails} to={to} />);
});
