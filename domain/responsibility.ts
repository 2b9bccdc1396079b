/**
 * Who answers for a scheduled post, and therefore what status it gets (DESIGN.md, Who posts):
 * posting into someone else's responsibility needs their approval (or any manager's when they may not
 * approve); an author always needs approval; a gap in the rota is a warning, not a block.
 */
import type { Finding } from "./findings";
import { can, type Role } from "./permissions";

export type DutyAnswer = { responsible: string | null; reason: "owner" | "shift" | "open" | "gap" };

export type Decision = {
	status: "scheduled" | "pending_approval";
	/** Whose approval it waits for; null means any manager or owner. */
	approvalFrom: string | null;
	/** Who was responsible for the account at the post's time when it was scheduled. */
	responsibleId: string | null;
	findings: Finding[];
};

export function decideSchedule(actor: { id: string; role: Role }, duty: DutyAnswer, roleOf: (memberId: string) => Role | undefined): Decision {
	const mayPost = can(actor.role, "schedule");
	const { responsible } = duty;
	if (duty.reason === "open") {
		return { status: mayPost ? "scheduled" : "pending_approval", approvalFrom: null, responsibleId: null, findings: [] };
	}
	if (responsible === null) {
		const findings: Finding[] = [{ rule: "duty_gap", severity: "warning", message: "Nobody is on duty for this account at that time" }];
		return { status: mayPost ? "scheduled" : "pending_approval", approvalFrom: null, responsibleId: null, findings };
	}
	if (responsible === actor.id) {
		return { status: mayPost ? "scheduled" : "pending_approval", approvalFrom: null, responsibleId: responsible, findings: [] };
	}
	const responsibleRole = roleOf(responsible);
	return {
		status: "pending_approval",
		approvalFrom: responsibleRole && can(responsibleRole, "approve") ? responsible : null,
		responsibleId: responsible,
		findings: [],
	};
}

/**
 * Just before publishing: the post may go out only if whoever answers for the account now is who
 * answered when it was scheduled or approved. Open accounts have no one to change.
 */
export function rotaChanged(duty: DutyAnswer, responsibleWhenScheduled: string | null): boolean {
	if (duty.reason === "open") return false;
	return duty.responsible !== responsibleWhenScheduled;
}
