CREATE TABLE `shift` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`member_id` text NOT NULL,
	`account_ids` text,
	`weekdays` text NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	`timezone` text NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `shift_workspace_idx` ON `shift` (`workspace_id`);--> statement-breakpoint
ALTER TABLE `post` ADD `approval_from` text;--> statement-breakpoint
ALTER TABLE `post` ADD `responsible_id` text;--> statement-breakpoint
ALTER TABLE `post` ADD `allow_duplicate` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace` ADD `duplicate_window_hours` integer DEFAULT 72 NOT NULL;