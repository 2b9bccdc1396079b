CREATE TABLE `mention_feedback` (
	`workspace_id` text NOT NULL,
	`axis` text NOT NULL,
	`label` text NOT NULL,
	`token` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `axis`, `label`, `token`)
);
--> statement-breakpoint
ALTER TABLE `mention` ADD `sentiment_corrected_by` text;--> statement-breakpoint
ALTER TABLE `mention` ADD `kind_corrected_by` text;--> statement-breakpoint
ALTER TABLE `notification` ADD `group_key` text;--> statement-breakpoint
ALTER TABLE `notification` ADD `group_label` text;--> statement-breakpoint
ALTER TABLE `notify_event` ADD `resolved_at` integer;