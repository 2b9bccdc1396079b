ALTER TABLE `notification` ADD `group_key` text;--> statement-breakpoint
ALTER TABLE `notification` ADD `group_label` text;--> statement-breakpoint
ALTER TABLE `notify_event` ADD `resolved_at` integer;