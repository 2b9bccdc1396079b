CREATE TABLE `media` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`key` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`alt` text NOT NULL,
	`width` integer,
	`height` integer,
	`duration_seconds` integer,
	`created_by_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `media_workspace_idx` ON `media` (`workspace_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `post` ADD `media_ids` text DEFAULT '[]' NOT NULL;