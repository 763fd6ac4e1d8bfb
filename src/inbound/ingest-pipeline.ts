// What happens to one request that reached an ingest URL: allow-list, handshake, verification, dedupe,
// filters, then ONE commit (request + message + deliveries) before any answer, then the live fan-out.
// The HTTP layer only reads the body (bounded) and resolves the sender address.
import type { AppContext } from "../app-context";
import type { SourceRow } from "../store/sources";
import type { IngestStatus } from "../store/ingest-requests";
import type { DeliveryHandOver } from "../store/hand-over";
import { newId } from "../lib/ids";
import { getVerifier } from "../signing/verifiers";
import { ipAllowed } from "../signing/ip-allowlist";
import { inboundOf } from "./service";
import { readOptions } from "./source-options";
import { dedupeKeyOf } from "./dedupe";
import { eventTypeOf } from "./event-type";
import { filterInputOf, matchFilter, parseBody, type Filter } from "./filter";
import { readJson } from "../store/json-column";
import { credentialNames, withoutCredentials } from "./credentials";

export interface IngestInput {
  method: string;
  /** The full path as received (verifiers that sign the URL need it). */
  fullPath: string;
  /** The part after the token, "/" when none. */
  subPath: string;
  query: string;
  headers: Headers;
  body: Uint8Array;
  ip: string | null;
}

export interface IngestAnswer {
  status: number;
  contentType: string;
  body: string;
  requestId?: string;
  outcome: IngestStatus | "handshake" | "unavailable";
}

const json = (status: number, body: unknown, outcome: IngestAnswer["outcome"], requestId?: string): IngestAnswer =>
  ({ status, contentType: "application/json", body: JSON.stringify(body), outcome, requestId });

/** The running delivery engine, which takes new deliveries in the capturing transaction (store/hand-over.ts). */
const handOverOf = (ctx: AppContext) => (ctx.services.delivery as DeliveryHandOver | undefined) ?? null;

export function createIngestPipeline(ctx: AppContext) {
  const svc = inboundOf(ctx);

  return async function ingest(source: SourceRow, input: IngestInput): Promise<IngestAnswer> {
    const now = ctx.clock.now();
    const options = readOptions(source.options);
    const verifier = getVerifier(source.type);
    const config = svc.configs.open(source.configEnc);
    const contentType = input.headers.get("content-type") ?? "application/octet-stream";
    const verifyReq = { method: input.method, path: input.fullPath, query: new URLSearchParams(input.query), headers: input.headers, rawBody: input.body };

    let rejection: { status: number; code: string; reason: string } | null = null;
    if (options.ipAllowlist && !(input.ip && ipAllowed(input.ip, options.ipAllowlist))) {
      rejection = { status: 403, code: "forbidden", reason: `sender address ${input.ip ?? "unknown"} is not in the source's IP allow-list` };
    } else if (!verifier || !config) {
      rejection = { status: 401, code: "verification_failed", reason: !verifier ? `unsupported source type ${source.type}` : "source config cannot be decrypted" };
    } else {
      // Challenges are answered as the provider expects and never ingested (nor forwarded).
      const hs = verifier.handshake?.(verifyReq, config, now);
      if (hs) return { status: hs.status, contentType: hs.contentType, body: hs.body, outcome: "handshake" };
      const v = verifier.verify(verifyReq, config, now);
      if (!v.ok) rejection = { status: 401, code: "verification_failed", reason: v.reason };
    }

    // Verified (or refused) with the credential; everything after sees the request without it.
    const kept = withoutCredentials(credentialNames(verifier, config), [...input.headers] as [string, string][], input.query);
    const headerList = kept.headers;
    const query = kept.query;

    const id = newId("msg", now);
    let parsed: unknown;
    let parsedDone = false;
    const body = () => { if (!parsedDone) { parsed = parseBody(input.body, contentType); parsedDone = true; } return parsed; };

    let status: "accepted" | "rejected" | "filtered" = "accepted";
    let endpointIds: string[] = [];
    if (rejection) status = "rejected";
    else {
      const targets = svc.endpoints.fanout(source.id).filter((t) => !t.disabled);
      if (targets.length) {
        // Built (and the body parsed) only when some endpoint has a filter: parsing every body was 2 % of
        // the relay's main thread in the inbound benchmark, whose endpoint has none.
        let filterInput: ReturnType<typeof filterInputOf> | undefined;
        const filterInputNow = () => (filterInput ??= filterInputOf({ headers: headerList, query, path: input.subPath }, body()));
        endpointIds = targets.filter((t) => !t.filter || matchFilter(readJson<Filter>(t.filter, {}), filterInputNow())).map((t) => t.id);
        if (!endpointIds.length) status = "filtered";
      }
    }
    const dedupeKey = !rejection && options.dedupe ? dedupeKeyOf(options.dedupe, input.headers, body()) : null;

    let committed: { seq: number; status: IngestStatus; left: number };
    try {
      committed = await svc.requests.capture({
        id, sourceId: source.id, method: input.method, path: input.subPath, query, headers: headerList, ip: input.ip,
        status, reason: rejection?.reason ?? null, dedupe: dedupeKey ? { key: dedupeKey, since: now - options.dedupe!.windowSec * 1000 } : null,
        body: input.body, contentType, eventType: rejection ? "ingest" : eventTypeOf(source.type, input.headers, body), createdAt: now, endpointIds,
      }, endpointIds.length ? handOverOf(ctx) : null);
    } catch (e) {
      ctx.log.warn("ingest commit failed", { source: source.id, error: (e as Error).message });
      if (rejection) return json(rejection.status, { code: rejection.code, detail: rejection.reason }, "rejected");
      // Never acknowledge what is not committed: the provider keeps it and retries.
      return json(503, { code: "storage_unavailable", detail: "Storage is full or unavailable; retry later" }, "unavailable");
    }
    ctx.log.debug("ingest", { source: source.id, id, status: committed.status, bytes: input.body.length });

    if (rejection) return json(rejection.status, { code: rejection.code, detail: rejection.reason }, "rejected", id);
    // Deliveries the engine took were started at COMMIT; only rows left pending need its scan.
    if (committed.status === "accepted" && committed.left > 0) ctx.scheduler.wake("deliveries");
    if (committed.status === "accepted" || committed.status === "filtered") {
      svc.bus.publish({
        seq: committed.seq, id, sourceId: source.id, method: input.method, path: input.subPath, query, headers: headerList,
        ip: input.ip, contentType, body: input.body, status: committed.status, createdAt: now,
      });
    }
    const r = options.response;
    if (r) return { status: r.status, contentType: r.contentType, body: r.body, outcome: committed.status, requestId: id };
    return json(200, { id, status: committed.status }, committed.status, id);
  };
}
