// The endpoint form: text fields as typed ⇄ EndpointFields. Checks reuse the API's (destination URL
// policy, header rules, event types that exist), so the UI cannot store what the API would refuse.
import type { AppContext } from "../../app-context";
import type { EndpointFields, EndpointRow } from "../../store/endpoints";
import type { EventTypeStore } from "../../store/event-types";
import { checkUrl } from "../api/endpoints";
import { checkHeaders } from "../api/endpoint-headers";
import { CHANNEL_RE } from "../api/validate";
import { ValidationError } from "../errors";
import type { EndpointFormErrors, EndpointFormValues } from "../../../views/pages/endpoint-form";
import type { Form } from "./ui-route";

/** Shown instead of a credential-like header's value; submitting it unchanged keeps the stored value. */
export const UNCHANGED = "(unchanged)";
const CREDENTIAL = /auth|cookie|token|key|secret|pass|signature|credential/i;

export const emptyValues = (): EndpointFormValues => ({ url: "", description: "", eventTypes: [], channels: "", headers: "", retrySchedule: "", timeoutSec: "", throttleRate: "" });

export function valuesOf(e: EndpointRow): EndpointFormValues {
  return {
    url: e.url,
    description: e.description,
    eventTypes: e.filterTypes ?? [],
    channels: (e.channels ?? []).join(", "),
    headers: Object.entries(e.headers).map(([k, v]) => `${k}: ${CREDENTIAL.test(k) ? UNCHANGED : v}`).join("\n"),
    retrySchedule: (e.retrySchedule ?? []).join(", "),
    timeoutSec: e.timeoutMs ? String(e.timeoutMs / 1000) : "",
    throttleRate: e.throttleRate ? String(e.throttleRate) : "",
  };
}

export function valuesFromForm(f: Form): EndpointFormValues {
  return {
    url: f.str("url"), description: f.str("description"), eventTypes: f.list("event_types"), channels: f.str("channels"),
    headers: f.str("headers"), retrySchedule: f.str("retry_schedule"), timeoutSec: f.str("timeout"), throttleRate: f.str("throttle_rate"),
  };
}

/** A comma- or space-separated field as its items. */
export const splitList = (s: string) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

/** Parses and checks the form; `errors` names each bad field in the user's words. */
export function parseEndpointForm(ctx: AppContext, eventTypes: Pick<EventTypeStore, "missing">, v: EndpointFormValues, base: EndpointRow | null):
  { ok: true; fields: EndpointFields } | { ok: false; errors: EndpointFormErrors } {
  const errors: EndpointFormErrors = {};
  let url = v.url;
  try { url = checkUrl(ctx, v.url); } catch (e) { if (e instanceof ValidationError) errors.url = v.url ? e.msg : "Enter the URL that receives the webhooks."; else throw e; }
  if (v.description.length > 10_000) errors.description = "At most 10,000 characters.";

  const types = [...new Set(v.eventTypes)];
  const missing = eventTypes.missing(types);
  if (missing.length) errors.eventTypes = `Unknown event type(s): ${missing.join(", ")}`;

  const channels = splitList(v.channels);
  if (channels.length > 10) errors.channels = "At most 10 channels.";
  else if (channels.some((c) => c.length > 128 || !CHANNEL_RE.test(c))) errors.channels = "Channels use letters, digits and - _ . : only.";

  const headers: Record<string, string> = {};
  for (const line of v.headers.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf(":");
    if (i <= 0) { errors.headers = `“${line.slice(0, 60)}” is not “Name: value”.`; break; }
    const name = line.slice(0, i).trim();
    let value = line.slice(i + 1).trim();
    if (value === UNCHANGED) value = Object.entries(base?.headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? "";
    headers[name] = value;
  }
  let checkedHeaders: Record<string, string> = {};
  if (!errors.headers) {
    try { checkedHeaders = checkHeaders(headers, "headers"); } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors.headers = `${e.field.replace(/^headers\./, "")} ${e.msg}.`;
    }
  }

  const schedule = splitList(v.retrySchedule).map(Number);
  if (schedule.length > 20 || schedule.some((n) => !Number.isInteger(n) || n < 0 || n > 604_800)) {
    errors.retrySchedule = "Up to 20 whole numbers of seconds (0 to 604800), e.g. 0, 60, 600.";
  }
  const timeout = v.timeoutSec ? Number(v.timeoutSec) : null;
  if (timeout !== null && (!Number.isFinite(timeout) || timeout < 0.1 || timeout > 300)) errors.timeoutSec = "Between 0.1 and 300 seconds.";
  const throttle = v.throttleRate ? Number(v.throttleRate) : null;
  if (throttle !== null && (!Number.isInteger(throttle) || throttle < 1 || throttle > 65_535)) errors.throttleRate = "A whole number from 1 to 65535.";

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      url, description: v.description,
      uid: base?.uid ?? null, version: base?.version ?? 1, disabled: base?.disabled ?? false,
      maxInFlight: base?.maxInFlight ?? null, metadata: base?.metadata ?? {},
      filterTypes: types.length ? types : null,
      channels: channels.length ? channels : null,
      headers: checkedHeaders,
      retrySchedule: schedule.length ? schedule : null,
      timeoutMs: timeout === null ? null : Math.round(timeout * 1000),
      throttleRate: throttle,
    },
  };
}
