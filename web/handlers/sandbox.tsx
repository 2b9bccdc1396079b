import { Hono } from "hono";
import { getAccount, listAccounts } from "../../db/queries/accounts";
import { listSandboxFeed } from "../../db/queries/sandbox-feed";
import { signedIn, viewerOf, type WebEnv } from "../env";
import { NotFoundPage } from "../pages/not-found";
import { NotSandboxPage } from "../pages/not-sandbox";
import { SandboxAccountsPage } from "../pages/sandbox-accounts";
import { SandboxFeedPage } from "../pages/sandbox-feed";

const FEED_SHOWN = 200;

/** The sandbox network's feeds: where a sandbox post's network link ("/sandbox/<accountId>#<itemId>") lands. */
export const sandboxPages = new Hono<WebEnv>()
	.get("/sandbox", signedIn, async (c) => {
		const accounts = await listAccounts(c.get("db"), c.get("workspace").id);
		return c.html(<SandboxAccountsPage viewer={viewerOf(c)} accounts={accounts.filter((a) => a.network === "sandbox")} />);
	})
	.get("/sandbox/:accountId", signedIn, async (c) => {
		const db = c.get("db");
		const ws = c.get("workspace");
		const account = await getAccount(db, ws.id, c.req.param("accountId"));
		if (!account) return c.html(<NotFoundPage viewer={viewerOf(c)} what="account" />, 404);
		if (account.network !== "sandbox") return c.html(<NotSandboxPage viewer={viewerOf(c)} account={account} />, 409);
		const rows = await listSandboxFeed(db, ws.id, account.id, FEED_SHOWN + 1);
		const items = rows
			.slice(0, FEED_SHOWN)
			.map((r) => ({ id: r.id, text: r.text, postId: r.postId, part: r.part, inReplyTo: r.inReplyTo, unreadable: r.unreadable, createdAt: r.createdAt }));
		return c.html(<SandboxFeedPage viewer={viewerOf(c)} account={account} items={items} more={rows.length > FEED_SHOWN} />);
	});
