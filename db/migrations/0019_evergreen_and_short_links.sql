CREATE TABLE `link_click` (
	`code` text NOT NULL,
	`day` text NOT NULL,
	`workspace_id` text NOT NULL,
	`post_id` text NOT NULL,
	`account_id` text NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`code`, `day`)
);
--> statement-breakpoint
CREATE INDEX `link_click_post_idx` ON `link_click` (`workspace_id`,`post_id`);--> statement-breakpoint
CREATE INDEX `link_click_account_idx` ON `link_click` (`workspace_id`,`account_id`,`day`);--> statement-breakpoint
CREATE TABLE `post_series` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`account_id` text NOT NULL,
	`author_id` text NOT NULL,
	`every` integer NOT NULL,
	`unit` text NOT NULL,
	`until_at` integer,
	`count` integer,
	`local_time` text NOT NULL,
	`timezone` text NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `post_series_active_idx` ON `post_series` (`ended_at`);--> statement-breakpoint
CREATE INDEX `post_series_workspace_idx` ON `post_series` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `series_occurrence` (
	`series_id` text NOT NULL,
	`idx` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`post_id` text,
	`outcome` text NOT NULL,
	`reason` text,
	`reason_code` text,
	`claimed_at` integer NOT NULL,
	PRIMARY KEY(`series_id`, `idx`)
);
--> statement-breakpoint
CREATE INDEX `series_occurrence_post_idx` ON `series_occurrence` (`workspace_id`,`post_id`);--> statement-breakpoint
CREATE TABLE `short_link` (
	`code` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`post_id` text NOT NULL,
	`account_id` text NOT NULL,
	`url` text NOT NULL,
	`target` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `short_link_post_url_unique` ON `short_link` (`post_id`,`url`);--> statement-breakpoint
CREATE INDEX `short_link_workspace_idx` ON `short_link` (`workspace_id`,`post_id`);--> statement-breakpoint
ALTER TABLE `post` ADD `shorten_links` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace` ADD `shorten_links` integer DEFAULT false NOT NULL;