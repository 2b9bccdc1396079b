PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_idempotency_record` (
	`workspace_id` text NOT NULL,
	`credential` text NOT NULL,
	`key` text NOT NULL,
	`role` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `credential`, `key`)
);
--> statement-breakpoint
-- Earlier records name no credential, so none can be replayed safely: they are dropped (a key lives 24 h).
DROP TABLE `idempotency_record`;--> statement-breakpoint
ALTER TABLE `__new_idempotency_record` RENAME TO `idempotency_record`;--> statement-breakpoint
PRAGMA foreign_keys=ON;