CREATE TABLE `report_annotation` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`run_id` text NOT NULL,
	`definition_id` text NOT NULL,
	`target` text NOT NULL,
	`date` text,
	`text` text NOT NULL,
	`author_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_annotation_run_idx` ON `report_annotation` (`run_id`);--> statement-breakpoint
CREATE INDEX `report_annotation_definition_idx` ON `report_annotation` (`workspace_id`,`definition_id`,`date`);--> statement-breakpoint
CREATE TABLE `report_definition` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`cadence` text DEFAULT 'weekly' NOT NULL,
	`weekday` integer DEFAULT 1 NOT NULL,
	`time` text DEFAULT '08:00' NOT NULL,
	`timezone` text NOT NULL,
	`account_ids` text,
	`slack_webhook_url` text,
	`next_run_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_definition_workspace_idx` ON `report_definition` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `report_definition_due_idx` ON `report_definition` (`next_run_at`);--> statement-breakpoint
CREATE TABLE `report_run` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`definition_id` text NOT NULL,
	`period_key` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`period_end_at` integer NOT NULL,
	`trigger` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`data` text,
	`error` text,
	`enqueued_at` integer NOT NULL,
	`ready_at` integer,
	`delivery_status` text DEFAULT 'none' NOT NULL,
	`delivery_attempts` integer DEFAULT 0 NOT NULL,
	`delivery_error` text,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_run_period_unique` ON `report_run` (`definition_id`,`period_key`);--> statement-breakpoint
CREATE INDEX `report_run_definition_idx` ON `report_run` (`workspace_id`,`definition_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `report_run_status_idx` ON `report_run` (`status`,`enqueued_at`);