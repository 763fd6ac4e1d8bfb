// Integrations (Svix's `integration` API): named keys that open one application's API and nothing
// else, for a customer's own tooling or a third-party connector acting on their behalf.
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { applications } from "./outbound";

export const integrations = sqliteTable("integrations", {
  id: text("id").primaryKey(), // integ_…
  appId: text("app_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  featureFlags: text("feature_flags"), // JSON array or null
  keyHash: text("key_hash").notNull(), // SHA-256 of the key, which is shown once
  keyPrefix: text("key_prefix").notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
}, (t) => [
  index("integrations_app_idx").on(t.appId, t.id),
  uniqueIndex("integrations_key_idx").on(t.keyHash),
]);
