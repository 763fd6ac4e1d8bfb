// Operational alerts: what hookrelay told (or would tell) the operator about — endpoints disabled or
// failing, retries exhausted or recovered, sources rejecting. The UI lists them; the operational
// webhook sends the same events. Ids only, never payloads or secrets.
import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";

export const alerts = sqliteTable("alerts", {
  id: text("id").primaryKey(),
  type: text("type").notNull(), // endpoint.disabled | endpoint.failing | message.attempt.exhausted | ...
  appId: text("app_id"),
  endpointId: text("endpoint_id"),
  sourceId: text("source_id"),
  messageId: text("message_id"),
  summary: text("summary").notNull(),
  data: text("data").notNull().default("{}"), // the operational webhook's `data` object, JSON
  createdAt: integer("created_at").notNull(),
  acknowledgedAt: integer("acknowledged_at"),
}, (t) => [index("alerts_created_idx").on(t.createdAt), index("alerts_type_idx").on(t.type, t.createdAt)]);
