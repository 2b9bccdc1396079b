import type { invitationView } from "../../functions/services/invitations";
import { Banner, FieldErrors } from "../components/messages";
import type { FormErrors } from "../form";
import { Layout, type Viewer } from "../layout";

const roleNames = ["owner", "manager", "author", "analyst"] as const;
type Member = { id: string; name: string; email: string; role: string };
type Invitation = ReturnType<typeof invitationView>;

type Props = {
	viewer?: Viewer;
	meId: string;
	members: Member[];
	invitations: Invitation[];
	canManage: boolean;
	canManageOwners: boolean;
	notice?: string;
	errors?: FormErrors;
	/** The member whose removal was refused, to show the refusal next to them. */
	refused?: { memberId: string; message: string };
	inviteValues?: { email: string; role: string };
};

const RoleSelect = ({ name, value, owners }: { name: string; value: string; owners: boolean }) => (
	<select name={name}>
		{roleNames
			.filter((r) => owners || r !== "owner" || r === value)
			.map((r) => (
				<option value={r} selected={r === value}>
					{r}
				</option>
			))}
	</select>
);

export function TeamPage({ viewer, meId, members, invitations, canManage, canManageOwners, notice, errors, refused, inviteValues }: Props) {
	const pending = invitations.filter((i) => i.state === "pending");
	return (
		<Layout title="Team" viewer={viewer} current="team">
			<div class="narrow-page">
				<h1>Team</h1>
				<Banner text={notice} />
				<Banner text={refused ? undefined : errors?.message} kind="error" />
				{canManage && (
					<form method="post" action="/team/invite" class="card stack" id="invite">
						<h2>Invite someone</h2>
						<label>
							Email
							<input type="email" name="email" value={inviteValues?.email ?? ""} required />
						</label>
						<FieldErrors messages={errors?.fields.email} />
						<label>
							Role
							<RoleSelect name="role" value={inviteValues?.role ?? "author"} owners={canManageOwners} />
						</label>
						<button type="submit" class="primary">
							Send invitation
						</button>
					</form>
				)}
				{canManage && pending.length > 0 && (
					<>
						<h2>Invitations waiting</h2>
						<ul class="invitations">
							{pending.map((i) => (
								<li class="member-row invitation-row">
									<div class="member-head">
										<span>
											{i.email} <small class="role">{i.role}</small>
										</span>
										<small class="muted">expires {i.expiresAt.slice(0, 10)}</small>
									</div>
									<form method="post" action={`/team/invitations/${encodeURIComponent(i.id)}/withdraw`} class="inline">
										<button type="submit" class="link-button">
											Withdraw
										</button>
									</form>
								</li>
							))}
						</ul>
					</>
				)}
				<h2>Members</h2>
				<ul class="members">
					{members.map((m) => (
						<li class="member-row" data-member={m.id}>
							<div class="member-head">
								<span>
									<strong>{m.name}</strong> <small class="role">{m.role}</small>
								</span>
								<small class="muted">{m.email}</small>
							</div>
							{refused?.memberId === m.id && (
								<p class="banner error" role="alert">
									{refused.message}
								</p>
							)}
							{canManage && m.id !== meId && (canManageOwners || m.role !== "owner") && (
								<div class="member-actions">
									<form method="post" action={`/team/${encodeURIComponent(m.id)}/role`}>
										<label>
											Role
											<RoleSelect name="role" value={m.role} owners={canManageOwners} />
										</label>
										<button type="submit">Change role</button>
									</form>
									<form method="post" action={`/team/${encodeURIComponent(m.id)}/remove`}>
										<label>
											Hand their work to
											<select name="reassignTo">
												<option value="">(nobody: refuse if anything is left)</option>
												{members
													.filter((o) => o.id !== m.id)
													.map((o) => (
														<option value={o.id}>{o.name}</option>
													))}
											</select>
										</label>
										<button type="submit" class="danger">
											Remove
										</button>
									</form>
								</div>
							)}
						</li>
					))}
				</ul>
			</div>
		</Layout>
	);
}
