// Structured logs to stderr, text or JSON. Callers pass fields, never secrets or bodies.
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "text" | "json";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  setLevel(level: LogLevel): void;
  level(): LogLevel;
}

export function createLogger(opts: { level: LogLevel; format: LogFormat; write?: (line: string) => void }): Logger {
  let level = opts.level;
  const write = opts.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const time = new Date().toISOString();
    if (opts.format === "json") {
      // The record's own keys win: a field named "level" must not change the severity.
      write(JSON.stringify({ ...fields, time, level: lvl, msg }));
      return;
    }
    const extra = fields ? Object.entries(fields).map(([k, v]) => `${k}=${fmt(v)}`).join(" ") : "";
    write(`${time} ${lvl.toUpperCase().padEnd(5)} ${msg}${extra ? " " + extra : ""}`);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    setLevel: (l) => { level = l; },
    level: () => level,
  };
}

function fmt(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s !== undefined && /[\s"=]/.test(s) ? JSON.stringify(s) : String(s);
}

export const silentLogger: Logger = createLogger({ level: "error", format: "text", write: () => {} });
