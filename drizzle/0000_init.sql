CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_unique` ON `api_tokens` (`hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`uid` text,
	`name` text NOT NULL,
	`rate_limit` integer,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_uid_unique` ON `applications` (`uid`);--> statement-breakpoint
CREATE TABLE `attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`attempt_number` integer NOT NULL,
	`trigger_type` integer DEFAULT 0 NOT NULL,
	`url` text NOT NULL,
	`request_headers` text NOT NULL,
	`response_status` integer,
	`response_headers` text,
	`response_body` text,
	`duration_ms` integer NOT NULL,
	`error_class` text,
	`error` text,
	`success` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attempts_message_idx` ON `attempts` (`message_id`,`id`);--> statement-breakpoint
CREATE INDEX `attempts_endpoint_idx` ON `attempts` (`endpoint_id`,`id`);--> statement-breakpoint
CREATE INDEX `attempts_created_idx` ON `attempts` (`created_at`);--> statement-breakpoint
CREATE TABLE `background_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`task` text NOT NULL,
	`status` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`status` text NOT NULL,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`lease_until` integer,
	`last_attempt_at` integer,
	`last_status_code` integer,
	`manual` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`endpoint_id`) REFERENCES `endpoints`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_msg_ep_idx` ON `deliveries` (`message_id`,`endpoint_id`);--> statement-breakpoint
CREATE INDEX `deliveries_endpoint_idx` ON `deliveries` (`endpoint_id`,`id`);--> statement-breakpoint
CREATE TABLE `endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text,
	`source_id` text,
	`uid` text,
	`url` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`disabled_reason` text,
	`throttle_rate` integer,
	`max_in_flight` integer,
	`filter_types` text,
	`channels` text,
	`headers` text DEFAULT '{}' NOT NULL,
	`filter` text,
	`metadata` text DEFAULT '{}' NOT NULL,
	`secret_enc` text NOT NULL,
	`previous_secrets` text DEFAULT '[]' NOT NULL,
	`retry_schedule` text,
	`timeout_ms` integer,
	`failing_since` integer,
	`last_success_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `endpoints_app_idx` ON `endpoints` (`app_id`,`id`);--> statement-breakpoint
CREATE INDEX `endpoints_source_idx` ON `endpoints` (`source_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `endpoints_app_uid_idx` ON `endpoints` (`app_id`,`uid`);--> statement-breakpoint
CREATE TABLE `event_types` (
	`name` text PRIMARY KEY NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`schemas` text,
	`feature_flag` text,
	`group_name` text,
	`archived` integer DEFAULT false NOT NULL,
	`deprecated` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_pk` ON `idempotency_keys` (`scope`,`key`);--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text,
	`source_id` text,
	`event_type` text NOT NULL,
	`event_id` text,
	`channels` text,
	`tags` text,
	`payload` blob,
	`content_type` text DEFAULT 'application/json' NOT NULL,
	`created_at` integer NOT NULL,
	`deliver_at` integer,
	`payload_expires_at` integer,
	FOREIGN KEY (`app_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `messages_app_idx` ON `messages` (`app_id`,`id`);--> statement-breakpoint
CREATE INDEX `messages_source_idx` ON `messages` (`source_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_app_event_id_idx` ON `messages` (`app_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `messages_expiry_idx` ON `messages` (`payload_expires_at`);--> statement-breakpoint
CREATE TABLE `ingest_requests` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`source_id` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`query` text DEFAULT '' NOT NULL,
	`headers` text NOT NULL,
	`ip` text,
	`status` text NOT NULL,
	`reason` text,
	`dedupe_key` text,
	`body_size` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ingest_requests_id_unique` ON `ingest_requests` (`id`);--> statement-breakpoint
CREATE INDEX `ingest_source_seq_idx` ON `ingest_requests` (`source_id`,`seq`);--> statement-breakpoint
CREATE INDEX `ingest_dedupe_idx` ON `ingest_requests` (`source_id`,`dedupe_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `ingest_created_idx` ON `ingest_requests` (`created_at`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`uid` text,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`config_enc` text NOT NULL,
	`ingest_token` text NOT NULL,
	`stream_token` text NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_uid_unique` ON `sources` (`uid`);--> statement-breakpoint
CREATE UNIQUE INDEX `sources_ingest_token_unique` ON `sources` (`ingest_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `sources_stream_token_unique` ON `sources` (`stream_token`);