// Applications, event types, endpoints, messages and the delivery queue.
// Times are integer milliseconds since the epoch; JSON columns hold text.
import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, blob, index, uniqueIndex } from "drizzle-orm/sqlite-core";

export const applications = sqliteTable("applications", {
  id: text("id").primaryKey(),
  uid: text("uid").unique(),
  name: text("name").notNull(),
  rateLimit: integer("rate_limit"),
  metadata: text("metadata").notNull().default("{}"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const eventTypes = sqliteTable("event_types", {
  name: text("name").primaryKey(),
  description: text("description").notNull().default(""),
  schemas: text("schemas"),
  featureFlag: text("feature_flag"),
  groupName: text("group_name"),
  archived: integer("archived", { mode: "boolean" }).notNull().default(false),
  deprecated: integer("deprecated", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * An endpoint belongs to an application (outbound) or to a source (inbound forwarding):
 * exactly one of appId / sourceId is set. One table keeps one queue and one retry policy.
 */
export const endpoints = sqliteTable("endpoints", {
  id: text("id").primaryKey(),
  appId: text("app_id").references(() => applications.id, { onDelete: "cascade" }),
  sourceId: text("source_id"),
  uid: text("uid"),
  url: text("url").notNull(),
  description: text("description").notNull().default(""),
  version: integer("version").notNull().default(1),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  disabledReason: text("disabled_reason"),
  throttleRate: integer("throttle_rate"),
  maxInFlight: integer("max_in_flight"),
  filterTypes: text("filter_types"), // JSON array or null = all
  channels: text("channels"), // JSON array or null
  headers: text("headers").notNull().default("{}"), // AES-GCM sealed JSON object (receiver credentials), or "{}" when none
  filter: text("filter"), // JSON filter for inbound endpoints
  metadata: text("metadata").notNull().default("{}"),
  secretEnc: text("secret_enc").notNull(), // AES-GCM sealed whsec_ secret
  previousSecrets: text("previous_secrets").notNull().default("[]"), // JSON [{enc, expiresAt}]
  retrySchedule: text("retry_schedule"), // JSON array of seconds or null = global
  timeoutMs: integer("timeout_ms"),
  failingSince: integer("failing_since"),
  lastSuccessAt: integer("last_success_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [
  index("endpoints_app_idx").on(t.appId, t.id),
  index("endpoints_source_idx").on(t.sourceId, t.id),
  uniqueIndex("endpoints_app_uid_idx").on(t.appId, t.uid),
]);

/** Outbound events and captured inbound requests share this table: one delivery queue for both. */
export const messages = sqliteTable("messages", {
  id: text("id").primaryKey(),
  appId: text("app_id").references(() => applications.id, { onDelete: "cascade" }),
  sourceId: text("source_id"),
  eventType: text("event_type").notNull(),
  eventId: text("event_id"),
  channels: text("channels"), // JSON array or null
  tags: text("tags"), // JSON array or null
  payload: blob("payload", { mode: "buffer" }), // raw bytes; null once expunged
  contentType: text("content_type").notNull().default("application/json"),
  createdAt: integer("created_at").notNull(),
  deliverAt: integer("deliver_at"),
  payloadExpiresAt: integer("payload_expires_at"),
}, (t) => [
  // Partial indexes: a message is outbound (app_id) or inbound (source_id), rarely has an eventId or
  // its own expiry, and a NULL key is still an index entry. Leaving those rows out saves up to three
  // B-tree writes per insert. Every query on these columns compares them (`x = ?`, a range), which
  // implies `x IS NOT NULL`, so SQLite still picks these indexes; a foreign-key cascade does too.
  index("messages_app_idx").on(t.appId, t.id).where(sql`app_id IS NOT NULL`),
  index("messages_source_idx").on(t.sourceId, t.id).where(sql`source_id IS NOT NULL`),
  // Unique only among rows with an eventId (NULLs never conflicted anyway). An ON CONFLICT target on it must repeat the WHERE.
  uniqueIndex("messages_app_event_id_idx").on(t.appId, t.eventId).where(sql`event_id IS NOT NULL`),
  index("messages_expiry_idx").on(t.payloadExpiresAt).where(sql`payload_expires_at IS NOT NULL`),
]);

/**
 * One row per (message, endpoint): the unit the scheduler claims. status: pending | sending | success | failed.
 * next_attempt_at drives the due-index; lease_until protects a claimed row against a crash mid-request.
 */
export const deliveries = sqliteTable("deliveries", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  messageId: text("message_id").notNull().references(() => messages.id, { onDelete: "cascade" }),
  endpointId: text("endpoint_id").notNull().references(() => endpoints.id, { onDelete: "cascade" }),
  status: text("status", { enum: ["pending", "sending", "success", "failed"] }).notNull(),
  attemptCount: integer("attempt_count").notNull().default(0),
  nextAttemptAt: integer("next_attempt_at"),
  leaseUntil: integer("lease_until"),
  lastAttemptAt: integer("last_attempt_at"),
  lastStatusCode: integer("last_status_code"),
  manual: integer("manual", { mode: "boolean" }).notNull().default(false), // next attempt was asked for by a person (resend)
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [
  index("deliveries_due_idx").on(t.status, t.nextAttemptAt),
  uniqueIndex("deliveries_msg_ep_idx").on(t.messageId, t.endpointId),
  index("deliveries_endpoint_idx").on(t.endpointId, t.id),
]);

export const attempts = sqliteTable("attempts", {
  id: text("id").primaryKey(),
  deliveryId: integer("delivery_id").notNull().references(() => deliveries.id, { onDelete: "cascade" }),
  messageId: text("message_id").notNull(),
  endpointId: text("endpoint_id").notNull(),
  attemptNumber: integer("attempt_number").notNull(),
  triggerType: integer("trigger_type").notNull().default(0), // 0 scheduled, 1 manual
  url: text("url").notNull(),
  requestHeaders: text("request_headers").notNull(), // JSON, signatures redacted
  responseStatus: integer("response_status"),
  responseHeaders: text("response_headers"),
  responseBody: text("response_body"),
  durationMs: integer("duration_ms").notNull(),
  errorClass: text("error_class"),
  error: text("error"),
  success: integer("success", { mode: "boolean" }).notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [
  // No message_id index: a message's attempts are found through its deliveries (deliveries_msg_ep_idx,
  // then attempts_delivery_idx); a message has one delivery per endpoint. That index was one of five
  // b-trees every attempt insert updated (bench/tmp microbenchmark: about 7 µs of ~45 per result).
  index("attempts_endpoint_idx").on(t.endpointId, t.id),
  // No created_at index: retention walks attempts in rowid (insertion) order and the dashboard's hourly
  // counts read an id range (ids start with the time), so it would only cost every insert.
  // Deleting a delivery (retention, endpoint delete) cascades here; without it each delete scans attempts.
  index("attempts_delivery_idx").on(t.deliveryId),
]);

export const idempotencyKeys = sqliteTable("idempotency_keys", {
  scope: text("scope").notNull(),
  key: text("key").notNull(),
  fingerprint: text("fingerprint").notNull(),
  status: integer("status").notNull(),
  response: text("response").notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [uniqueIndex("idempotency_pk").on(t.scope, t.key), index("idempotency_created_idx").on(t.createdAt)]);

export const backgroundTasks = sqliteTable("background_tasks", {
  id: text("id").primaryKey(),
  task: text("task").notNull(),
  status: text("status", { enum: ["running", "finished", "failed"] }).notNull(),
  data: text("data").notNull().default("{}"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
