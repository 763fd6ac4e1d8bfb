// Long operations (recover, replay-missing) run as background tasks with a `qtask_` id and a
// status a client can poll. Work runs in short transactions with a yield between chunks, so the
// API keeps answering while a large recovery proceeds.
import type { Store } from "./db";
import { newId } from "../lib/ids";
import { readJson } from "./json-column";
import { listPage, type Page, type PageQuery } from "./pagination";

export type TaskStatus = "running" | "finished" | "failed";

export interface TaskRow {
  id: string;
  task: string;
  status: TaskStatus;
  data: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

type Raw = Omit<TaskRow, "data"> & { data: string };
const COLS = "id, task, status, data, created_at AS createdAt, updated_at AS updatedAt";
const toRow = (r: Raw): TaskRow => ({ ...r, data: readJson(r.data, {}) });

export class BackgroundTaskStore {
  private insert;
  private setState;
  private byId;
  private running = new Set<Promise<void>>();
  private stopping = false;

  constructor(private store: Store) {
    const q = store.sqlite;
    this.insert = q.query("INSERT INTO background_tasks (id, task, status, data, created_at, updated_at) VALUES (?, ?, 'running', ?, ?, ?)");
    this.setState = q.query("UPDATE background_tasks SET status = ?, data = ?, updated_at = ? WHERE id = ?");
    this.byId = q.query<Raw, [string]>(`SELECT ${COLS} FROM background_tasks WHERE id = ?`);
  }

  get(id: string): TaskRow | null {
    const r = this.byId.get(id);
    return r ? toRow(r) : null;
  }

  list(f: { status?: TaskStatus; task?: string }, page: PageQuery): Page<TaskRow> {
    const where: string[] = [];
    const params: string[] = [];
    if (f.status) { where.push("status = ?"); params.push(f.status); }
    if (f.task) { where.push("task = ?"); params.push(f.task); }
    const p = listPage<Raw>(this.store.sqlite, { select: `SELECT ${COLS} FROM background_tasks`, where, params, key: "id", keyOf: (r) => r.id }, page);
    return { ...p, data: p.data.map(toRow) };
  }

  /** Tasks left `running` by a previous process cannot resume: mark them failed at startup. */
  failInterrupted(now: number): number {
    return this.store.sqlite.run("UPDATE background_tasks SET status = 'failed', data = json_set(data, '$.error', 'interrupted by a restart'), updated_at = ? WHERE status = 'running'", [now]).changes;
  }

  /**
   * Creates the task row and starts `work` without awaiting it. `work` gets a `step` callback:
   * call it between chunks to yield to the event loop. Its result is merged into `data`.
   */
  start(task: string, data: Record<string, unknown>, now: () => number, work: (step: () => Promise<void>) => Promise<Record<string, unknown>>): TaskRow {
    const t = now();
    const id = newId("qtask", t);
    this.insert.run(id, task, JSON.stringify(data), t, t);
    const step = async () => {
      await new Promise<void>((r) => setImmediate(r));
      if (this.stopping) throw new Error("interrupted by shutdown; run it again");
    };
    const p: Promise<void> = (async () => {
      try {
        await step();
        const result = await work(step);
        this.setState.run("finished", JSON.stringify({ ...data, ...result }), now(), id);
      } catch (e) {
        this.setState.run("failed", JSON.stringify({ ...data, error: e instanceof Error ? e.message : String(e) }), now(), id);
      }
    })().finally(() => this.running.delete(p));
    this.running.add(p);
    return { id, task, status: "running", data, createdAt: t, updatedAt: t };
  }

  /** Makes running tasks stop at their next chunk (marked failed), then waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  /** Resolves when every task started so far has settled (tests and shutdown await this). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
