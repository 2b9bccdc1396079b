CREATE TABLE `rate_window` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`window_ends_at` integer NOT NULL
);
--> statement-breakpoint
DROP TABLE `sign_in_failure`;