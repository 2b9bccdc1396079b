/** The correction control of the Inbox and Insights pages: one form post, then back to the page it came from. */
import { Hono } from "hono";
import { mentionKinds, sentimentLabels } from "../../db/schema";
import { invalidField } from "../../functions/errors";
import { correctMention } from "../../functions/services/mention-feedback";
import { ctxOf, safeNext, signedIn, type WebEnv } from "../env";
import { field, readForm } from "../form";

/** A blank field leaves that label as it is; anything else must be one of the labels. */
const oneOf = <T extends string>(values: readonly T[], value: string, name: string): T | undefined => {
	if (value === "") return undefined;
	if ((values as readonly string[]).includes(value)) return value as T;
	throw invalidField([name], `${name} must be one of ${values.join(", ")}`);
};

export const mentionPages = new Hono<WebEnv>().post("/mentions/:id/labels", signedIn, async (c) => {
	const form = await readForm(c.req);
	const sentiment = oneOf(sentimentLabels, field(form, "sentiment"), "sentiment");
	const kind = oneOf(mentionKinds, field(form, "kind"), "kind");
	// The service checks the role and the workspace (another's mention is not found) and audits the change.
	await correctMention(ctxOf(c), c.req.param("id"), { sentiment, kind });
	// Back to the same page, scrolled to the mention, with the banner that says what changed.
	const back = new URL(safeNext(field(form, "back")), "https://chorus.invalid");
	back.searchParams.set("labelled", "1");
	back.hash = `mention-${c.req.param("id")}`;
	return c.redirect(back.pathname + back.search + back.hash, 303);
});
