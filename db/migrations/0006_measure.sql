CREATE TABLE `ingest_state` (
	`workspace_id` text NOT NULL,
	`account_id` text NOT NULL,
	`stream` text NOT NULL,
	`cursor` text,
	`next_run_at` integer DEFAULT 0 NOT NULL,
	`last_run_at` integer,
	`last_error` text,
	`failures` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`account_id`, `stream`)
);
--> statement-breakpoint
CREATE INDEX `ingest_state_due_idx` ON `ingest_state` (`next_run_at`);--> statement-breakpoint
CREATE TABLE `metric_day` (
	`workspace_id` text NOT NULL,
	`account_id` text NOT NULL,
	`date` text NOT NULL,
	`followers` integer,
	`impressions` integer,
	`engagements` integer,
	`clicks` integer,
	`shares` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `date`)
);
--> statement-breakpoint
CREATE INDEX `metric_day_workspace_idx` ON `metric_day` (`workspace_id`,`date`);--> statement-breakpoint
CREATE TABLE `post_metric` (
	`workspace_id` text NOT NULL,
	`post_id` text NOT NULL,
	`account_id` text NOT NULL,
	`date` text NOT NULL,
	`likes` integer,
	`reposts` integer,
	`replies` integer,
	`quotes` integer,
	`impressions` integer,
	`clicks` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`post_id`, `date`)
);
--> statement-breakpoint
CREATE INDEX `post_metric_account_idx` ON `post_metric` (`workspace_id`,`account_id`,`date`);--> statement-breakpoint
ALTER TABLE `mention` ADD `sentiment_label` text DEFAULT 'neutral' NOT NULL;--> statement-breakpoint
ALTER TABLE `mention` ADD `sentiment_score` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `mention` ADD `kind` text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE `mention` ADD `topics` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `mention` ADD `classifier_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `mention_workspace_created_idx` ON `mention` (`workspace_id`,`created_at`);