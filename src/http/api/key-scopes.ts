// The two narrower credentials next to API tokens (which open everything): what each may call.
// A polling endpoint's consumer key reads that polling endpoint; an integration's key works on its
// own application and may read the event type catalogue, nothing else.
import type { PollerKeyOwner } from "../../store/polling-endpoints";
import type { IntegrationKeyOwner } from "../../store/integrations";

const safeDecode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };
const owns = (owner: { appId: string; appUid: string | null }, segment: string) => {
  const app = safeDecode(segment);
  return app === owner.appId || app === owner.appUid;
};

const POLLER_PATH = /^\/api\/v1\/app\/([^/]+)\/poller\/([^/]+)(\/consumer\/[^/]+(\/seek)?)?\/?$/;

/** GET …/poller/{id}, GET …/consumer/{consumer_id} and POST …/seek of its own polling endpoint. */
export function pollerKeyOpens(owner: PollerKeyOwner, method: string, path: string): boolean {
  const m = POLLER_PATH.exec(path);
  if (!m || method !== (m[4] ? "POST" : "GET")) return false;
  const sink = safeDecode(m[2]);
  return owns(owner, m[1]) && (sink === owner.id || sink === owner.uid);
}

const APP_PATH = /^\/api\/v1\/app\/([^/]+)(\/.*)?$/;
const CATALOGUE = /^\/api\/v1\/(event-type(\/[^/]+)?|auth\/whoami)\/?$/;

/**
 * Everything under its application except the application document's writes and the application's
 * integrations (a key must not mint or rotate keys), plus reading the event types and whoami.
 */
export function integrationKeyOpens(owner: IntegrationKeyOwner, method: string, path: string): boolean {
  if (CATALOGUE.test(path)) return method === "GET";
  const m = APP_PATH.exec(path);
  if (!m || !owns(owner, m[1])) return false;
  const rest = m[2] ?? "";
  if (rest === "" || rest === "/") return method === "GET";
  return !/^\/integration(\/|$)/.test(rest);
}
