import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, ConfigError, describeConfig } from "../../src/config/load";
import { parseDuration, parseBytes, formatDuration, formatBytes } from "../../src/config/parse-value";
import { prepareDataDir } from "../../src/store/data-dir";

const dir = mkdtempSync(join(tmpdir(), "hookrelay-cfg-"));

describe("loadConfig", () => {
  test("uses the documented defaults when nothing is set", () => {
    const c = loadConfig({ env: {}, flags: {} });
    expect(c.listen).toBe("127.0.0.1:8080");
    expect(c.dataDir).toBe("./hookrelay-data");
    expect(c.baseUrl).toBe("http://127.0.0.1:8080");
    expect(c.sqliteSynchronous).toBe("full");
    expect(c.requestTimeout).toBe(15_000);
    expect(c.sources.listen).toBe("default");
  });

  test("prefers flags over env over file over defaults", () => {
    const file = join(dir, "a.toml");
    writeFileSync(file, 'listen = "127.0.0.1:1111"\nlog_level = "warn"\ndata-dir = "/from-file"\n');
    const c = loadConfig({ env: { HOOKRELAY_LISTEN: "127.0.0.1:2222", HOOKRELAY_LOG_LEVEL: "debug" }, flags: { config: file, listen: "127.0.0.1:3333" } });
    expect(c.listen).toBe("127.0.0.1:3333");
    expect(c.logLevel).toBe("debug");
    expect(c.dataDir).toBe("/from-file");
    expect(c.sources).toMatchObject({ listen: "flag", "log-level": "env", "data-dir": "file" });
  });

  test("rejects a port out of range with one line naming the option and accepted values", () => {
    expect(() => loadConfig({ env: {}, flags: { listen: "127.0.0.1:99999" } })).toThrow(/listen: expected host:port with a port from 0 to 65535/);
  });

  test("rejects an unknown log level naming the accepted values", () => {
    try { loadConfig({ env: { HOOKRELAY_LOG_LEVEL: "loud" } }); throw new Error("no error"); }
    catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toContain("log-level: expected one of debug, info, warn, error");
      expect((e as Error).message).toContain("HOOKRELAY_LOG_LEVEL");
    }
  });

  test("rejects unknown keys in the config file", () => {
    const file = join(dir, "b.toml");
    writeFileSync(file, 'lisen = "x"\n');
    expect(() => loadConfig({ env: {}, flags: { config: file } })).toThrow(/unknown key "lisen"/);
  });

  test("reads a secret from the _FILE variant and redacts it when described", () => {
    const f = join(dir, "key");
    writeFileSync(f, "a".repeat(64) + "\n");
    const c = loadConfig({ env: { HOOKRELAY_ENCRYPTION_KEY_FILE: f } });
    expect(c.encryptionKey).toBe("a".repeat(64));
    const text = describeConfig(c).join("\n");
    expect(text).toContain("encryption-key = <redacted>");
    expect(text).not.toContain("a".repeat(64));
  });

  test("parses durations, sizes and lists", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("soon")).toBeNull();
    expect(parseBytes("64KiB")).toBe(65_536);
    expect(parseBytes("1MiB")).toBe(1_048_576);
    const c = loadConfig({ env: { HOOKRELAY_ALLOW_DESTINATION: "10.0.0.0/8, 192.168.1.0/24" } });
    expect(c.allowDestination).toEqual(["10.0.0.0/8", "192.168.1.0/24"]);
  });

  test("a duration past an option's bound is refused naming the bound; within it, the value is in milliseconds", () => {
    expect(() => loadConfig({ env: {}, flags: { "commit-window": "2s" } })).toThrow(/commit-window: expected a duration .*\(at most 1s\)/);
    expect(loadConfig({ env: { HOOKRELAY_COMMIT_WINDOW: "5ms" } }).commitWindow).toBe(5);
    expect(loadConfig({ env: {} }).commitWindow).toBe(0);
  });

  test("an infinite or not-a-number size or duration from a TOML file is refused, not taken as no limit", () => {
    const dir = mkdtempSync(join(tmpdir(), "hookrelay-cfg-inf-"));
    for (const [key, value] of [["response-body-limit", "inf"], ["max-payload", "nan"], ["request-timeout", "inf"]]) {
      const file = join(dir, `${key}.toml`);
      writeFileSync(file, `${key} = ${value}\n`);
      expect(() => loadConfig({ env: {}, flags: { config: file } })).toThrow(new RegExp(`invalid value .*for ${key}`));
    }
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("loadConfig TLS files", () => {
  test("an unreadable --tls-cert fails at load naming the option", () => {
    expect(() => loadConfig({ env: {}, flags: { "tls-cert": "/nonexistent/cert.pem", "tls-key": "/nonexistent/key.pem" } })).toThrow(/invalid value for tls-cert: cannot read \/nonexistent\/cert.pem/);
  });
});

describe("describeConfig round trip", () => {
  /** The config's values without where they came from. */
  const values = (c: ReturnType<typeof loadConfig>) => { const { sources: _s, configFile: _f, ...rest } = c; return rest; };

  test("its output, saved as a TOML file and loaded with --config, is the same config (durations and sizes keep their units)", () => {
    const c = loadConfig({ env: {
      HOOKRELAY_SHUTDOWN_GRACE: "90s", HOOKRELAY_REQUEST_TIMEOUT: "1500ms", HOOKRELAY_MAX_PAYLOAD: "1000", HOOKRELAY_INGEST_MAX_BODY: "3MiB",
      HOOKRELAY_RETRY_SCHEDULE: "0s,1m,1h30m", HOOKRELAY_TRUSTED_PROXY: "10.0.0.0/8", HOOKRELAY_BASE_URL: "https://hooks.example.com", HOOKRELAY_METRICS: "true",
    } });
    const text = describeConfig(c).join("\n");
    expect(text).toContain('shutdown-grace = "90s"');
    expect(text).toContain('max-payload = "1000B"');
    expect(text).toContain('response-body-limit = "64KiB"');
    const file = join(dir, "roundtrip.toml");
    writeFileSync(file, text + "\n");
    const again = loadConfig({ env: {}, flags: { config: file } });
    expect(values(again)).toEqual(values(c));
    expect(again.shutdownGrace).toBe(90_000);
  });

  test("durations and sizes format to the largest exact unit and parse back", () => {
    for (const ms of [0, 500, 1500, 10_000, 90_000, 3_600_000, 5 * 86_400_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
    for (const n of [1, 1000, 65_536, 1_048_576, 25 * 1_048_576, 3 * 1024 ** 3]) expect(parseBytes(formatBytes(n))).toBe(n);
    expect([formatDuration(10_000), formatBytes(65_536)]).toEqual(["10s", "64KiB"]);
  });
});

describe("list items and keys are checked at load", () => {
  test("a retry-schedule entry that is not a duration, or an empty schedule, fails naming the option", () => {
    expect(() => loadConfig({ env: {}, flags: { "retry-schedule": ["0s", "soon"] } })).toThrow(/invalid value "soon" for retry-schedule: expected comma-separated durations/);
    expect(() => loadConfig({ env: { HOOKRELAY_RETRY_SCHEDULE: " , " } })).toThrow(/retry-schedule: expected at least one duration/);
  });

  test("a malformed encryption-key fails naming the option, without echoing the value", () => {
    try { loadConfig({ env: { HOOKRELAY_ENCRYPTION_KEY: "not-a-key-but-secret" } }); throw new Error("no error"); }
    catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toContain("invalid value for encryption-key: expected 32 bytes");
      expect((e as Error).message).not.toContain("not-a-key-but-secret");
    }
  });

  test("a data-dir that is a file is 'not a directory'", () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "x");
    expect(() => prepareDataDir(file)).toThrow(`invalid value for data-dir: ${file} is not a directory`);
  });
});
