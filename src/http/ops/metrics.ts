// GET /metrics (Prometheus text), opt-in: on the main listener with --metrics, or on its own
// address with --metrics-listen (then the main listener has no /metrics at all).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { splitListen } from "../../config/load";
import { PROMETHEUS_CONTENT_TYPE } from "../../ops/metrics/registry";
import type { HookrelayMetrics } from "../../ops/metrics/hookrelay-metrics";

const respond = (m: HookrelayMetrics) => new Response(m.render(), { headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" } });

export function metricsRoutes(ctx: AppContext, metrics: HookrelayMetrics | null) {
  const app = new Elysia();
  if (!metrics || ctx.config.metricsListen) return app;
  return app.get("/metrics", () => respond(metrics));
}

/** The separate metrics listener; returns its URL. Only /metrics (and /healthz for probes) answer there. */
export function startMetricsListener(ctx: AppContext, metrics: HookrelayMetrics): string {
  const [host, port] = splitListen(ctx.config.metricsListen!);
  const server = Bun.serve({
    hostname: host.replace(/^\[|\]$/g, "") || "0.0.0.0",
    port,
    fetch(req) {
      const path = new URL(req.url).pathname;
      if (req.method === "GET" && path === "/metrics") return respond(metrics);
      if (req.method === "GET" && path === "/healthz") return Response.json({ status: "ok" });
      return new Response("not found\n", { status: 404 });
    },
  });
  ctx.onStop.push(() => { server.stop(true); });
  const h = server.hostname ?? "127.0.0.1";
  return `http://${h.includes(":") ? `[${h}]` : h}:${server.port}`;
}
