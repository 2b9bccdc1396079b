ALTER TABLE `account` ADD `credentials_expire_at` integer;--> statement-breakpoint
ALTER TABLE `account` ADD `expiry_warned_at` integer;--> statement-breakpoint
ALTER TABLE `post` ADD `retracted_at` integer;--> statement-breakpoint
ALTER TABLE `post` ADD `retracted_by_id` text;--> statement-breakpoint
ALTER TABLE `post` ADD `retract_reason` text;--> statement-breakpoint
ALTER TABLE `workspace` ADD `paused` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace` ADD `paused_at` integer;--> statement-breakpoint
ALTER TABLE `workspace` ADD `paused_by_id` text;