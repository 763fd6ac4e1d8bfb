// Idempotency-Key on the ingest API's POSTs, with the outbound API's store and rules: a repeat within the
// TTL gets the first 2xx answer back (the svix SDK sends a key on every POST and retries 5xx with it).
import type { AppContext } from "../../app-context";
import { outboundServices } from "../api/services";
import { beginIdempotent, fingerprint } from "../api/idempotency";

interface RouteContext { request: Request; body: unknown; set: { status?: number | string } }

export function idempotent<C extends RouteContext>(ctx: AppContext, handler: (c: C) => unknown) {
  return async (c: C) => {
    const key = c.request.headers.get("idempotency-key");
    if (!key) return handler(c);
    const svc = outboundServices(ctx);
    const url = new URL(c.request.url);
    const started = beginIdempotent(svc.idempotency, svc.inFlight, key, fingerprint("POST", url.pathname + url.search, JSON.stringify(c.body ?? null)), ctx.clock.now());
    if (!("key" in started)) {
      return new Response(started.body || null, { status: started.status, headers: { "content-type": "application/json", "idempotent-replayed": "true" } });
    }
    try {
      const out = await handler(c);
      const status = typeof c.set.status === "number" ? c.set.status : 200;
      if (status < 300 && !(out instanceof Response)) started.saveNow(status, out === undefined || out === "" ? "" : JSON.stringify(out), ctx.clock.now());
      return out;
    } finally {
      svc.inFlight.release(started.key);
    }
  };
}
