CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`app_id` text,
	`endpoint_id` text,
	`source_id` text,
	`message_id` text,
	`summary` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`acknowledged_at` integer
);
--> statement-breakpoint
CREATE INDEX `alerts_created_idx` ON `alerts` (`created_at`);--> statement-breakpoint
CREATE INDEX `alerts_type_idx` ON `alerts` (`type`,`created_at`);--> statement-breakpoint
CREATE INDEX `attempts_delivery_idx` ON `attempts` (`delivery_id`);