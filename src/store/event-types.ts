// Event types: a catalogue of names (with optional JSON schemas) endpoints subscribe to.
// Deleting archives by default, as Svix does; `expunge` removes the row.
import { writeTx, type Store } from "./db";
import { readJson, isUniqueViolation } from "./json-column";
import { DuplicateError } from "./store-errors";
import { listPage, type Page, type PageQuery } from "./pagination";

export interface EventTypeRow {
  name: string;
  description: string;
  schemas: Record<string, unknown> | null;
  featureFlags: string[] | null;
  groupName: string | null;
  archived: boolean;
  deprecated: boolean;
  createdAt: number;
  updatedAt: number;
}

export type EventTypeFields = Omit<EventTypeRow, "name" | "createdAt" | "updatedAt">;
/** An event type as an import gives it (importAll): live unless it says otherwise. */
export type ImportedType = Omit<EventTypeFields, "archived"> & { name: string; archived?: boolean };

interface Raw { name: string; description: string; schemas: string | null; featureFlag: string | null; groupName: string | null; archived: number; deprecated: number; createdAt: number; updatedAt: number }
const COLS = "name, description, schemas, feature_flag AS featureFlag, group_name AS groupName, archived, deprecated, created_at AS createdAt, updated_at AS updatedAt";

// feature_flag holds a JSON array: Svix moved from one `featureFlag` to a `featureFlags` list.
const toRow = (r: Raw): EventTypeRow => ({
  name: r.name,
  description: r.description,
  schemas: readJson(r.schemas, null),
  featureFlags: readJson<string[] | null>(r.featureFlag, null),
  groupName: r.groupName,
  archived: !!r.archived,
  deprecated: !!r.deprecated,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export class EventTypeStore {
  private byName;
  private insert;
  private updateStmt;
  private del;
  private namesExisting;

  constructor(private store: Store) {
    const q = store.sqlite;
    this.byName = q.query<Raw, [string]>(`SELECT ${COLS} FROM event_types WHERE name = ?`);
    this.insert = q.query("INSERT INTO event_types (name, description, schemas, feature_flag, group_name, archived, deprecated, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.updateStmt = q.query("UPDATE event_types SET description = ?, schemas = ?, feature_flag = ?, group_name = ?, archived = ?, deprecated = ?, updated_at = ? WHERE name = ?");
    this.del = q.query("DELETE FROM event_types WHERE name = ?");
    this.namesExisting = q.query<{ name: string }, [string]>("SELECT name FROM event_types WHERE name IN (SELECT value FROM json_each(?))");
  }

  get(name: string): EventTypeRow | null {
    const r = this.byName.get(name);
    return r ? toRow(r) : null;
  }

  create(name: string, f: EventTypeFields, now: number): EventTypeRow {
    try {
      this.insert.run(name, f.description, f.schemas ? JSON.stringify(f.schemas) : null, f.featureFlags ? JSON.stringify(f.featureFlags) : null, f.groupName, f.archived ? 1 : 0, f.deprecated ? 1 : 0, now, now);
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError("name", `An event type named "${name}" already exists`);
      throw e;
    }
    return { name, ...f, createdAt: now, updatedAt: now };
  }

  update(cur: EventTypeRow, f: EventTypeFields, now: number): EventTypeRow {
    this.updateStmt.run(f.description, f.schemas ? JSON.stringify(f.schemas) : null, f.featureFlags ? JSON.stringify(f.featureFlags) : null, f.groupName, f.archived ? 1 : 0, f.deprecated ? 1 : 0, now, cur.name);
    return { ...cur, ...f, updatedAt: now };
  }

  archive(cur: EventTypeRow, now: number): void {
    this.update(cur, { ...cur, archived: true }, now);
  }

  expunge(name: string): boolean {
    return this.del.run(name).changes > 0;
  }

  /**
   * Creates or updates each event type (un-archiving it unless it says `archived`), and with `replaceAll` archives every other
   * one, in one transaction. Returns the names that changed or would change (`dryRun` writes nothing);
   * a type already exactly as given is left alone.
   */
  importAll(types: ImportedType[], opts: { replaceAll: boolean; dryRun: boolean }, now: number): string[] {
    const same = (cur: EventTypeRow, t: ImportedType) => cur.archived === (t.archived ?? false) && cur.description === t.description && cur.deprecated === t.deprecated
      && cur.groupName === t.groupName && JSON.stringify(cur.featureFlags) === JSON.stringify(t.featureFlags) && JSON.stringify(cur.schemas) === JSON.stringify(t.schemas);
    const run = () => {
      const changed: string[] = [];
      for (const t of types) {
        const cur = this.get(t.name);
        if (cur && same(cur, t)) continue;
        changed.push(t.name);
        if (opts.dryRun) continue;
        const { name: _n, ...fields } = t;
        if (cur) this.update(cur, { ...fields, archived: t.archived ?? false }, now);
        else this.create(t.name, { ...fields, archived: t.archived ?? false }, now);
      }
      if (opts.replaceAll) {
        const keep = new Set(types.map((t) => t.name));
        const others = this.store.sqlite.query<Raw, []>(`SELECT ${COLS} FROM event_types WHERE archived = 0`).all().map(toRow).filter((r) => !keep.has(r.name));
        for (const r of others) {
          changed.push(r.name);
          if (!opts.dryRun) this.archive(r, now);
        }
      }
      return changed;
    };
    return opts.dryRun ? run() : writeTx(this.store, run);
  }

  /** Names from `names` that do not exist (archived ones count as existing, as in Svix). */
  missing(names: string[]): string[] {
    if (!names.length) return [];
    const found = new Set(this.namesExisting.all(JSON.stringify(names)).map((r) => r.name));
    return names.filter((n) => !found.has(n));
  }

  /** `nameContains` matches case-insensitively anywhere in the name (the UI's filter box). */
  list(page: PageQuery, opts: { includeArchived?: boolean; nameContains?: string } = {}): Page<EventTypeRow> {
    const where = opts.includeArchived ? [] : ["archived = 0"];
    const params: string[] = [];
    if (opts.nameContains) { where.push("instr(lower(name), lower(?)) > 0"); params.push(opts.nameContains); }
    const p = listPage<Raw>(this.store.sqlite, {
      select: `SELECT ${COLS} FROM event_types`,
      where, params, key: "name", keyOf: (r) => r.name,
    }, page);
    return { ...p, data: p.data.map(toRow) };
  }
}
