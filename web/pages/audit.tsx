import type { Change, SubjectKind } from "../audit";
import { kindNames, subjectKinds } from "../audit";
import { Banner } from "../components/messages";
import { Layout, type Viewer } from "../layout";

export type AuditEntry = {
	id: string;
	/** ISO instant, for <time datetime>. */
	iso: string;
	/** "Fri 27 Nov 2026, 10:00:05", in the workspace's zone. */
	when: string;
	actor: { name: string; kind: "member" | "system" | "former" };
	/** The sentence around the subject. */
	action: [string, string];
	subject: { text: string; href?: string; note?: string };
	changes: Change[];
	/** Why the changes are not shown: the viewer may not see this kind of object. */
	hidden?: string;
};

export type AuditFilters = { from: string; to: string; actor: string; subject: string };

type Props = {
	viewer?: Viewer;
	timezone: string;
	filters: AuditFilters;
	actors: { id: string; name: string }[];
	entries: AuditEntry[];
	/** Links to the next (older) page and back to the newest. */
	older?: string;
	newest?: string;
	notice?: string;
	/** A single object's history ("post:…"), named in words. */
	single?: string;
};

const ChangeList = ({ changes }: { changes: Change[] }) =>
	changes.length === 0 ? null : (
		<ul class="changes">
			{changes.map((ch) => (
				<li>
					<span class="change-field">{ch.field}</span> {ch.before !== undefined && <del>{ch.before}</del>}
					{ch.before !== undefined && ch.after !== undefined && (
						<span class="arrow" role="img" aria-label="changed to">
							{" "}
							→{" "}
						</span>
					)}
					{ch.after !== undefined && <ins>{ch.after}</ins>}
				</li>
			))}
		</ul>
	);

function Row({ e }: { e: AuditEntry }) {
	const [lead, tail] = e.action;
	return (
		<tr>
			<td class="audit-when">
				<time datetime={e.iso}>{e.when}</time>
			</td>
			<td class="audit-what">
				<span class={`actor actor-${e.actor.kind}`}>{e.actor.name}</span> {lead}
				{e.subject.href ? <a href={e.subject.href}>{e.subject.text}</a> : <span class="subject">{e.subject.text}</span>}
				{e.subject.note && <span class="muted"> {e.subject.note}</span>}
				{tail}
			</td>
			<td class="audit-changes">{e.hidden ? <span class="muted">{e.hidden}</span> : <ChangeList changes={e.changes} />}</td>
		</tr>
	);
}

export const AuditPage = (p: Props) => (
	<Layout title="Audit trail" viewer={p.viewer} current="audit">
		<div class="cal-head">
			<div>
				<h1>Audit trail</h1>
				<p class="muted">Everything that changed in this workspace, newest first. Times in {p.timezone}.</p>
			</div>
		</div>
		<form method="get" action="/audit" class="card audit-filters">
			<label>
				From
				<input type="date" name="from" value={p.filters.from} />
			</label>
			<label>
				To
				<input type="date" name="to" value={p.filters.to} />
			</label>
			<label>
				Who
				<select name="actor">
					<option value="">Anyone</option>
					<option value="system" selected={p.filters.actor === "system"}>
						Scheduler (automatic)
					</option>
					{p.actors.map((a) => (
						<option value={a.id} selected={a.id === p.filters.actor}>
							{a.name}
						</option>
					))}
				</select>
			</label>
			<label>
				About
				<select name="subject">
					<option value="">Everything</option>
					{subjectKinds.map((k: SubjectKind) => (
						<option value={k} selected={k === p.filters.subject}>
							{kindNames[k]}
						</option>
					))}
					{p.single && (
						<option value={p.filters.subject} selected>
							{p.single}
						</option>
					)}
				</select>
			</label>
			<div class="filter-buttons">
				<button type="submit" class="primary">
					Show
				</button>
				<a href="/audit">Clear</a>
			</div>
		</form>
		<Banner text={p.notice} kind="error" />
		{p.entries.length === 0 ? (
			<p class="card muted">
				Nothing recorded{p.filters.from || p.filters.to || p.filters.actor || p.filters.subject ? " that matches these filters" : " yet"}.
			</p>
		) : (
			<table class="audit card">
				<thead>
					<tr>
						<th scope="col">When</th>
						<th scope="col">What happened</th>
						<th scope="col">Changes</th>
					</tr>
				</thead>
				<tbody>
					{p.entries.map((e) => (
						<Row e={e} />
					))}
				</tbody>
			</table>
		)}
		{(p.older || p.newest) && (
			<nav class="pager" aria-label="Pages">
				{p.newest && <a href={p.newest}>← Newest</a>}
				{p.older && (
					<a href={p.older} rel="next">
						Older entries →
					</a>
				)}
			</nav>
		)}
	</Layout>
);
