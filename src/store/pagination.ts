// Svix-style keyset pagination: `iterator` is the last key of the previous page, `-<key>` walks
// backwards (prevIterator). Keys are ids that sort by creation time, so every page is an index range.
import type { Database, SQLQueryBindings } from "bun:sqlite";

export type Ordering = "ascending" | "descending";

export interface PageQuery {
  limit: number;
  iterator: string | null;
  order: Ordering;
}

export interface Page<T> {
  data: T[];
  iterator: string | null;
  prevIterator: string | null;
  done: boolean;
}

export interface PageSpec<R> {
  select: string; // "SELECT ... FROM ..." without WHERE/ORDER/LIMIT
  where: string[];
  params: SQLQueryBindings[];
  /** The keyset column, e.g. "m.id"; it must be unique and indexed together with the filters. */
  key: string;
  keyOf: (row: R) => string;
  /** Integer keys (deliveries.id) are compared as numbers, not text. */
  numericKey?: boolean;
}

/** Runs one page query. Statements are cached by SQL text (Database.query), so repeats are not re-compiled. */
export function listPage<R>(sqlite: Database, spec: PageSpec<R>, q: PageQuery): Page<R> {
  const back = q.iterator?.startsWith("-") ?? false;
  const raw = back ? q.iterator!.slice(1) : q.iterator;
  const asc = (q.order === "ascending") !== back;
  const where = [...spec.where];
  const params = [...spec.params];
  if (raw) {
    where.push(`${spec.key} ${asc ? ">" : "<"} ?`);
    params.push(spec.numericKey ? Number(raw) || 0 : raw);
  }
  const sql = `${spec.select}${where.length ? " WHERE " + where.join(" AND ") : ""} ORDER BY ${spec.key} ${asc ? "ASC" : "DESC"} LIMIT ?`;
  params.push(q.limit + 1);
  const rows = sqlite.query<R, SQLQueryBindings[]>(sql).all(...params);
  const done = rows.length <= q.limit;
  const data = rows.slice(0, q.limit);
  // A backwards page was read nearest-first; show it in the caller's order.
  if (back) data.reverse();
  return {
    data,
    iterator: data.length ? spec.keyOf(data[data.length - 1]) : back ? null : q.iterator,
    prevIterator: data.length ? `-${spec.keyOf(data[0])}` : null,
    done,
  };
}

export function mapPage<A, B>(p: Page<A>, f: (a: A) => B): Page<B> {
  return { ...p, data: p.data.map(f) };
}
