import { Hono } from "hono";
import type { AppEnv } from "../functions/context";

export const webRoutes = new Hono<AppEnv>();
