CREATE TABLE `polling_consumers` (
	`polling_endpoint_id` text NOT NULL,
	`consumer_id` text NOT NULL,
	`position` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`polling_endpoint_id`, `consumer_id`),
	FOREIGN KEY (`polling_endpoint_id`) REFERENCES `polling_endpoints`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `polling_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`uid` text,
	`description` text DEFAULT '' NOT NULL,
	`filter_types` text,
	`channels` text,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `polling_endpoints_app_idx` ON `polling_endpoints` (`app_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `polling_endpoints_app_uid_idx` ON `polling_endpoints` (`app_id`,`uid`);--> statement-breakpoint
CREATE UNIQUE INDEX `polling_endpoints_key_idx` ON `polling_endpoints` (`key_hash`);