/**
 * Hot routes that Bun's router serves without Elysia's per-request lifecycle (its context object,
 * hook chain and response mapping cost about 15–20 µs of CPU per request, a fifth of a message
 * POST; docs/benchmarks.md). A native handler gets exactly what Elysia's hooks would have done
 * first, in the same order: the shutdown refusal, the header-count and declared-size limits, and
 * the server's error mapping for whatever it throws; it does its own authentication. The same
 * route stays registered in Elysia, which answers `app.handle()` (in-process callers).
 */
import type { AppContext } from "../app-context";
import { earlyRefusal } from "./limits";
import { pathOf } from "./request-url";

/** A request served by Bun's router directly; `params` are the path's named parts, decoded. */
export type NativeRequest = Request & { params: Record<string, string> };
export type NativeServer = { requestIP(r: Request): { address: string } | null };
export type NativeHandler = (request: NativeRequest, server: NativeServer) => Response | Promise<Response>;

interface NativeRoute {
  method: string;
  path: string;
  make: (ctx: AppContext) => NativeHandler;
  subPaths: boolean;
}
const nativeRoutes: NativeRoute[] = [];

/**
 * `method` "ALL" takes every method. With `subPaths`, `path/anything` is served too (the ingest
 * URL's sub-paths); without, only `path` and `path/` (Elysia's trailing-slash rule).
 */
export function registerNativeRoute(method: string, path: string, make: (ctx: AppContext) => NativeHandler, opts: { subPaths?: boolean } = {}) {
  nativeRoutes.push({ method, path, make, subPaths: opts.subPaths ?? false });
}

/** During shutdown a browser's EventSource (or smee-client) reconnects within seconds; accepting it would hold the drain. */
export function shutdownRefusal(ctx: AppContext, request: Request): Response | undefined {
  if (ctx.stopping && (request.headers.get("accept") ?? "").includes("text/event-stream")) {
    return new Response("hookrelay is restarting; reconnect shortly", { status: 503, headers: { "retry-after": "5", "content-type": "text/plain; charset=utf-8" } });
  }
}

type Routes = Record<string, NativeHandler | Record<string, NativeHandler>>;

/**
 * Bun's `routes` for the registered handlers, for Elysia's serve config (merged over its own).
 * Bun matches `path` and `path/` separately, and Elysia folds a `…/` key into `…`, so the slashed
 * form is the wildcard `path/*`; without `subPaths` its handler passes anything longer than the
 * bare slash on to Elysia. Bun prefers every static or parameter route over a wildcard.
 */
export function bunRoutes(ctx: AppContext, onError: (error: unknown, request: Request) => Response, elysia: () => (request: Request) => Response | Promise<Response>): Routes {
  const refuse = earlyRefusal(ctx);
  const routes: Routes = {};
  const add = (path: string, method: string, handler: NativeHandler) => {
    if (method === "ALL") { routes[path] = handler; return; }
    const byMethod = (routes[path] ??= {}) as Record<string, NativeHandler>;
    byMethod[method] = handler;
  };
  for (const r of nativeRoutes) {
    const handle = r.make(ctx);
    const guarded: NativeHandler = async (request, server) => {
      try {
        return shutdownRefusal(ctx, request) ?? refuse(request) ?? await handle(request, server);
      } catch (error) {
        return onError(error, request);
      }
    };
    add(r.path, r.method, guarded);
    if (r.subPaths) { add(`${r.path}/*`, r.method, guarded); continue; }
    const tail = `${r.path.slice(r.path.lastIndexOf("/"))}/`;
    const depth = slashes(r.path) + 1;
    add(`${r.path}/*`, r.method, (request, server) => {
      const path = pathOf(request.url);
      return path.endsWith(tail) && slashes(path) === depth ? guarded(request, server) : elysia()(request);
    });
  }
  return routes;
}

function slashes(path: string): number {
  let n = 0;
  for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) n++;
  return n;
}
