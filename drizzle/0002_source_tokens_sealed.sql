ALTER TABLE `sources` ADD `ingest_token_enc` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `stream_token_enc` text;