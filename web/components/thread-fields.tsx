import { MAX_EXTRA_PARTS } from "../../domain/post-parts";
import { FieldErrors } from "./messages";

type Props = { parts: string[]; firstComment: string; errors: { parts?: string[]; firstComment?: string[] } };

/**
 * A thread's later parts and a first comment, without JavaScript: the parts written so far plus two
 * empty boxes (an empty box is skipped), so "one more part" is a submit away. Which networks take which
 * is the capability table's: a chosen account whose network cannot is refused with the field named.
 */
export function ThreadFields({ parts, firstComment, errors }: Props) {
	const boxes = Math.min(parts.length + 2, MAX_EXTRA_PARTS);
	const open = parts.length > 0 || firstComment !== "" || Boolean(errors.parts?.length || errors.firstComment?.length);
	return (
		<details class="thread-fields" open={open}>
			<summary>Thread or first comment</summary>
			<p class="muted">
				On X, Bluesky, Mastodon and Threads each part goes out as a reply to the one before. On LinkedIn, Facebook and Instagram the first comment goes under
				the post once it is out. Every part is counted and checked like the text.
			</p>
			{Array.from({ length: boxes }, (_, i) => (
				<label class="field-label">
					Part {i + 2}
					<textarea name="parts" rows={3}>
						{`\n${parts[i] ?? ""}`}
					</textarea>
				</label>
			))}
			<FieldErrors messages={errors.parts} />
			<label class="field-label">
				First comment
				<textarea name="firstComment" rows={2}>
					{`\n${firstComment}`}
				</textarea>
			</label>
			<FieldErrors messages={errors.firstComment} />
		</details>
	);
}
