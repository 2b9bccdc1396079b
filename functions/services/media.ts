/**
 * Uploads: the bytes go to R2 first, then the row to D1, so a row never points at missing bytes
 * (a failed insert deletes the object again).
 */
import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import { newId } from "../../db/ids";
import { auditIfChangedStatement } from "../../db/queries/audit";
import { deleteUnheldMediaStatement, findMedia, type MediaRow, mediaView, postsHoldingMedia } from "../../db/queries/media";
import { media } from "../../db/schema";
import { contentMismatch, isUploadType, maxAltLength, maxUploadBytes, uploadTypes } from "../../domain/media";
import { requirePermission } from "../auth/authorize";
import { ApiError, forbidden, invalidField, notFound } from "../errors";
import { validationFailed } from "../validation";
import type { ServiceContext } from "./context";

const dimension = z.coerce.number().int().min(1).max(100_000);
/** What the client says about the upload besides the bytes (form fields or query parameters). */
export const mediaFactsSchema = z.object({
	alt: z
		.string({ message: "Alt text is required: describe the image for people who cannot see it" })
		.trim()
		.min(1, "Alt text is required: describe the image for people who cannot see it")
		.max(maxAltLength),
	width: dimension.optional(),
	height: dimension.optional(),
	durationSeconds: z.coerce.number().int().min(0).max(86_400).optional(),
});

export type MediaUpload = { bytes: ArrayBuffer; type: string; facts: Record<string, unknown> };

export const tooLarge = () =>
	new ApiError(413, "payload_too_large", `file: larger than ${maxUploadBytes / (1024 * 1024)} MB`, {
		issues: [{ path: ["file"], message: `At most ${maxUploadBytes} bytes` }],
	});

export async function storeMedia(ctx: ServiceContext, upload: MediaUpload): Promise<MediaRow> {
	requirePermission(ctx.actor, "draft");
	const facts = mediaFactsSchema.safeParse(upload.facts);
	if (!facts.success) {
		const error = validationFailed(facts.error);
		throw new ApiError(422, error.code, error.message, error.extra);
	}
	const type = upload.type.split(";")[0]!.trim().toLowerCase();
	if (!isUploadType(type)) throw invalidField(["type"], `${type || "No type"}: give one of ${uploadTypes.join(", ")}`, 422);
	if (upload.bytes.byteLength === 0) throw invalidField(["file"], "The file is empty", 422);
	if (upload.bytes.byteLength > maxUploadBytes) throw tooLarge();
	// The declared type is the client's word; the bytes must agree (a "photo" that is a script or an
	// HTML page would otherwise be stored and handed to the networks under that name).
	const sniffed = await fileTypeFromBuffer(new Uint8Array(upload.bytes));
	const mismatch = contentMismatch(type, sniffed?.mime);
	if (mismatch) throw invalidField(["file"], mismatch, 422);

	const id = newId();
	const key = `${ctx.actor.workspaceId}/${id}`;
	await ctx.env.MEDIA.put(key, upload.bytes, { httpMetadata: { contentType: type } });
	const row: MediaRow = {
		id,
		workspaceId: ctx.actor.workspaceId,
		key,
		type,
		size: upload.bytes.byteLength,
		alt: facts.data.alt,
		width: facts.data.width ?? null,
		height: facts.data.height ?? null,
		durationSeconds: facts.data.durationSeconds ?? null,
		createdById: ctx.actor.id,
		createdAt: ctx.now,
	};
	try {
		await ctx.db.insert(media).values(row);
	} catch (error) {
		await ctx.env.MEDIA.delete(key);
		throw error;
	}
	return row;
}

export async function loadMedia(ctx: ServiceContext, id: string): Promise<MediaRow> {
	const row = await findMedia(ctx.db, ctx.actor.workspaceId, id);
	if (!row) throw notFound("Media");
	return row;
}

/**
 * Deletes an upload: the row (with its audit entry, in one batch), then the bytes in R2, so a row never
 * points at missing bytes. Refused with 409 naming the posts while a scheduled, waiting or publishing
 * post uses it. Authors delete their own uploads; managers and owners anyone's.
 */
export async function deleteMedia(ctx: ServiceContext, id: string): Promise<void> {
	requirePermission(ctx.actor, "draft");
	const row = await loadMedia(ctx, id);
	const anyone = ctx.actor.role === "owner" || ctx.actor.role === "manager";
	if (!anyone && row.createdById !== ctx.actor.id) throw forbidden(`A ${ctx.actor.role} may delete only their own uploads`);
	const { db, actor } = ctx;
	const [deleted] = await db.batch([
		deleteUnheldMediaStatement(db, actor.workspaceId, id),
		auditIfChangedStatement(db, {
			workspaceId: actor.workspaceId,
			actorId: actor.id,
			action: "media.delete",
			subject: `media:${id}`,
			before: mediaView(row),
			at: ctx.now,
		}),
	]);
	if (deleted.length === 0) {
		const holding = await postsHoldingMedia(db, actor.workspaceId, id);
		if (holding.length > 0) {
			const ids = holding.map((p) => p.id);
			throw new ApiError(
				409,
				"media_in_use",
				`Used by ${ids.length === 1 ? "post" : "posts"} ${ids.join(", ")} (${[...new Set(holding.map((p) => p.status))].join(", ")}): take it off them or cancel them first`,
				{
					details: { posts: holding },
				},
			);
		}
		// Deleted by someone else in the meantime.
		throw notFound("Media");
	}
	await ctx.env.MEDIA.delete(row.key);
}
