import { fuzzRoutes, jsonRoute } from "../helpers/fuzz";

// The pages and their forms; the JSON routes are fuzzed in test/routes/fuzz-api.test.ts, in parallel.
fuzzRoutes("fuzzing every page", (route) => !jsonRoute(route));
