/** Banners and inline errors; a form's errors sit next to the field they are about. */
export const Banner = ({ text, kind = "ok" }: { text?: string | null; kind?: "ok" | "error" }) =>
	text ? (
		<p class={`banner ${kind}`} role={kind === "error" ? "alert" : "status"}>
			{text}
		</p>
	) : null;

export const FieldErrors = ({ messages }: { messages?: string[] }) =>
	messages?.length ? (
		<ul class="field-errors">
			{messages.map((m) => (
				<li>{m}</li>
			))}
		</ul>
	) : null;
