import type { FormErrors } from "../form";
import type { AccountLint, LintItem } from "../lint";

/** Lint findings from a refused schedule, shown under the text they are about. */
export const FindingList = ({ findings }: { findings: FormErrors["findings"] }) =>
	findings.length ? (
		<ul class="findings" aria-label="Problems with the text">
			{findings.map((f) => (
				<li>
					{f.where && <strong>{f.where}: </strong>}
					{f.message}
				</li>
			))}
		</ul>
	) : null;

const severityLabel = { error: "Error", warning: "Warning" } as const;

/** One finding: its severity, the rule's message and, for a span, the words it is about highlighted. */
export const LintLine = ({ finding, handle }: { finding: LintItem; handle?: string }) => (
	<li class={`lint-item finding-${finding.severity}`} data-rule={finding.rule}>
		<span class={`sev sev-${finding.severity}`}>{severityLabel[finding.severity]}</span>
		<span class="lint-text">
			{handle && <strong>{handle}: </strong>}
			{finding.message}
			{finding.excerpt && (
				<span class="lint-context">
					{finding.excerpt.before}
					<mark>{finding.excerpt.match}</mark>
					{finding.excerpt.after}
				</span>
			)}
		</span>
	</li>
);

/**
 * The mission lint of every selected account, next to the text; /compose.js replaces the contents as
 * the user types. The handle is named only when more than one account is selected.
 */
export const LintFindings = ({ lint }: { lint: AccountLint[] }) => {
	const multi = lint.length > 1;
	const lines = lint.flatMap((a) => a.findings.map((f) => ({ f, handle: multi ? a.handle : undefined })));
	return (
		<div id="lint" class="lint" aria-live="polite">
			{lines.length > 0 && (
				<ul class="findings lint-findings" aria-label="Checks on the text">
					{lines.map(({ f, handle }) => (
						<LintLine finding={f} handle={handle} />
					))}
				</ul>
			)}
		</div>
	);
};
