CREATE TABLE `approval_link` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`created_by_id` text NOT NULL,
	`label` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`post_id` text,
	`campaign_id` text,
	`counts_as_approval` integer DEFAULT false NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_link_hash_unique` ON `approval_link` (`token_hash`);--> statement-breakpoint
CREATE INDEX `approval_link_workspace_idx` ON `approval_link` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `campaign` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`goal` text DEFAULT '' NOT NULL,
	`account_ids` text DEFAULT '[]' NOT NULL,
	`colour` text DEFAULT 'blue' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_workspace_name_unique` ON `campaign` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `post_tag` (
	`workspace_id` text NOT NULL,
	`post_id` text NOT NULL,
	`tag_id` text NOT NULL,
	PRIMARY KEY(`post_id`, `tag_id`)
);
--> statement-breakpoint
CREATE INDEX `post_tag_tag_idx` ON `post_tag` (`workspace_id`,`tag_id`);--> statement-breakpoint
CREATE TABLE `tag` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`colour` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tag_workspace_name_unique` ON `tag` (`workspace_id`,`name`);--> statement-breakpoint
ALTER TABLE `post` ADD `campaign_id` text;--> statement-breakpoint
CREATE INDEX `post_campaign_idx` ON `post` (`workspace_id`,`campaign_id`);