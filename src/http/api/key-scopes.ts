// The two narrower credentials next to API tokens (which open everything): what each may call.
// A polling endpoint's consumer key reads that polling endpoint; an integration's key works on its
// own application and may read the event type catalogue, nothing else.
// Path segments are resolved exactly as the routes resolve them (an id wins over a uid that spells
// it), so a uid that equals another record's id cannot lead a key to that record.
import type { PollerKeyOwner } from "../../store/polling-endpoints";
import type { IntegrationKeyOwner } from "../../store/integrations";

/** How the routes turn `{app_id}` and `{sink_id}` into ids. */
export interface ScopeResolvers {
  appId(idOrUid: string): string | null;
  pollerId(appId: string, idOrUid: string): string | null;
}

const safeDecode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };

const POLLER_PATH = /^\/api\/v1\/app\/([^/]+)\/poller\/([^/]+)(\/consumer\/[^/]+(\/seek)?)?\/?$/;

/** GET …/poller/{id}, GET …/consumer/{consumer_id} and POST …/seek of its own polling endpoint. */
export function pollerKeyOpens(owner: PollerKeyOwner, method: string, path: string, r: ScopeResolvers): boolean {
  const m = POLLER_PATH.exec(path);
  if (!m || method !== (m[4] ? "POST" : "GET")) return false;
  if (r.appId(safeDecode(m[1])) !== owner.appId) return false;
  return r.pollerId(owner.appId, safeDecode(m[2])) === owner.id;
}

const APP_PATH = /^\/api\/v1\/app\/([^/]+)(\/.*)?$/;
const CATALOGUE = /^\/api\/v1\/(event-type(\/[^/]+)?|auth\/whoami)\/?$/;

/**
 * Everything under its application except the application document's writes and the application's
 * integrations (a key must not mint or rotate keys), plus reading the event types and whoami.
 */
export function integrationKeyOpens(owner: IntegrationKeyOwner, method: string, path: string, r: ScopeResolvers): boolean {
  if (CATALOGUE.test(path)) return method === "GET";
  const m = APP_PATH.exec(path);
  if (!m || r.appId(safeDecode(m[1])) !== owner.appId) return false;
  const rest = m[2] ?? "";
  if (rest === "" || rest === "/") return method === "GET";
  return !/^\/integration(\/|$)/.test(rest);
}
