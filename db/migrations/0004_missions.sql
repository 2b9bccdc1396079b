CREATE TABLE `mission` (
	`workspace_id` text NOT NULL,
	`scope` text NOT NULL,
	`data` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `scope`)
);
