/**
 * `/l/:code`: a first-party short link, public (the people who click have no account). The code is
 * the only key (10 random base62 characters): it answers a 302 to the link with its UTM parameters
 * and counts the click, or a 404 page. Nothing else about the post or workspace is revealed.
 */
import { Hono } from "hono";
import { isCode } from "../../domain/short-links";
import { Layout } from "../../web/layout";
import type { AppEnv } from "../context";
import { followShortLink } from "../services/short-links";

const Gone = () => (
	<Layout title="Link not found">
		<section class="card">
			<h1>Link not found</h1>
			<p>This short link does not exist. Check that it was copied whole.</p>
		</section>
	</Layout>
);

export const shortLinkRoutes = new Hono<AppEnv>().get("/:code", async (c) => {
	const code = c.req.param("code");
	// HEAD is what link-preview crawlers send: answered, not counted as a click.
	const target = isCode(code) ? await followShortLink(c.get("db"), c.env, code, c.get("now"), c.req.method === "GET") : null;
	c.header("Cache-Control", "no-store");
	c.header("Referrer-Policy", "no-referrer");
	if (!target) return c.html(<Gone />, 404);
	return c.redirect(target, 302);
});
