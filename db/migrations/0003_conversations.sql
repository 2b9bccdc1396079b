CREATE TABLE `conversation` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`account_id` text NOT NULL,
	`author_handle` text NOT NULL,
	`root_external_id` text NOT NULL,
	`owner_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`handoff_note` text,
	`last_inbound_at` integer,
	`last_outbound_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `conversation_workspace_idx` ON `conversation` (`workspace_id`,`last_inbound_at`);--> statement-breakpoint
CREATE INDEX `conversation_account_author_idx` ON `conversation` (`workspace_id`,`account_id`,`author_handle`);--> statement-breakpoint
CREATE TABLE `mention` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`account_id` text NOT NULL,
	`network` text NOT NULL,
	`external_id` text NOT NULL,
	`author_handle` text NOT NULL,
	`author_name` text,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`in_reply_to` text,
	`is_follower` integer,
	`conversation_id` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mention_external_unique` ON `mention` (`workspace_id`,`network`,`external_id`);--> statement-breakpoint
CREATE INDEX `mention_conversation_idx` ON `mention` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `mention_account_idx` ON `mention` (`workspace_id`,`account_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `post` ADD `kind` text DEFAULT 'post' NOT NULL;--> statement-breakpoint
ALTER TABLE `post` ADD `conversation_id` text;--> statement-breakpoint
ALTER TABLE `post` ADD `in_reply_to` text;--> statement-breakpoint
CREATE INDEX `post_conversation_idx` ON `post` (`conversation_id`);