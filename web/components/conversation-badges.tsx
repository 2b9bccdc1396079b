import { flagLabels } from "../inbox";

type Owner = { id: string; name: string } | null;

/** Who owns a conversation: a name, "You", or "Unowned". */
export const OwnerBadge = ({ owner, viewerId }: { owner: Owner; viewerId: string }) =>
	owner ? (
		<span class={owner.id === viewerId ? "badge owner owner-me" : "badge owner"} title={`Owner: ${owner.name}`}>
			{owner.id === viewerId ? `You (${owner.name})` : owner.name}
		</span>
	) : (
		<span class="badge owner owner-none">Unowned</span>
	);

/** "Waiting > 1 h", "Owner off shift": what needs attention. */
export const FlagBadges = ({ flags }: { flags: string[] }) => (
	<>
		{flags.map((f) => (
			<span class={`badge flag flag-${f}`}>{flagLabels[f] ?? f}</span>
		))}
	</>
);
