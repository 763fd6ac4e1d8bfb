// Sends one captured request to the developer's local server exactly as it arrived: original method,
// headers (minus hop-by-hop) and raw body bytes. The sub-path and query are appended to --forward.
import { classifyError } from "../../delivery/net/error-class";
import { endToEnd } from "../http-headers";
import { decodeBody } from "../body-encoding";
import { describeNetError, type ListenEvent } from "./api-client";

export type ForwardResult =
  | { ok: true; url: string; status: number; headers: Record<string, string>; body: string; durationMs: number; sentHeaders: Record<string, string> }
  | { ok: false; url: string; errorClass: string; error: string; durationMs: number; sentHeaders: Record<string, string>; reached: boolean };

const MAX_BODY_REPORTED = 64 * 1024;

export function targetUrl(forward: string, ev: Pick<ListenEvent, "path" | "query">): string {
  const u = new URL(forward);
  if (ev.path && ev.path !== "/") u.pathname = u.pathname.replace(/\/$/, "") + ev.path;
  for (const [k, v] of new URLSearchParams(ev.query)) u.searchParams.append(k, v);
  return u.toString();
}

export async function forward(forwardUrl: string, ev: ListenEvent, timeoutMs: number): Promise<ForwardResult> {
  const url = targetUrl(forwardUrl, ev);
  const headers: Record<string, string> = {};
  for (const [k, v] of endToEnd(ev.headers)) headers[k] = v;
  const method = ev.method.toUpperCase();
  const body = method === "GET" || method === "HEAD" ? undefined : decodeBody(ev.body, ev.bodyEncoding);
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const timedOut = (e as { name?: string }).name === "TimeoutError";
    const c = timedOut ? { errorClass: "timeout", error: `no answer within ${timeoutMs} ms` } : { errorClass: classifyError(e, "connect").errorClass, error: describeNetError(e) };
    // A timeout means the request reached the server, so it is not retried.
    return { ok: false, url, errorClass: c.errorClass, error: c.error, durationMs: ms(), sentHeaders: headers, reached: timedOut };
  }
  let text = "";
  try {
    const buf = new Uint8Array(await res.arrayBuffer());
    text = new TextDecoder().decode(buf.subarray(0, MAX_BODY_REPORTED));
  } catch { /* the status is what matters */ }
  return { ok: true, url, status: res.status, headers: Object.fromEntries(res.headers), body: text, durationMs: ms(), sentHeaders: headers };
}
