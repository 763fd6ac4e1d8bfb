// Inbound sources and what they captured. The captured body itself lives in messages.payload.
import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";

export const sources = sqliteTable("sources", {
  id: text("id").primaryKey(),
  uid: text("uid").unique(),
  name: text("name").notNull(),
  type: text("type").notNull(),
  configEnc: text("config_enc").notNull(), // AES-GCM sealed JSON (holds provider secrets)
  // The capability tokens of the ingest and stream URLs: looked up by SHA-256 hex (these two columns),
  // kept sealed in *_enc so the URLs can be shown again (Svix's ingestUrl). Rows written by an older
  // binary hold the plain token and NULL in *_enc until the app converts them at startup (src/store/seal-at-rest.ts).
  ingestToken: text("ingest_token").notNull().unique(),
  ingestTokenEnc: text("ingest_token_enc"),
  streamToken: text("stream_token").notNull().unique(),
  streamTokenEnc: text("stream_token_enc"),
  options: text("options").notNull().default("{}"), // response status/body, dedupe, ip allow-list
  metadata: text("metadata").notNull().default("{}"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** One row per request that reached an ingest URL, accepted or not. id equals the messages.id when accepted. */
export const ingestRequests = sqliteTable("ingest_requests", {
  seq: integer("seq").primaryKey({ autoIncrement: true }), // cursor for polling and SSE
  id: text("id").notNull().unique(),
  sourceId: text("source_id").notNull().references(() => sources.id, { onDelete: "cascade" }),
  method: text("method").notNull(),
  path: text("path").notNull(),
  query: text("query").notNull().default(""),
  headers: text("headers").notNull(), // JSON [[name, value], ...] in arrival order
  ip: text("ip"),
  status: text("status", { enum: ["accepted", "rejected", "filtered", "duplicate"] }).notNull(),
  reason: text("reason"),
  dedupeKey: text("dedupe_key"),
  bodySize: integer("body_size").notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [
  index("ingest_source_seq_idx").on(t.sourceId, t.seq),
  index("ingest_dedupe_idx").on(t.sourceId, t.dedupeKey, t.createdAt),
  index("ingest_created_idx").on(t.createdAt),
]);
