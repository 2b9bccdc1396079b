CREATE TABLE `oauth_state` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`member_id` text NOT NULL,
	`network` text NOT NULL,
	`secrets` text NOT NULL,
	`instance_url` text,
	`redirect_uri` text NOT NULL,
	`timezone` text NOT NULL,
	`account_id` text,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `oauth_state_expires_idx` ON `oauth_state` (`expires_at`);--> statement-breakpoint
ALTER TABLE `account` ADD `credentials_expire_at` integer;--> statement-breakpoint
ALTER TABLE `account` ADD `expiry_warned_at` integer;--> statement-breakpoint
ALTER TABLE `post` ADD `retracted_at` integer;--> statement-breakpoint
ALTER TABLE `post` ADD `retracted_by_id` text;--> statement-breakpoint
ALTER TABLE `post` ADD `retract_reason` text;--> statement-breakpoint
ALTER TABLE `workspace` ADD `paused` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace` ADD `paused_at` integer;--> statement-breakpoint
ALTER TABLE `workspace` ADD `paused_by_id` text;