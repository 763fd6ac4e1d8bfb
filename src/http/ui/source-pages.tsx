// Sources: list, create (provider type, secret, optional first forwarding endpoint), settings (name,
// new secret), forwarding endpoints (add, enable/disable, remove) and delete (admin). The source page
// itself, with the live request inspector, is in source-inspector.tsx.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { SourceRow } from "../../store/sources";
import type { SourceEndpointRow } from "../../store/source-endpoints";
import { inboundOf, closeStreams } from "../../inbound/service";
import { EMPTY_OPTIONS } from "../../inbound/source-options";
import { getVerifier, listVerifierTypes } from "../../signing";
import { generateSecret } from "../../signing/standard-webhooks";
import { newId } from "../../lib/ids";
import { checkUrl } from "../api/endpoints";
import { newIngestToken, newStreamToken, sourceUrls } from "../ingest/sources-api";
import { ValidationError } from "../errors";
import { searchSources, sourceActivity } from "../../store/ui-sources";
import { SourcesPage, type SourceFormErrors, type SourceFormValues } from "../../../views/pages/sources";
import { uiSession } from "./session";
import { uiRoute, page, notFoundPage, redirectWithFlash, withQuery, type UiCall } from "./ui-route";
import { sourcePage } from "./source-inspector";

const PAGE = 50;
export const sourcePath = (id: string) => `/sources/${encodeURIComponent(id)}`;

/** Provider config from the form: the JSON box, with the secret field filled from "Signing secret". */
export function configFrom(type: string, secret: string, json: string, base: Record<string, unknown> = {}):
  { ok: true; config: Record<string, unknown> } | { ok: false; field: keyof SourceFormValues; message: string } {
  const verifier = getVerifier(type);
  if (!verifier) return { ok: false, field: "type", message: `Unknown type. Supported: ${listVerifierTypes().join(", ")}` };
  let extra: Record<string, unknown> = {};
  if (json) {
    try { extra = JSON.parse(json); } catch { return { ok: false, field: "config", message: "This is not valid JSON." }; }
    if (!extra || typeof extra !== "object" || Array.isArray(extra)) return { ok: false, field: "config", message: "Expected a JSON object." };
  }
  const raw: Record<string, unknown> = { ...base, ...extra };
  if (secret) raw[verifier.secretFields[0] ?? "secret"] = secret;
  const checked = verifier.validateConfig(raw);
  if (!checked.ok) {
    const isSecret = verifier.secretFields[0] === checked.field;
    return { ok: false, field: isSecret ? "secret" : "config", message: isSecret ? `The signing secret ${checked.message}.` : `${checked.field} ${checked.message}.` };
  }
  return { ok: true, config: checked.config };
}

/** A forwarding endpoint from a URL typed in the UI (same destination policy as the API). */
export function addForward(ctx: AppContext, source: SourceRow, url: string, now: number): SourceEndpointRow {
  const checked = checkUrl(ctx, url);
  return inboundOf(ctx).endpoints.create(source.id, { url: checked, uid: null, description: "", disabled: false, throttleRate: null, headers: {}, filter: null, metadata: {} }, generateSecret(), now);
}

function listPage(ctx: AppContext, c: UiCall, form?: SourceFormValues, errors?: SourceFormErrors) {
  const q = c.query.q?.trim() ?? "";
  const before = c.query.before || null;
  const r = searchSources(ctx.store, { text: q, cursor: before, limit: PAGE });
  const activity = sourceActivity(ctx.store, r.rows.map((s) => s.id));
  const sources = r.rows.map((s) => ({ ...s, ...activity.get(s.id)!, ingestUrl: sourceUrls(ctx, s, c.request).ingestUrl }));
  return page(<SourcesPage shell={c.shell} sources={sources} types={listVerifierTypes()} form={form} errors={errors} q={q}
    nextHref={r.next ? withQuery("/sources", { q, before: r.next }) : null} firstHref={before ? withQuery("/sources", { q }) : null} />, errors ? 422 : 200);
}

export function sourcePages(ctx: AppContext) {
  const svc = inboundOf(ctx);
  const find = (c: UiCall) => svc.sources.get(c.params.sourceId);
  return new Elysia()
    .use(uiSession(ctx))
    .get("/sources", uiRoute(ctx, (c) => listPage(ctx, c)))
    .post("/sources", uiRoute(ctx, (c) => {
      const v: SourceFormValues = { name: c.form.str("name"), type: c.form.str("type") || "generic-webhook", secret: c.form.str("secret"), config: c.form.str("config"), forwardUrl: c.form.str("forward_url") };
      const errors: SourceFormErrors = {};
      if (!v.name) errors.name = "Give it a name, e.g. Stripe production.";
      else if (v.name.length > 256) errors.name = "At most 256 characters.";
      const cfg = configFrom(v.type, v.secret, v.config);
      if (!cfg.ok) errors[cfg.field] = cfg.message;
      if (v.forwardUrl) {
        try { checkUrl(ctx, v.forwardUrl); } catch (e) { if (e instanceof ValidationError) errors.forwardUrl = e.msg; else throw e; }
      }
      if (Object.keys(errors).length || !cfg.ok) return listPage(ctx, c, { ...v, secret: "" }, errors);
      const s = svc.sources.create(newId("src", c.now), { uid: null, name: v.name, type: v.type, configEnc: svc.configs.seal(cfg.config), options: { ...EMPTY_OPTIONS }, metadata: {} },
        { ingest: newIngestToken(), stream: newStreamToken() }, c.now);
      if (v.forwardUrl) addForward(ctx, s, v.forwardUrl, c.now);
      c.audit("source.create", s.id, { name: s.name, type: s.type });
      return redirectWithFlash(ctx, c.request, sourcePath(s.id), { kind: "success", message: "Source created. Give the ingest URL to your provider; requests appear below live." });
    }))
    .get("/sources/:sourceId", uiRoute(ctx, (c) => {
      const s = find(c);
      return s ? sourcePage(ctx, c, s) : notFoundPage(c, "source");
    }))
    .post("/sources/:sourceId", uiRoute(ctx, (c) => {
      const s = find(c);
      if (!s) return notFoundPage(c, "source");
      const name = c.form.str("name");
      const secret = c.form.str("secret");
      if (!name || name.length > 256) return sourcePage(ctx, c, s, { settings: { name, errors: { name: "Give it a name (at most 256 characters)." } } }, 422);
      let configEnc = s.configEnc;
      if (secret) {
        const cfg = configFrom(s.type, secret, "", svc.configs.open(s.configEnc) ?? {});
        if (!cfg.ok) return sourcePage(ctx, c, s, { settings: { name, errors: { secret: cfg.message } } }, 422);
        configEnc = svc.configs.seal(cfg.config);
        c.audit("source.secret.update", s.id);
      }
      svc.sources.update(s, { uid: s.uid, name, type: s.type, configEnc, options: s.options, metadata: s.metadata }, c.now);
      return redirectWithFlash(ctx, c.request, sourcePath(s.id), { kind: "success", message: secret ? "Saved; requests are now verified with the new secret." : "Saved." });
    }))
    .post("/sources/:sourceId/delete", uiRoute(ctx, (c) => {
      const s = find(c);
      if (!s) return notFoundPage(c, "source");
      svc.sources.delete(s.id);
      closeStreams(svc, s.id);
      c.audit("source.delete", s.id, { name: s.name });
      return redirectWithFlash(ctx, c.request, "/sources", { kind: "success", message: `Source “${s.name}” deleted.` });
    }, { admin: true }))
    .post("/sources/:sourceId/endpoints", uiRoute(ctx, (c) => {
      const s = find(c);
      if (!s) return notFoundPage(c, "source");
      const url = c.form.str("url");
      try { addForward(ctx, s, url, c.now); } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return sourcePage(ctx, c, s, { endpointForm: { url, error: url ? e.msg : "Enter the URL to forward to." } }, 422);
      }
      return redirectWithFlash(ctx, c.request, sourcePath(s.id), { kind: "success", message: `Accepted requests are now forwarded to ${url}. Replay earlier ones from the inspector.` });
    }))
    .post("/sources/:sourceId/endpoints/:epId/:action", uiRoute(ctx, (c) => {
      const s = find(c);
      const e = s ? svc.endpoints.get(s.id, c.params.epId) : null;
      if (!s || !e) return notFoundPage(c, "endpoint");
      const action = c.params.action;
      if (action === "delete") svc.endpoints.delete(e);
      else if (action === "enable" || action === "disable") {
        const { id: _i, sourceId: _s, createdAt: _c, updatedAt: _u, ...fields } = e;
        svc.endpoints.update(e, { ...fields, disabled: action === "disable" }, c.now);
      } else return notFoundPage(c, "page");
      c.audit(`source.endpoint.${action}`, e.id, { sourceId: s.id });
      return redirectWithFlash(ctx, c.request, sourcePath(s.id), { kind: "success", message: action === "delete" ? "Endpoint removed." : `Endpoint ${action}d.` });
    }));
}
