/**
 * @module config — the ONE table of options. Each row becomes a flag (`--data-dir`), an env var
 * (`HOOKRELAY_DATA_DIR`) and a config-file key (`data-dir` or `data_dir`). Later features add rows here.
 */
export type OptionType = "string" | "int" | "bool" | "duration" | "bytes" | "enum" | "list" | "listen" | "url";

export interface OptionDef {
  key: string; // kebab-case: flag name and file key
  type: OptionType;
  default: string | number | boolean | string[] | null;
  help: string;
  values?: string[]; // for enum
  min?: number;
  max?: number;
  secret?: boolean; // redacted by `hookrelay config`; also read from <ENV>_FILE
  group: "server" | "storage" | "delivery" | "security" | "inbound" | "ops" | "logging";
}

const MiB = 1024 * 1024;

export const OPTIONS: OptionDef[] = [
  { key: "listen", type: "listen", default: "127.0.0.1:8080", group: "server", help: "Address and port to serve the UI and API on" },
  { key: "base-url", type: "url", default: null, group: "server", help: "Public URL of this server, used in links and ingest URLs (default http://<listen>)" },
  { key: "shutdown-grace", type: "duration", default: 10_000, group: "server", help: "How long SIGTERM waits for in-flight requests and deliveries" },
  { key: "tls-cert", type: "string", default: null, group: "server", help: "PEM certificate file: serve HTTPS directly (with --tls-key)" },
  { key: "tls-key", type: "string", default: null, group: "server", help: "PEM private key file for --tls-cert" },
  { key: "trusted-proxy", type: "list", default: [], group: "server", help: "CIDR ranges whose X-Forwarded-For is trusted (repeatable)" },

  { key: "data-dir", type: "string", default: "./hookrelay-data", group: "storage", help: "Directory for the database, encryption key and backups" },
  { key: "sqlite-cache", type: "bytes", default: 2 * MiB, group: "storage", help: "SQLite page cache of the server's connection; raise it for millions of stored messages (costs as much RSS)" },
  { key: "checkpoint-thread", type: "bool", default: true, group: "storage", help: "Copy the WAL into the database file from a second thread, so checkpoints do not stall requests" },
  { key: "commit-window", type: "duration", default: 0, max: 1000, group: "storage", help: "Least time between two group commits of API and ingest writes: fewer, larger commits write less to disk at moderate rates, for up to this much more latency (0 = commit at once)" },
  { key: "sqlite-synchronous", type: "enum", values: ["full", "normal", "extra", "off"], default: "full", group: "storage", help: "SQLite synchronous mode: full survives power loss; normal survives kill -9 only" },

  { key: "request-timeout", type: "duration", default: 15_000, min: 100, group: "delivery", help: "Default HTTP timeout of one delivery attempt" },
  { key: "retry-schedule", type: "list", default: ["0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"], group: "delivery", help: "Delay before each attempt (first = initial); comma separated durations" },
  { key: "max-concurrency", type: "int", default: 512, min: 1, max: 10000, group: "delivery", help: "Global cap on delivery requests in flight" },
  { key: "endpoint-max-in-flight", type: "int", default: 64, min: 1, max: 1000, group: "delivery", help: "Default cap on requests in flight to one endpoint" },
  { key: "fetch-slots", type: "int", default: 64, min: 0, max: 65_535, group: "delivery", help: "Requests Bun's HTTP client runs at once, the rest queued (set at start; 0 = Bun's default, 256; see docs/delivery.md)" },
  { key: "sender-thread", type: "bool", default: false, group: "delivery", help: "Send delivery requests from a second thread (for machines with cores to spare; slower on 2 cores)" },
  { key: "disable-after", type: "duration", default: 5 * 86_400_000, group: "delivery", help: "Disable an endpoint that has only failed for this long" },
  { key: "secret-rotation-grace", type: "duration", default: 86_400_000, group: "delivery", help: "How long a rotated-out endpoint secret keeps signing" },
  { key: "response-body-limit", type: "bytes", default: 64 * 1024, group: "delivery", help: "Bytes of each response body kept in the attempt log" },
  { key: "max-payload", type: "bytes", default: 1 * MiB, group: "delivery", help: "Largest message payload the API accepts" },
  { key: "idempotency-ttl", type: "duration", default: 86_400_000, min: 12 * 3_600_000, group: "delivery", help: "How long an Idempotency-Key replays its first response" },
  { key: "allow-private-destinations", type: "bool", default: false, group: "security", help: "Allow deliveries to loopback, private and link-local addresses" },
  { key: "allow-destination", type: "list", default: [], group: "security", help: "CIDR allowed even though private (repeatable)" },
  { key: "https-only-destinations", type: "bool", default: false, group: "security", help: "Refuse endpoint URLs that are not https" },
  { key: "max-endpoints-per-app", type: "int", default: 100, min: 1, max: 100_000, group: "security", help: "Most endpoints one application may have (creating one more answers 409)" },
  { key: "max-request-headers", type: "int", default: 100, min: 16, max: 180, group: "security", help: "Most headers one request may carry (431 above)" },
  { key: "max-json-depth", type: "int", default: 64, min: 4, max: 1000, group: "security", help: "Deepest JSON nesting an API request body may have (422 above)" },
  { key: "encryption-key", type: "string", default: null, secret: true, group: "security", help: "32-byte key (hex or base64) sealing secrets at rest (default: key file in the data dir)" },
  { key: "admin-email", type: "string", default: null, group: "security", help: "Create this admin at start if no user exists (with --admin-password)" },
  { key: "admin-password", type: "string", default: null, secret: true, group: "security", help: "Password for --admin-email" },

  { key: "ingest-max-body", type: "bytes", default: 25 * MiB, group: "inbound", help: "Largest request body an ingest URL accepts" },

  { key: "backup-interval", type: "duration", default: 0, group: "ops", help: "Take a backup into <data-dir>/backups this often (0 = off)" },
  { key: "backup-keep", type: "int", default: 7, min: 1, max: 1000, group: "ops", help: "Scheduled backups to keep; older ones are deleted" },
  { key: "retention-payload", type: "duration", default: 30 * 86_400_000, min: 3_600_000, group: "ops", help: "Delete message payloads (outbound and captured) after this long" },
  { key: "retention-attempts", type: "duration", default: 90 * 86_400_000, min: 3_600_000, group: "ops", help: "Delete attempt records, finished messages and ingest request logs after this long" },
  { key: "metrics", type: "bool", default: false, group: "ops", help: "Serve Prometheus metrics at /metrics (no token; see --metrics-listen)" },
  { key: "metrics-listen", type: "listen", default: null, group: "ops", help: "Serve /metrics on this separate address instead of the main listener (implies --metrics)" },
  { key: "operational-webhook-url", type: "url", default: null, group: "ops", help: "Send signed operational events (endpoint disabled/failing, retries exhausted, source rejecting) here" },
  { key: "operational-webhook-secret", type: "string", default: null, secret: true, group: "ops", help: "whsec_ secret signing operational webhooks (default: generated; read it through the API)" },

  { key: "log-format", type: "enum", values: ["text", "json"], default: "text", group: "logging", help: "Log format on stderr" },
  { key: "log-level", type: "enum", values: ["debug", "info", "warn", "error"], default: "info", group: "logging", help: "Minimum log level" },
];

export const ENV_PREFIX = "HOOKRELAY_";
export const envName = (key: string) => ENV_PREFIX + key.toUpperCase().replace(/-/g, "_");
export const camel = (key: string) => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
