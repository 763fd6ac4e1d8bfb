// Polling endpoints (Svix's `message.poller`): an application's consumers read its messages by
// polling instead of receiving pushes. A polling endpoint is never sent to, so it is not an
// `endpoints` row: the message hot path's fan-out never sees it.
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
import { applications } from "./outbound";

export const pollingEndpoints = sqliteTable("polling_endpoints", {
  id: text("id").primaryKey(), // poll_…
  appId: text("app_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
  uid: text("uid"),
  description: text("description").notNull().default(""),
  filterTypes: text("filter_types"), // JSON array or null = all
  channels: text("channels"), // JSON array or null = any
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false), // reads answer 409
  metadata: text("metadata").notNull().default("{}"), // JSON object of strings (svix 2.x destinations carry it)
  keyHash: text("key_hash").notNull(), // SHA-256 of the consumer key, which is shown once
  keyPrefix: text("key_prefix").notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [
  index("polling_endpoints_app_idx").on(t.appId, t.id),
  uniqueIndex("polling_endpoints_app_uid_idx").on(t.appId, t.uid),
  uniqueIndex("polling_endpoints_key_idx").on(t.keyHash),
]);

/** Where each named consumer of a polling endpoint stands: the id of the last message it was handed. */
export const pollingConsumers = sqliteTable("polling_consumers", {
  pollingEndpointId: text("polling_endpoint_id").notNull().references(() => pollingEndpoints.id, { onDelete: "cascade" }),
  consumerId: text("consumer_id").notNull(),
  position: text("position").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [primaryKey({ columns: [t.pollingEndpointId, t.consumerId] })]);
