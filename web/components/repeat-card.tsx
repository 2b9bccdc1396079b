import type { RepeatView } from "../../functions/services/series";
import { noRepeat, type RepeatValues } from "../repeat-form";
import { FieldErrors } from "./messages";
import { RepeatFields } from "./repeat-fields";

const unitWord = (every: number, unit: string) => (every === 1 ? unit : `${every} ${unit}s`);

/**
 * The post's series on its page: the rule, each occurrence (a skipped one with the refusal that
 * skipped it), and the form to change the rule or stop repeating.
 */
export function RepeatCard({ postId, repeat, may, errors }: { postId: string; repeat: RepeatView | null; may: boolean; errors?: string[] }) {
	if (!repeat && !may) return null;
	const values: RepeatValues = repeat
		? { every: String(repeat.every), unit: repeat.unit, until: repeat.until?.slice(0, 10) ?? "", count: repeat.count === null ? "" : String(repeat.count) }
		: noRepeat;
	return (
		<section class="card repeat-card">
			<h2>Repeats</h2>
			{repeat ? (
				<>
					<p>
						Every {unitWord(repeat.every, repeat.unit)} at {repeat.time} ({repeat.timezone}){repeat.until && <> until {repeat.until.slice(0, 10)}</>}
						{repeat.count !== null && <>, {repeat.count} times in all</>}. This is occurrence {repeat.index + 1}.
					</p>
					{repeat.ended && (
						<p class="muted">
							Ended {repeat.ended.at.slice(0, 10)}: {endWords[repeat.ended.reason ?? ""] ?? repeat.ended.reason}
						</p>
					)}
					<ol class="occurrences">
						{repeat.occurrences.map((o) => (
							<li>
								{o.index + 1}. {o.scheduledAt.replace("T", " ").slice(0, 16)}{" "}
								{o.outcome === "skipped" ? (
									<span class="tag warning" title={o.reasonCode ?? ""}>
										Skipped: {o.reason}
									</span>
								) : o.postId ? (
									<a href={`/posts/${o.postId}`}>{o.postId === postId ? "this post" : "open"}</a>
								) : (
									<span class="muted">being made</span>
								)}
							</li>
						))}
					</ol>
				</>
			) : (
				<p class="muted">This post does not repeat.</p>
			)}
			{may && (
				<form method="post" action={`/posts/${postId}/repeat`}>
					<RepeatFields values={values} />
					<FieldErrors messages={errors} />
					<div class="actions">
						<button type="submit" name="action" value="save">
							{repeat ? "Change the rule" : "Repeat this post"}
						</button>
						{repeat && !repeat.ended && (
							<button type="submit" name="action" value="stop">
								Stop repeating
							</button>
						)}
					</div>
				</form>
			)}
		</section>
	);
}

const endWords: Record<string, string> = {
	stopped: "stopped by hand",
	count: "all its occurrences were made",
	until: "its last date has passed",
	post_deleted: "its latest post was deleted",
	author_left: "its author left the workspace",
};
