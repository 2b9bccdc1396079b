import type { FormErrors } from "../form";

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
