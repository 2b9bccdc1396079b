/**
 * Who owns each conversation on the account. The first member to claim or reply owns it; others are
 * refused until the owner releases it or hands it off. Kept in the desk so two members acting at the
 * same instant are serialised: exactly one wins.
 */
export type OwnerChange = { ok: true; owner: string | null; previous: string | null } | { ok: false; owner: string };

export class ConversationOwners {
	constructor(private readonly sql: SqlStorage) {
		sql.exec("CREATE TABLE IF NOT EXISTS conversation_owner (conversation_id TEXT PRIMARY KEY, member_id TEXT NOT NULL, since INTEGER NOT NULL)");
	}

	owner(conversationId: string): string | null {
		return (
			this.sql.exec<{ member_id: string }>("SELECT member_id FROM conversation_owner WHERE conversation_id = ?", conversationId).toArray()[0]?.member_id ?? null
		);
	}

	/** Takes the conversation if nobody owns it (or the member already does). */
	claim(conversationId: string, memberId: string, now: number): OwnerChange {
		const current = this.owner(conversationId);
		if (current && current !== memberId) return { ok: false, owner: current };
		if (!current) this.sql.exec("INSERT INTO conversation_owner (conversation_id, member_id, since) VALUES (?, ?, ?)", conversationId, memberId, now);
		return { ok: true, owner: memberId, previous: current };
	}

	/** Gives it up; only the owner may, unless `force` (a manager clearing it). */
	release(conversationId: string, memberId: string, force: boolean): OwnerChange {
		const current = this.owner(conversationId);
		if (current && current !== memberId && !force) return { ok: false, owner: current };
		this.sql.exec("DELETE FROM conversation_owner WHERE conversation_id = ?", conversationId);
		return { ok: true, owner: null, previous: current };
	}

	/** Passes it to another member; only the owner may, unless `force`. Unowned ones can be handed out too. */
	handoff(conversationId: string, from: string, to: string, force: boolean, now: number): OwnerChange {
		const current = this.owner(conversationId);
		if (current && current !== from && !force) return { ok: false, owner: current };
		this.sql.exec(
			"INSERT INTO conversation_owner (conversation_id, member_id, since) VALUES (?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET member_id = excluded.member_id, since = excluded.since",
			conversationId,
			to,
			now,
		);
		return { ok: true, owner: to, previous: current };
	}
}
