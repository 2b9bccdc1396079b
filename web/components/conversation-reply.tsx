import { FieldErrors } from "./messages";

type Props = {
	conversationId: string;
	/** Who the reply goes to, and from which account. */
	to: string;
	from: string;
	body: string;
	/** Said before anything is sent: who owns it when that is someone else, or that replying claims it. */
	hint?: string;
	/** A refused reply: why, in words, right above the kept text. */
	error?: string;
	fieldErrors?: string[];
};

/** The reply box. The first member to reply owns the conversation; a reply while someone else does is refused. */
export const ConversationReply = (p: Props) => (
	<form method="post" action={`/inbox/${encodeURIComponent(p.conversationId)}/reply`} class="card reply-form stack" aria-labelledby="reply-title">
		<h2 id="reply-title">
			Reply to {p.to} <small class="muted">as {p.from}</small>
		</h2>
		{p.hint && !p.error && <p class="muted reply-hint">{p.hint}</p>}
		{p.error && (
			<p class="inline-error" role="alert">
				{p.error}
			</p>
		)}
		{/* The parser drops one leading newline inside <textarea>; this one keeps the user's own. */}
		<textarea id="reply-body" name="body" rows={4} required maxlength={10_000} aria-label="Your reply" placeholder={`Write to ${p.to}…`}>
			{`\n${p.body}`}
		</textarea>
		<FieldErrors messages={p.fieldErrors} />
		<div class="reply-actions">
			<button type="submit" class="primary">
				Send reply
			</button>
		</div>
	</form>
);
