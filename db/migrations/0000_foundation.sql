CREATE TABLE `account` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`network` text NOT NULL,
	`handle` text NOT NULL,
	`display_name` text,
	`timezone` text NOT NULL,
	`owner_id` text,
	`parent_id` text,
	`posting_policy` text DEFAULT 'open' NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`credentials` text,
	`needs_reconnect` integer DEFAULT false NOT NULL,
	`slots` text DEFAULT '[]' NOT NULL,
	`sandbox_fail_mode` text DEFAULT 'none' NOT NULL,
	`sandbox_fail_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `account_workspace_idx` ON `account` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `api_token` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`member_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_token_hash_unique` ON `api_token` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_token_workspace_idx` ON `api_token` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `audit_event` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_workspace_at_idx` ON `audit_event` (`workspace_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_subject_idx` ON `audit_event` (`workspace_id`,`subject`);--> statement-breakpoint
CREATE TABLE `idempotency_record` (
	`workspace_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `member` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspace`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_email_unique` ON `member` (`email`);--> statement-breakpoint
CREATE INDEX `member_workspace_idx` ON `member` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `post` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`group_id` text NOT NULL,
	`account_id` text NOT NULL,
	`body` text NOT NULL,
	`link` text,
	`status` text NOT NULL,
	`scheduled_at` integer,
	`calendar_at` integer,
	`timezone` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`author_id` text NOT NULL,
	`approver_id` text,
	`hold_reason` text,
	`rejection_reason` text,
	`published_at` integer,
	`published_by_id` text,
	`published_via` text,
	`network_post_id` text,
	`network_url` text,
	`failure_reason` text,
	`announcement_id` text,
	`lint` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `post_calendar_idx` ON `post` (`workspace_id`,`calendar_at`);--> statement-breakpoint
CREATE INDEX `post_account_idx` ON `post` (`workspace_id`,`account_id`,`calendar_at`);--> statement-breakpoint
CREATE INDEX `post_due_idx` ON `post` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `post_group_idx` ON `post` (`workspace_id`,`group_id`);--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`member_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_member_idx` ON `session` (`member_id`);--> statement-breakpoint
CREATE TABLE `sign_in_failure` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`window_ends_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `workspace` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
