ALTER TABLE `polling_endpoints` ADD `disabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `polling_endpoints` ADD `metadata` text DEFAULT '{}' NOT NULL;