import { Hono } from "hono";
import { getShift, listShifts, shiftView } from "../../db/queries/shifts";
import type { AppEnv } from "../context";
import { notFound } from "../errors";
import { serviceContext } from "../services/context";
import { createShift, createShiftSchema, deleteShift, patchShiftSchema, updateShift } from "../services/shifts";
import { jsonBody } from "../validation";

/** The rota over HTTP; the rules (who may, what is valid, the audit row) live in services/shifts. */
export const shiftRoutes = new Hono<AppEnv>()
	.get("/", async (c) => {
		const rows = await listShifts(c.get("db"), c.get("actor").workspaceId);
		return c.json({ items: rows.map(shiftView), next: null });
	})
	.post("/", jsonBody(createShiftSchema), async (c) => c.json(await createShift(serviceContext(c), c.req.valid("json")), 201))
	.get("/:id", async (c) => {
		const found = await getShift(c.get("db"), c.get("actor").workspaceId, c.req.param("id"));
		if (!found) throw notFound("Shift");
		return c.json(shiftView(found));
	})
	.patch("/:id", jsonBody(patchShiftSchema), async (c) => c.json(await updateShift(serviceContext(c), c.req.param("id"), c.req.valid("json"))))
	.delete("/:id", async (c) => {
		await deleteShift(serviceContext(c), c.req.param("id"));
		return c.body(null, 204);
	});
