CREATE TABLE `publish_attempt` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`post_id` text NOT NULL,
	`n` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`by` text NOT NULL,
	`network_status` integer,
	`network_summary` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `publish_attempt_post_n` ON `publish_attempt` (`post_id`,`n`,`outcome`);--> statement-breakpoint
CREATE INDEX `publish_attempt_workspace_idx` ON `publish_attempt` (`workspace_id`,`post_id`);--> statement-breakpoint
CREATE TABLE `sandbox_feed_item` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`account_id` text NOT NULL,
	`post_id` text,
	`text` text NOT NULL,
	`in_reply_to` text,
	`unreadable` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sandbox_feed_account_idx` ON `sandbox_feed_item` (`account_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `post` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `post` ADD `late_noted_at` integer;