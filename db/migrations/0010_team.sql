CREATE TABLE `dev_mail` (
	`id` text PRIMARY KEY NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dev_mail_to_idx` ON `dev_mail` (`to`,`created_at`);--> statement-breakpoint
CREATE TABLE `invitation` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`invited_by` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_member_id` text,
	`revoked_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitation_token_unique` ON `invitation` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitation_workspace_idx` ON `invitation` (`workspace_id`,`email`);--> statement-breakpoint
CREATE TABLE `member_totp` (
	`member_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`secret` text NOT NULL,
	`enabled_at` integer,
	`last_step` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notification` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`member_id` text NOT NULL,
	`event_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`link` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`email_status` text DEFAULT 'none' NOT NULL,
	`email_attempts` integer DEFAULT 0 NOT NULL,
	`email_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_event_member_unique` ON `notification` (`event_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `notification_member_idx` ON `notification` (`workspace_id`,`member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `notification_preference` (
	`workspace_id` text NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`in_app` integer NOT NULL,
	`email` integer NOT NULL,
	PRIMARY KEY(`member_id`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `notify_event` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`created_at` integer NOT NULL,
	`dispatched_at` integer,
	`fanned_out_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notify_event_key_unique` ON `notify_event` (`workspace_id`,`key`);--> statement-breakpoint
CREATE INDEX `notify_event_pending_idx` ON `notify_event` (`fanned_out_at`,`dispatched_at`);--> statement-breakpoint
CREATE TABLE `password_reset` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`member_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_reset_token_unique` ON `password_reset` (`token_hash`);--> statement-breakpoint
CREATE INDEX `password_reset_member_idx` ON `password_reset` (`member_id`);--> statement-breakpoint
CREATE TABLE `post_revision` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`post_id` text NOT NULL,
	`revision` integer NOT NULL,
	`event` text NOT NULL,
	`body` text NOT NULL,
	`link` text,
	`scheduled_at` integer,
	`reason` text,
	`actor_id` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `post_revision_post_idx` ON `post_revision` (`workspace_id`,`post_id`,`at`);--> statement-breakpoint
CREATE TABLE `recovery_code` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `recovery_code_member_idx` ON `recovery_code` (`member_id`);--> statement-breakpoint
ALTER TABLE `post` ADD `review_verdict` text;--> statement-breakpoint
CREATE INDEX `conversation_open_inbound_idx` ON `conversation` (`status`,`last_inbound_at`);