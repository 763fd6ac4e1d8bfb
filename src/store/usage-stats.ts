/**
 * Usage figures per application for Svix's statistics API: message destinations (one per message
 * and endpoint it was routed to) in a time window, and which event types each application's
 * endpoints subscribe to. Both are read in chunks, for background tasks that yield between them.
 */
import type { Store } from "./db";
import { idFloor } from "../lib/ids";
import { readJson } from "./json-column";

/** Messages looked at per step, whether in the window or not: each step's work stays bounded. */
const CHUNK = 2_000;

export interface AppRef { id: string; uid: string | null }
export interface AppDestinations { appId: string; appUid: string | null; messageDestinations: number }
export interface AppEventTypes { appId: string; explicitlySubscribedEventTypes: string[]; hasCatchAllEndpoint: boolean }

export class UsageStats {
  private chunk;
  private appByIdOrUid;
  private allApps;
  private appEndpoints;

  constructor(store: Store) {
    const q = store.sqlite;
    // Ids never predate their message's created_at, so the walk starts at the window's floor. They
    // can run ahead of it (the clock clamp in lib/ids.ts), so no id bounds the end: created_at decides.
    this.chunk = q.prepare<{ last: string | null; destinations: number }, [string, string, number, number]>(
      `WITH chunk AS (SELECT m.id, m.created_at FROM messages m WHERE m.app_id = ?1 AND m.id > ?2 ORDER BY m.id LIMIT ${CHUNK})
       SELECT (SELECT max(id) FROM chunk) AS last,
         (SELECT count(*) FROM deliveries d WHERE d.message_id IN (SELECT id FROM chunk WHERE created_at >= ?3 AND created_at < ?4)) AS destinations`);
    this.appByIdOrUid = q.prepare<AppRef, [string]>("SELECT id, uid FROM applications WHERE id = ?1 OR uid = ?1 ORDER BY id = ?1 DESC LIMIT 1");
    this.allApps = q.prepare<AppRef, []>("SELECT id, uid FROM applications ORDER BY id");
    this.appEndpoints = q.prepare<{ filterTypes: string | null }, [string]>("SELECT filter_types AS filterTypes FROM endpoints WHERE app_id = ? AND disabled = 0");
  }

  /** The applications named by id or uid (all of them without names), and the names that matched none. */
  resolve(names: string[] | null): { apps: AppRef[]; unresolved: string[] } {
    if (!names) return { apps: this.allApps.all(), unresolved: [] };
    const apps = new Map<string, AppRef>();
    const unresolved: string[] = [];
    for (const n of names) {
      const a = this.appByIdOrUid.get(n);
      if (a) apps.set(a.id, a); else unresolved.push(n);
    }
    return { apps: [...apps.values()], unresolved };
  }

  /** Message destinations of one application's messages created in [since, until). */
  async destinations(app: AppRef, since: number, until: number, step: () => Promise<void>): Promise<AppDestinations> {
    let cursor = idFloor("msg", since);
    let total = 0;
    for (;;) {
      const r = this.chunk.get(app.id, cursor, since, until)!;
      if (r.last === null) return { appId: app.id, appUid: app.uid, messageDestinations: total };
      total += r.destinations;
      cursor = r.last;
      await step();
    }
  }

  /** The event types an application's enabled endpoints filter on, and whether one takes every type. */
  eventTypes(app: AppRef): AppEventTypes {
    const types = new Set<string>();
    let catchAll = false;
    for (const e of this.appEndpoints.all(app.id)) {
      const list = readJson<string[] | null>(e.filterTypes, null);
      if (!list) catchAll = true;
      else for (const t of list) types.add(t);
    }
    return { appId: app.id, explicitlySubscribedEventTypes: [...types].sort(), hasCatchAllEndpoint: catchAll };
  }
}
