import type { Context } from "hono";
import type { AppEnv } from "../context";

/**
 * GET /api/v1/docs: the interactive reference. Swagger UI's script and style are static assets under
 * /docs/ (vendored from swagger-ui-dist by `npm run docs:assets`), never a CDN and never in the
 * Worker bundle. Its stylesheet draws icons from data: URIs, hence the one widened directive.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

export const docsPage = (c: Context<AppEnv>) => {
	c.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
	return c.html(PAGE);
};
