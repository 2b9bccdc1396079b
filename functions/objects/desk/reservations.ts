/**
 * The double-post guard's memory inside an AccountDesk: the text and time of every post scheduled to
 * the account. Checking and reserving is one synchronous step in the desk, so two people scheduling
 * near-identical posts at the same moment cannot both get through.
 */
import { isNearDuplicate } from "../../../domain/duplicates";

export type Reservation = { postId: string; text: string; at: number; authorId: string };
export type DuplicateOf = { postId: string; authorId: string; at: number };

export class Reservations {
	constructor(private readonly sql: SqlStorage) {
		sql.exec(`CREATE TABLE IF NOT EXISTS reservation (
			post_id TEXT PRIMARY KEY, text TEXT NOT NULL, at INTEGER NOT NULL, author_id TEXT NOT NULL)`);
		sql.exec("CREATE INDEX IF NOT EXISTS reservation_at ON reservation (at)");
	}

	/** The first other post within `windowMs` of `at` whose text is nearly the same (among those `counts` accepts). */
	conflict(candidate: Reservation, windowMs: number, counts: (postId: string) => boolean = () => true): DuplicateOf | null {
		const nearby = this.sql
			.exec<{ post_id: string; text: string; at: number; author_id: string }>(
				"SELECT * FROM reservation WHERE at BETWEEN ? AND ? AND post_id != ? ORDER BY at",
				candidate.at - windowMs,
				candidate.at + windowMs,
				candidate.postId,
			)
			.toArray();
		for (const r of nearby) {
			if (!counts(r.post_id)) continue;
			if (isNearDuplicate(r.text, candidate.text)) return { postId: r.post_id, authorId: r.author_id, at: r.at };
		}
		return null;
	}

	put(r: Reservation): void {
		this.sql.exec(
			"INSERT INTO reservation (post_id, text, at, author_id) VALUES (?, ?, ?, ?) ON CONFLICT (post_id) DO UPDATE SET text = excluded.text, at = excluded.at",
			r.postId,
			r.text,
			r.at,
			r.authorId,
		);
	}

	release(postId: string): void {
		this.sql.exec("DELETE FROM reservation WHERE post_id = ?", postId);
	}

	/** Reservations older than any window that could still matter are dropped. */
	prune(before: number): void {
		this.sql.exec("DELETE FROM reservation WHERE at < ?", before);
	}
}
