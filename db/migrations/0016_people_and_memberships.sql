CREATE TABLE `person` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `person_email_unique` ON `person` (`email`);--> statement-breakpoint
-- Every member becomes a person with the member's own id (an email belonged to one member until now):
-- the second factors, recovery codes and reset links keyed by member id below then name their person
-- unchanged, and sessions, tokens and audit events keep naming the member, now the membership.
INSERT INTO `person` (`id`, `email`, `name`, `password_hash`, `created_at`) SELECT `id`, `email`, `name`, `password_hash`, `created_at` FROM `member`;--> statement-breakpoint
DROP INDEX `member_email_unique`;--> statement-breakpoint
ALTER TABLE `member` ADD `person_id` text REFERENCES person(id);--> statement-breakpoint
UPDATE `member` SET `person_id` = `id`;--> statement-breakpoint
CREATE UNIQUE INDEX `member_workspace_person_unique` ON `member` (`workspace_id`,`person_id`);--> statement-breakpoint
ALTER TABLE `member` DROP COLUMN `email`;--> statement-breakpoint
ALTER TABLE `member` DROP COLUMN `password_hash`;--> statement-breakpoint
DROP INDEX `password_reset_member_idx`;--> statement-breakpoint
ALTER TABLE `password_reset` RENAME COLUMN `member_id` TO `person_id`;--> statement-breakpoint
CREATE INDEX `password_reset_person_idx` ON `password_reset` (`person_id`);--> statement-breakpoint
ALTER TABLE `password_reset` DROP COLUMN `workspace_id`;--> statement-breakpoint
DROP INDEX `recovery_code_member_idx`;--> statement-breakpoint
ALTER TABLE `recovery_code` RENAME COLUMN `member_id` TO `person_id`;--> statement-breakpoint
CREATE INDEX `recovery_code_person_idx` ON `recovery_code` (`person_id`);--> statement-breakpoint
-- The sealed secret stays bound to the workspace it was enrolled from (workspace_id), so it still opens.
ALTER TABLE `member_totp` RENAME COLUMN `member_id` TO `person_id`;
