import type { Child } from "hono/jsx";
import { Layout, type Viewer } from "../layout";

export type Confirmation = {
	/** The page title and heading: the question ("Cancel this post?"). */
	title: string;
	/** What will happen, named plainly: whose account, which network, what is lost. */
	consequence: Child;
	/** Where the confirmed form posts: the same action, now with confirmed=yes. */
	action: string;
	/** The first step's fields (a reason, who takes the work), carried over unchanged. */
	fields?: Record<string, string>;
	/** The button that does it, e.g. "Yes, retract it". */
	confirmLabel: string;
	/** Where "No, keep it" goes back to. */
	back: string;
	backLabel?: string;
	/** A broadcast that is not destructive (resume publishing) gets the ordinary button, not the red one. */
	danger?: boolean;
};

/**
 * The second step of a destructive or broadcast action: a page of its own, so it works without
 * JavaScript, and says what will happen before anything does.
 */
export function ConfirmPage({ viewer, confirmation: c }: { viewer?: Viewer; confirmation: Confirmation }) {
	return (
		<Layout title={c.title} viewer={viewer}>
			<section class="card narrow confirm-card" aria-labelledby="confirm-title">
				<h1 id="confirm-title">{c.title}</h1>
				<div class="consequence">{c.consequence}</div>
				<form method="post" action={c.action} class="confirm-actions">
					{Object.entries(c.fields ?? {}).map(([name, value]) => (
						<input type="hidden" name={name} value={value} />
					))}
					<input type="hidden" name="confirmed" value="yes" />
					<button type="submit" class={c.danger === false ? "primary" : "danger"}>
						{c.confirmLabel}
					</button>{" "}
					<a href={c.back} class="button-link">
						{c.backLabel ?? "No, go back"}
					</a>
				</form>
			</section>
		</Layout>
	);
}

/** Whether the form already went through its confirmation step. */
export const confirmed = (form: Record<string, unknown>) => form.confirmed === "yes";
