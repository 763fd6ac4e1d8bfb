// GET /docs — a readable API reference rendered on the server from the route catalog:
// every route with its method, parameters, body schema and an example. Self-contained HTML
// (inline CSS, no scripts, no CDN), rendered once at startup.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { buildInfo } from "../../build-info";
import { ROUTES, pathParams, type RouteDoc } from "../api/catalog";
import { SCHEMAS } from "../api/openapi-schemas";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const anchor = (r: RouteDoc) => `${r.method}-${r.path}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");

function schemaFields(name: string): string {
  const s = SCHEMAS[name] as { properties?: Record<string, { type?: string; format?: string; nullable?: boolean; description?: string; $ref?: string; items?: { type?: string } }>; required?: string[] };
  if (!s?.properties) return "";
  const rows = Object.entries(s.properties).map(([k, p]) => {
    const type = p.$ref ? p.$ref.split("/").pop()! : p.type === "array" ? `${p.items?.type ?? "object"}[]` : p.format ?? p.type ?? "any";
    const req = s.required?.includes(k) ? " <b>required</b>" : "";
    return `<tr><td><code>${esc(k)}</code>${req}</td><td>${esc(type)}${p.nullable ? " | null" : ""}</td><td>${esc(p.description ?? "")}</td></tr>`;
  });
  return `<table><thead><tr><th>${esc(name)}</th><th>type</th><th></th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function curl(r: RouteDoc, base: string): string {
  const path = r.path.replace(/\{(\w+)\}/g, (_, p: string) => ({ app_id: "acme", endpoint_id: "ep_…", msg_id: "msg_…", attempt_id: "atmpt_…", task_id: "qtask_…", event_type_name: "invoice.paid" })[p] ?? p);
  const parts = [`curl -X ${r.method} '${base}${path}'`];
  if (r.auth !== false) parts.push(`-H 'Authorization: Bearer $HOOKRELAY_TOKEN'`);
  if (r.example !== undefined) parts.push(`-H 'Content-Type: application/json'`, `-d '${JSON.stringify(r.example)}'`);
  return parts.join(" \\\n  ");
}

function section(r: RouteDoc, base: string): string {
  const params = [
    ...pathParams(r.path).map((p) => `<tr><td><code>${p}</code></td><td>path</td><td>${p.endsWith("_id") ? "id or uid" : "name"}</td></tr>`),
    ...(r.query ?? []).map(([n, t, d]) => `<tr><td><code>${esc(n)}</code></td><td>query, ${esc(t)}</td><td>${esc(d)}</td></tr>`),
    ...(r.method === "POST" ? [`<tr><td><code>Idempotency-Key</code></td><td>header</td><td>a repeat within the TTL returns the first response</td></tr>`] : []),
  ];
  return `<section id="${anchor(r)}">
<h3><span class="m ${r.method.toLowerCase()}">${r.method}</span> <code>${esc(r.path)}</code></h3>
<p>${esc(r.summary)}. <small>svix SDK: <code>${esc(r.svix)}</code> · answers ${r.status}${r.auth === false ? " · no token needed" : ""}</small></p>
${params.length ? `<table><thead><tr><th>parameter</th><th>in</th><th></th></tr></thead><tbody>${params.join("")}</tbody></table>` : ""}
${r.body ? schemaFields(r.body) : ""}
${r.response ? `<p>Response: <code>${esc(r.response)}</code></p>` : ""}
<pre>${esc(curl(r, base))}</pre>
</section>`;
}

export function renderDocsPage(baseUrl: string): string {
  const tags = [...new Set(ROUTES.map((r) => r.tag))];
  const nav = tags.map((t) => `<li>${esc(t)}<ul>${ROUTES.filter((r) => r.tag === t).map((r) => `<li><a href="#${anchor(r)}"><span class="m ${r.method.toLowerCase()}">${r.method}</span> ${esc(r.path.replace("/api/v1", ""))}</a></li>`).join("")}</ul></li>`).join("");
  const body = tags.map((t) => `<h2>${esc(t)}</h2>${ROUTES.filter((r) => r.tag === t).map((r) => section(r, baseUrl)).join("\n")}`).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hookrelay API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#1c1c1c}
nav{width:320px;height:100vh;overflow:auto;position:sticky;top:0;padding:1rem;background:#f6f7f9;border-right:1px solid #e2e4e8;font-size:13px}
nav ul{list-style:none;padding-left:.5rem}nav a{color:inherit;text-decoration:none}
main{flex:1;max-width:960px;padding:1rem 2rem}
section{border-top:1px solid #e2e4e8;padding:.5rem 0}
table{border-collapse:collapse;margin:.5rem 0;font-size:13px}td,th{border:1px solid #e2e4e8;padding:.2rem .5rem;text-align:left;vertical-align:top}
pre{background:#0f172a;color:#e2e8f0;padding:.75rem;overflow:auto;border-radius:4px;font-size:12px}
.m{display:inline-block;min-width:3.5rem;font:bold 11px monospace;padding:1px 4px;border-radius:3px;color:#fff;text-align:center}
.get{background:#2563eb}.post{background:#16a34a}.put{background:#d97706}.patch{background:#9333ea}.delete{background:#dc2626}
</style></head><body>
<nav><b>hookrelay ${esc(buildInfo.version)}</b><ul>${nav}</ul></nav>
<main><h1>hookrelay API reference</h1>
<p>The API is Svix-compatible: <code>new Svix(token, { serverUrl: "${esc(baseUrl)}" })</code> works unchanged.
Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. Ids are prefixed (<code>app_</code>, <code>ep_</code>, <code>msg_</code>, <code>atmpt_</code>, <code>qtask_</code>);
wherever a path takes an id, the <code>uid</code> works too. Lists return <code>{data, iterator, prevIterator, done}</code>.
Errors are <code>{code, detail}</code>; validation errors (422) are <code>{detail: [{loc, msg, type}]}</code> naming the field.
The machine-readable document is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
${body}
</main></body></html>`;
}

export function docsPageRoutes(ctx: AppContext) {
  const html = renderDocsPage(ctx.config.baseUrl);
  return new Elysia().get("/docs", () => new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }));
}
