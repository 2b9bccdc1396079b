/**
 * The header's workspace menu: the current workspace, the person's other workspaces (each a small
 * POST form, so switching is CSRF-protected like every other form: the app refuses cross-site posts)
 * and a form to create a new workspace owned by the signed-in person.
 */
export type SwitcherEntry = { workspaceId: string; name: string; role: string; current: boolean };

export function WorkspaceSwitcher({ workspaceName, memberships = [] }: { workspaceName: string; memberships?: SwitcherEntry[] }) {
	const others = memberships.filter((m) => !m.current);
	return (
		<details class="workspace-switcher">
			<summary class="workspace" aria-label={`Workspace: ${workspaceName}. Switch workspace`}>
				{workspaceName}
			</summary>
			<div class="switcher-menu">
				{others.length > 0 && (
					<ul class="switcher-list" aria-label="Your other workspaces">
						{others.map((m) => (
							<li>
								<form method="post" action="/switch-workspace">
									<input type="hidden" name="workspaceId" value={m.workspaceId} />
									<button type="submit" class="link-button">
										{m.name} <small class="role">{m.role}</small>
									</button>
								</form>
							</li>
						))}
					</ul>
				)}
				<form method="post" action="/new-workspace" class="switcher-new">
					<label>
						New workspace
						<input type="text" name="name" required maxlength={120} placeholder="Name" />
					</label>
					<button type="submit" class="link-button">
						Create
					</button>
				</form>
			</div>
		</details>
	);
}
