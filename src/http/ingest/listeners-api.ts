// hookrelay extension for `hookrelay listen`: register a named listener on a source (its cursor lives
// server side), and report each local delivery so it lands in the attempt log next to forwarded ones.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { inboundOf } from "../../inbound/service";
import { redactHeaders } from "../../delivery/request-builder";
import { listenerStoreFor, type ListenerRow } from "../../store/listeners";
import { generateSecret } from "../../signing/standard-webhooks";
import { ValidationError, notFound } from "../errors";
import { sourceOr404 } from "./sources-api";
import { asBody, iso, optInt, optString, reqString, stringMap } from "./validate";

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const ERROR_CLASSES = new Set(["timeout", "connection_refused", "connection_reset", "dns", "tls", "network", "invalid_url"]);

export function listenersApi(ctx: AppContext) {
  const svc = inboundOf(ctx);
  const listeners = listenerStoreFor(ctx.store);
  const out = (l: ListenerRow) => ({ name: l.name, sourceId: l.sourceId, endpointId: l.endpointId, forwardUrl: l.forwardUrl, cursor: listeners.cursor(l), createdAt: iso(l.createdAt) });
  const nameOf = (name: string) => {
    if (!NAME.test(name)) throw new ValidationError("name", "may contain only letters, digits, '.', '_' and '-' (at most 64)", "path");
    return name;
  };
  const listenerOr404 = (sourceId: string, name: string) => {
    const s = sourceOr404(ctx, sourceId);
    const l = listeners.get(s.id, nameOf(name));
    if (!l) throw notFound("Listener");
    return l;
  };

  return new Elysia()
    .get("/source/:sourceId/listener", ({ params }) => ({ data: listeners.list(sourceOr404(ctx, params.sourceId).id).map(out) }))
    .put("/source/:sourceId/listener/:name", ({ params, body }) => {
      const s = sourceOr404(ctx, params.sourceId);
      const forwardUrl = optString(asBody(body), "forwardUrl", 2048) ?? "";
      const l = listeners.ensure(s.id, nameOf(params.name), forwardUrl, svc.requests.head(s.id), ctx.secrets.seal(generateSecret()), ctx.clock.now());
      return out(l);
    })
    .delete("/source/:sourceId/listener/:name", ({ params, set }) => {
      listeners.remove(listenerOr404(params.sourceId, params.name));
      set.status = 204;
      return "";
    })
    .post("/source/:sourceId/listener/:name/attempt", ({ params, body }) => {
      const l = listenerOr404(params.sourceId, params.name);
      const b = asBody(body);
      const requestId = reqString(b, "requestId", 64);
      if (!listeners.belongs(requestId, l.sourceId)) throw notFound("Request");
      const errorClass = optString(b, "errorClass", 32) ?? null;
      if (errorClass !== null && !ERROR_CLASSES.has(errorClass)) throw new ValidationError("errorClass", `must be one of ${[...ERROR_CLASSES].join(", ")}`);
      const status = optInt(b, "status", 100, 599) ?? null;
      if ((status === null) === (errorClass === null)) throw new ValidationError("status", "give either status (the target answered) or errorClass (it did not)");
      const responseBody = optString(b, "responseBody", 10 * 1024 * 1024) ?? null;
      const limit = ctx.config.responseBodyLimit;
      const rec = listeners.record(l, {
        messageId: requestId,
        url: reqString(b, "url", 2048),
        requestHeaders: redactHeaders(stringMap(b, "requestHeaders", 500) ?? {}),
        responseStatus: status,
        responseHeaders: stringMap(b, "responseHeaders", 500) ?? null,
        responseBody: responseBody === null ? null : responseBody.slice(0, limit),
        durationMs: optInt(b, "durationMs", 0, 86_400_000) ?? 0,
        errorClass,
        error: optString(b, "error", 500) ?? null,
        now: ctx.clock.now(),
      });
      return { ...rec, cursor: listeners.cursor(l) };
    });
}
