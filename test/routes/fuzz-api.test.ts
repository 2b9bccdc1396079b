import { fuzzRoutes, jsonRoute } from "../helpers/fuzz";

// The JSON routes (API, health, bench hooks); the pages are fuzzed in test/web/fuzz-pages.test.ts, in parallel.
fuzzRoutes("fuzzing every JSON route", jsonRoute);
