import type { Mission } from "../../domain/mission";
import { describe, type MissionKey, type MissionValues, missionKeys, missionSpecs } from "../mission";
import { FieldErrors } from "./messages";

/** One field's input: a textarea for texts and lists, a number for the share and the limits. */
export function MissionInput({ name, value, id }: { name: MissionKey; value: string; id: string }) {
	const spec = missionSpecs[name];
	if (spec.kind === "percent") {
		return (
			<span class="with-unit">
				<input type="number" id={id} name={name} value={value} min="0" max="100" step="any" inputmode="decimal" class="num" aria-describedby={`${id}-hint`} />
				<span aria-hidden="true">%</span>
			</span>
		);
	}
	if (spec.kind === "limit") {
		return (
			<input
				type="number"
				id={id}
				name={name}
				value={value}
				min="0"
				max="100"
				step="1"
				inputmode="numeric"
				class="num"
				placeholder="no limit"
				aria-describedby={`${id}-hint`}
			/>
		);
	}
	return (
		<textarea id={id} name={name} rows={spec.rows ?? 2} aria-describedby={`${id}-hint`}>
			{`\n${value}`}
		</textarea>
	);
}

/** The workspace mission's fields, each with its hint and errors. */
export function MissionFields({ values, errors }: { values: MissionValues; errors: Record<string, string[]> }) {
	return (
		<div class="mission-grid">
			{missionKeys.map((key) => {
				const spec = missionSpecs[key];
				const id = `m-${key}`;
				return (
					<div class={`mission-field kind-${spec.kind}`}>
						<label for={id}>{spec.label}</label>
						<MissionInput name={key} value={values[key]} id={id} />
						<small id={`${id}-hint`} class="muted">
							{spec.hint}
						</small>
						<FieldErrors messages={errors[key]} />
					</div>
				);
			})}
		</div>
	);
}

/** A mission, read only: what members who may not change it see. `own` marks an account's own settings. */
export function MissionSummary({ mission, own }: { mission: Mission; own?: readonly MissionKey[] }) {
	return (
		<dl class="details mission-summary">
			{missionKeys.map((key) => (
				<>
					<dt>{missionSpecs[key].label}</dt>
					<dd>
						<span class="pre">{describe(key, mission, 2000)}</span>
						{own && (own.includes(key) ? <span class="badge own">This account's</span> : <span class="badge inherited">Workspace's</span>)}
					</dd>
				</>
			))}
		</dl>
	);
}
