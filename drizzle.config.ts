import { defineConfig } from "drizzle-kit";

// Generation only: migrations are applied by `wrangler d1 migrations apply`, never by drizzle-kit,
// so there is one applier and one tracking table.
export default defineConfig({
	dialect: "sqlite",
	schema: "./db/schema.ts",
	out: "./db/migrations",
});
