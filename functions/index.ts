/** The switchboard: one Worker, three entry points. Logic lives in the modules it names. */
import { createApp } from "./app";

const app = createApp();

export default {
	fetch: app.fetch,
} satisfies ExportedHandler<Env>;
