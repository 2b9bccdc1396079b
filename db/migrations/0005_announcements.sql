CREATE TABLE `announcement` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`main_post_id` text NOT NULL,
	`main_account_id` text NOT NULL,
	`facts` text NOT NULL,
	`main_revision` integer NOT NULL,
	`embargo_until` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `announcement_workspace_idx` ON `announcement` (`workspace_id`);