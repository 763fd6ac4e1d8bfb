// Svix Ingest-compatible sources: /ingest/api/v1/source (list, create, get, update, delete, token/rotate),
// with hookrelay's extensions: streamUrl (+ stream-token/rotate), response, dedupe and ipAllowlist.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { closeStreams, inboundOf } from "../../inbound/service";
import { getVerifier, listVerifierTypes } from "../../signing/verifiers";
import { redactConfig } from "../../inbound/source-config";
import { EMPTY_OPTIONS, mergeOptions, readOptions } from "../../inbound/source-options";
import type { SourceRow } from "../../store/sources";
import { newId, randomToken } from "../../lib/ids";
import { openToken } from "../../store/seal-at-rest";
import { ValidationError, notFound } from "../errors";
import { idempotent } from "./idempotent";
import { asBody, conflictFrom, iso, optUid, pageQuery, reqString, stringMap, type Body } from "./validate";

export const newIngestToken = () => randomToken("", 24);
export const newStreamToken = () => randomToken("st_", 24);

/**
 * The public origin for ingest and stream URLs: --base-url when set, else the origin the API caller used
 * (the default base URL names the listen address, which is wrong behind 0.0.0.0 or port 0).
 */
export function publicBase(ctx: AppContext, request?: Request): string {
  if (request && ctx.config.sources["base-url"] === "default") return new URL(request.url).origin;
  return ctx.config.baseUrl.replace(/\/+$/, "");
}

/** A source's ingest and stream URLs, from its sealed tokens (the only place they are opened). */
export function sourceUrls(ctx: AppContext, s: Pick<SourceRow, "ingestTokenSealed" | "streamTokenSealed">, request?: Request) {
  return { ingestUrl: ingestUrlOf(ctx, openToken(ctx.secrets, s.ingestTokenSealed), request), streamUrl: streamUrlOf(ctx, openToken(ctx.secrets, s.streamTokenSealed), request) };
}
const ingestUrlOf = (ctx: AppContext, token: string, request?: Request) => `${publicBase(ctx, request)}/in/${token}`;
const streamUrlOf = (ctx: AppContext, token: string, request?: Request) => `${publicBase(ctx, request)}/in/stream/${token}`;

export function sourceOut(ctx: AppContext, s: SourceRow, request?: Request) {
  const svc = inboundOf(ctx);
  const opts = readOptions(s.options);
  return {
    id: s.id, uid: s.uid, name: s.name, type: s.type,
    config: redactConfig(getVerifier(s.type), svc.configs.open(s.configEnc)),
    metadata: s.metadata, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt),
    ...sourceUrls(ctx, s, request),
    response: opts.response, dedupe: opts.dedupe, ipAllowlist: opts.ipAllowlist,
  };
}

/** Looks a source up by id or uid, or answers 404. */
export function sourceOr404(ctx: AppContext, idOrUid: string): SourceRow {
  const s = inboundOf(ctx).sources.get(idOrUid);
  if (!s) throw notFound("Source");
  return s;
}

function readSource(ctx: AppContext, b: Body, cur: SourceRow | null) {
  const type = reqString(b, "type", 64);
  const verifier = getVerifier(type);
  if (!verifier) throw new ValidationError("type", `unsupported source type "${type}"; supported: ${listVerifierTypes().join(", ")}`);
  let raw = b.config ?? {};
  // A GET → PUT round trip has no secrets (output is redacted): keep the stored ones for the same type.
  if (cur && cur.type === type && raw && typeof raw === "object" && !Array.isArray(raw)) {
    const stored = inboundOf(ctx).configs.open(cur.configEnc) ?? {};
    const kept = Object.fromEntries(verifier.secretFields.filter((f) => !(f in (raw as Body)) && f in stored).map((f) => [f, stored[f]]));
    raw = { ...kept, ...(raw as Body) };
  }
  const checked = verifier.validateConfig(raw);
  if (!checked.ok) throw new ValidationError(checked.field === "config" ? "config" : `config.${checked.field}`, checked.message);
  const merged = mergeOptions(cur ? readOptions(cur.options) : EMPTY_OPTIONS, b);
  if (!merged.ok) throw new ValidationError(merged.field, merged.message);
  return {
    type, name: reqString(b, "name"), uid: optUid(b) ?? null,
    configEnc: inboundOf(ctx).configs.seal(checked.config),
    options: merged.options as unknown as Record<string, unknown>,
    metadata: stringMap(b, "metadata") ?? {},
  };
}

export function sourcesApi(ctx: AppContext) {
  const svc = inboundOf(ctx);
  return new Elysia()
    .get("/source", ({ query, request }) => {
      const page = svc.sources.list(pageQuery(query));
      return { ...page, data: page.data.map((s) => sourceOut(ctx, s, request)) };
    })
    .post("/source", idempotent(ctx, ({ body, set, request }) => {
      const now = ctx.clock.now();
      const fields = readSource(ctx, asBody(body), null);
      try {
        const row = svc.sources.create(newId("src", now), fields, { ingest: newIngestToken(), stream: newStreamToken() }, now);
        set.status = 201;
        return sourceOut(ctx, row, request);
      } catch (e) { return conflictFrom(e); }
    }))
    .get("/source/:sourceId", ({ params, request }) => sourceOut(ctx, sourceOr404(ctx, params.sourceId), request))
    .put("/source/:sourceId", ({ params, body, request }) => {
      const cur = sourceOr404(ctx, params.sourceId);
      const fields = readSource(ctx, asBody(body), cur);
      try { return sourceOut(ctx, svc.sources.update(cur, fields, ctx.clock.now()), request); } catch (e) { return conflictFrom(e); }
    })
    .delete("/source/:sourceId", ({ params, set }) => {
      const cur = sourceOr404(ctx, params.sourceId);
      svc.sources.delete(cur.id);
      closeStreams(svc, cur.id);
      set.status = 204;
      return "";
    })
    .post("/source/:sourceId/token/rotate", idempotent(ctx, ({ params, request }: { params: { sourceId: string }; request: Request; body: unknown; set: { status?: number | string } }) => {
      const cur = sourceOr404(ctx, params.sourceId);
      const token = newIngestToken();
      svc.sources.rotateIngestToken(cur.id, token, ctx.clock.now());
      return { ingestUrl: ingestUrlOf(ctx, token, request) };
    }))
    .post("/source/:sourceId/stream-token/rotate", ({ params, request }) => {
      const cur = sourceOr404(ctx, params.sourceId);
      const token = newStreamToken();
      svc.sources.rotateStreamToken(cur.id, token, ctx.clock.now());
      // Streams opened with the old token end now: whoever held it must not keep reading.
      closeStreams(svc, cur.id);
      return { streamUrl: streamUrlOf(ctx, token, request) };
    })
    .get("/source-types", () => ({ data: listVerifierTypes().map((type) => ({ type, secretFields: getVerifier(type)!.secretFields })) }));
}

