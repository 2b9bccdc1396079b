DROP INDEX `publish_attempt_post_n`;--> statement-breakpoint
ALTER TABLE `publish_attempt` ADD `part` text DEFAULT '1' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `publish_attempt_post_part_n` ON `publish_attempt` (`post_id`,`part`,`n`,`outcome`);--> statement-breakpoint
ALTER TABLE `post` ADD `parts` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `post` ADD `first_comment` text;--> statement-breakpoint
ALTER TABLE `post` ADD `part_results` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `sandbox_feed_item` ADD `part` text DEFAULT '1' NOT NULL;