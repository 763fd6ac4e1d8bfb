// Builds the effective Config: defaults < config file < env < flags. Secrets may also come from <ENV>_FILE.
import { readFileSync, existsSync, accessSync, statSync, constants } from "node:fs";
import { OPTIONS, envName, camel, type OptionDef } from "./options";
import { parseValue, parseDuration, formatOptionValue } from "./parse-value";
import { isValidCidr as isDestinationCidr } from "../delivery/net";
import { isValidCidr as isProxyCidr } from "../signing/ip-allowlist";
import { parseKey } from "../lib/secret-box";

export interface Config {
  listen: string;
  baseUrl: string;
  shutdownGrace: number;
  tlsCert: string | null;
  tlsKey: string | null;
  trustedProxy: string[];
  dataDir: string;
  sqliteSynchronous: "full" | "normal" | "extra" | "off";
  sqliteCache: number;
  checkpointThread: boolean;
  commitWindow: number;
  requestTimeout: number;
  retrySchedule: string[];
  maxConcurrency: number;
  senderThread: boolean;
  fetchSlots: number;
  endpointMaxInFlight: number;
  disableAfter: number;
  secretRotationGrace: number;
  responseBodyLimit: number;
  maxPayload: number;
  idempotencyTtl: number;
  allowPrivateDestinations: boolean;
  allowDestination: string[];
  httpsOnlyDestinations: boolean;
  maxEndpointsPerApp: number;
  maxRequestHeaders: number;
  maxJsonDepth: number;
  encryptionKey: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  ingestMaxBody: number;
  backupInterval: number;
  backupKeep: number;
  retentionPayload: number;
  retentionAttempts: number;
  metrics: boolean;
  metricsListen: string | null;
  operationalWebhookUrl: string | null;
  operationalWebhookSecret: string | null;
  logFormat: "text" | "json";
  logLevel: "debug" | "info" | "warn" | "error";
  /** Where each value came from, for `hookrelay config`. */
  sources: Record<string, "default" | "file" | "env" | "flag">;
  configFile: string | null;
  [extra: string]: unknown;
}

export class ConfigError extends Error {}

export interface LoadInput {
  flags?: Record<string, string | string[] | boolean>; // kebab keys
  env?: Record<string, string | undefined>;
  configFile?: string | null;
}

export function loadConfig(input: LoadInput = {}): Config {
  const env = input.env ?? process.env;
  const flags = input.flags ?? {};
  const file = (flags["config"] as string | undefined) ?? input.configFile ?? env[envName("config")] ?? null;
  const fileValues = file ? readConfigFile(file) : {};
  const out: Record<string, unknown> = {};
  const sources: Config["sources"] = {};

  for (const def of OPTIONS) {
    let raw: unknown = undefined;
    let source: Config["sources"][string] = "default";
    const fileKey = [def.key, def.key.replace(/-/g, "_")].find((k) => k in fileValues);
    if (fileKey) { raw = fileValues[fileKey]; source = "file"; }
    const envVal = env[envName(def.key)];
    if (envVal !== undefined && envVal !== "") { raw = envVal; source = "env"; }
    else if (def.secret && env[envName(def.key) + "_FILE"]) {
      raw = readSecretFile(def, env[envName(def.key) + "_FILE"]!);
      source = "env";
    }
    if (def.key in flags) { raw = flags[def.key]; source = "flag"; }
    if (raw === undefined) { out[camel(def.key)] = structuredClone(def.default); sources[def.key] = "default"; continue; }
    const parsed = parseValue(def, raw);
    if (!parsed.ok) throw new ConfigError(`${parsed.error} (from ${source === "flag" ? "--" + def.key : source === "env" ? envName(def.key) : "config file " + file})`);
    out[camel(def.key)] = parsed.value;
    sources[def.key] = source;
  }
  if (!out.baseUrl) {
    const [host, port] = splitListen(out.listen as string);
    const shown = host === "" || host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host;
    out.baseUrl = `${out.tlsCert ? "https" : "http"}://${shown}:${port}`;
  }
  if ((out.tlsCert && !out.tlsKey) || (!out.tlsCert && out.tlsKey)) throw new ConfigError("tls-cert and tls-key must be given together");
  for (const key of ["tls-cert", "tls-key"] as const) {
    const file = out[camel(key)] as string | null;
    if (file && !readable(file)) throw new ConfigError(`invalid value for ${key}: cannot read ${file}`);
  }
  // A typo in an allow-list must stop the server, not silently allow or deny nothing.
  checkCidrs("allow-destination", out.allowDestination as string[], isDestinationCidr);
  checkCidrs("trusted-proxy", out.trustedProxy as string[], isProxyCidr);
  if (out.adminEmail && !out.adminPassword) throw new ConfigError("admin-email needs admin-password (or HOOKRELAY_ADMIN_PASSWORD_FILE)");
  checkRetrySchedule(out.retrySchedule as string[]);
  // Checked here, not when the store opens: a bad key must stop the command before any side effect.
  if (out.encryptionKey && !parseKey(out.encryptionKey as string)) {
    throw new ConfigError("invalid value for encryption-key: expected 32 bytes as 64 hex characters or base64");
  }
  return Object.freeze({ ...out, sources, configFile: file }) as Config;
}

function checkRetrySchedule(items: string[]) {
  if (!items.length) throw new ConfigError("invalid value for retry-schedule: expected at least one duration (the first is the delay before the first attempt)");
  const bad = items.find((d) => parseDuration(d) === null);
  if (bad !== undefined) throw new ConfigError(`invalid value ${JSON.stringify(bad)} for retry-schedule: expected comma-separated durations such as 0s,5s,5m,2h`);
}

function checkCidrs(key: string, items: string[], valid: (c: string) => boolean) {
  const bad = items.find((c) => !valid(c));
  if (bad !== undefined) throw new ConfigError(`invalid value ${JSON.stringify(bad)} for ${key}: expected an IP address or CIDR such as 10.0.0.0/8 or fd00::/8`);
}

export function splitListen(listen: string): [string, number] {
  const i = listen.lastIndexOf(":");
  return [listen.slice(0, i), Number(listen.slice(i + 1))];
}

function readable(path: string): boolean {
  try { accessSync(path, constants.R_OK); return statSync(path).isFile(); } catch { return false; }
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigError(`config: file ${path} does not exist`);
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (e) { throw new ConfigError(`config: cannot read ${path}: ${(e as Error).message}`); }
  try {
    const parsed = path.endsWith(".json") ? JSON.parse(text) : Bun.TOML.parse(text);
    const known = new Set(OPTIONS.flatMap((d) => [d.key, d.key.replace(/-/g, "_")]));
    for (const k of Object.keys(parsed)) if (!known.has(k)) throw new ConfigError(`config: unknown key "${k}" in ${path}`);
    return parsed as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`config: ${path} is not valid ${path.endsWith(".json") ? "JSON" : "TOML"}: ${(e as Error).message}`);
  }
}

function readSecretFile(def: OptionDef, path: string): string {
  try { return readFileSync(path, "utf8").trim(); }
  catch { throw new ConfigError(`cannot read ${envName(def.key)}_FILE ${path}`); }
}

/**
 * The config as TOML `key = value` lines: saved as a file and passed to --config, it loads the same
 * config. Durations and sizes carry units; unset values and redacted secrets are comments.
 */
export function describeConfig(cfg: Config): string[] {
  return OPTIONS.map((def) => {
    const v = cfg[camel(def.key)];
    const source = cfg.sources[def.key];
    if (def.secret && v) return `# ${def.key} = <redacted>  # ${source}`;
    if (v === null || v === undefined) return `# ${def.key} is not set  # ${source}`;
    const shown = def.type === "duration" || def.type === "bytes" ? JSON.stringify(formatOptionValue(def, v)) : JSON.stringify(v);
    return `${def.key} = ${shown}  # ${source}`;
  });
}
