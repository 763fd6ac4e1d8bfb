DROP INDEX `attempts_created_idx`;--> statement-breakpoint
DROP INDEX `messages_app_idx`;--> statement-breakpoint
DROP INDEX `messages_source_idx`;--> statement-breakpoint
DROP INDEX `messages_app_event_id_idx`;--> statement-breakpoint
DROP INDEX `messages_expiry_idx`;--> statement-breakpoint
CREATE INDEX `messages_app_idx` ON `messages` (`app_id`,`id`) WHERE app_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_source_idx` ON `messages` (`source_id`,`id`) WHERE source_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_app_event_id_idx` ON `messages` (`app_id`,`event_id`) WHERE event_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_expiry_idx` ON `messages` (`payload_expires_at`) WHERE payload_expires_at IS NOT NULL;