CREATE TABLE `integrations` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`name` text NOT NULL,
	`feature_flags` text,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `integrations_app_idx` ON `integrations` (`app_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `integrations_key_idx` ON `integrations` (`key_hash`);