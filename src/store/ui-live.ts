// Cursor reads behind the UI's live updates: what was written since the last look, by rowid/seq
// (an index range whose cost is the number of new rows, however big the tables are).
import type { Store } from "./db";

export interface NewAttemptRef { r: number; id: string; messageId: string; endpointId: string; appId: string | null; sourceId: string | null }
export interface NewIngestRef { seq: number; id: string; sourceId: string }

/** An attempt as the endpoint page's table shows it. */
export interface AttemptLine {
  r: number; id: string; messageId: string; eventType: string | null; attemptNumber: number; triggerType: number;
  responseStatus: number | null; durationMs: number; errorClass: string | null; error: string | null; success: boolean; createdAt: number;
}

/** Rows a reconnecting page catches up over at most; older gaps need a reload. */
const CATCH_UP = 20_000;

const LINE = `a.rowid AS r, a.id, a.message_id AS messageId, m.event_type AS eventType, a.attempt_number AS attemptNumber, a.trigger_type AS triggerType,
  a.response_status AS responseStatus, a.duration_ms AS durationMs, a.error_class AS errorClass, a.error, a.success, a.created_at AS createdAt`;
type RawLine = Omit<AttemptLine, "success"> & { success: number };
const line = (r: RawLine): AttemptLine => ({ ...r, success: !!r.success });

function prepare(store: Store) {
  const q = store.sqlite;
  return {
    attemptsAfter: q.query<NewAttemptRef, [number, number]>(
      `SELECT a.rowid AS r, a.id, a.message_id AS messageId, a.endpoint_id AS endpointId, m.app_id AS appId, m.source_id AS sourceId
       FROM attempts a LEFT JOIN messages m ON m.id = a.message_id WHERE a.rowid > ? ORDER BY a.rowid LIMIT ?`),
    maxAttempt: q.query<{ m: number | null }, []>("SELECT max(rowid) AS m FROM attempts"),
    ingestAfter: q.query<NewIngestRef, [number, number]>(
      "SELECT seq, id, source_id AS sourceId FROM ingest_requests WHERE seq > ? ORDER BY seq LIMIT ?"),
    maxSeq: q.query<{ m: number | null }, []>("SELECT max(seq) AS m FROM ingest_requests"),
    lineById: q.query<RawLine, [string]>(`SELECT ${LINE} FROM attempts a LEFT JOIN messages m ON m.id = a.message_id WHERE a.id = ?`),
    // Walks rows written since `rowid` (all endpoints, at most CATCH_UP of them) and keeps this endpoint's.
    linesAfter: q.query<RawLine, [number, string, number]>(
      `SELECT ${LINE} FROM (SELECT rowid AS r FROM attempts WHERE rowid > ? ORDER BY rowid LIMIT ${CATCH_UP}) w
       JOIN attempts a ON a.rowid = w.r LEFT JOIN messages m ON m.id = a.message_id WHERE a.endpoint_id = ? ORDER BY a.rowid LIMIT ?`),
    lines: q.query<RawLine, [string, string, number]>(
      `SELECT ${LINE} FROM attempts a LEFT JOIN messages m ON m.id = a.message_id WHERE a.endpoint_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?`),
  };
}

export type LiveReads = ReturnType<typeof createLiveReads>;

export function createLiveReads(store: Store) {
  const s = prepare(store);
  return {
    attemptsAfter: (rowid: number, limit: number) => s.attemptsAfter.all(rowid, limit),
    attemptHead: () => s.maxAttempt.get()?.m ?? 0,
    ingestAfter: (seq: number, limit: number) => s.ingestAfter.all(seq, limit),
    ingestHead: () => s.maxSeq.get()?.m ?? 0,
    attemptLine(id: string): AttemptLine | null {
      const r = s.lineById.get(id);
      return r ? line(r) : null;
    },
    /** An endpoint's attempts written after `rowid` (a page's render-time head), oldest first. */
    endpointLinesAfter: (endpointId: string, rowid: number, limit: number) => s.linesAfter.all(rowid, endpointId, limit).map(line),
    /** A page of an endpoint's attempts, newest first, keyset on the attempt id (`before` = last id shown, or "~" for the first page). */
    endpointLines: (endpointId: string, before: string, limit: number) => s.lines.all(endpointId, before, limit).map(line),
  };
}
