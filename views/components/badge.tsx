import type { Children } from "@kitajs/html";

/**
 * Status pills. Every badge carries its meaning as text plus a dot/colour, so state is never
 * conveyed by colour alone (WCAG 1.4.1) and the words stay greppable in tests.
 */

export type Tone = "success" | "danger" | "warning" | "info" | "neutral" | "purple" | "rose" | "accent";

/** A status as stored (delivery, ingest request, endpoint state) → what users read. */
const STATUS: Record<string, { label: string; tone: Tone }> = {
  success: { label: "Succeeded", tone: "success" },
  succeeded: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  pending: { label: "Pending", tone: "warning" },
  retrying: { label: "Retrying", tone: "warning" },
  sending: { label: "Sending", tone: "info" },
  disabled: { label: "Disabled", tone: "neutral" },
  rejected: { label: "Rejected", tone: "rose" },
  filtered: { label: "Filtered", tone: "purple" },
  accepted: { label: "Accepted", tone: "success" },
  duplicate: { label: "Duplicate", tone: "neutral" },
  enabled: { label: "Enabled", tone: "success" },
  active: { label: "Active", tone: "success" },
  failing: { label: "Failing", tone: "danger" },
  archived: { label: "Archived", tone: "neutral" },
  deprecated: { label: "Deprecated", tone: "warning" },
};

/** Maps a stored status to its label and tone; unknown values keep their text, neutral tone. */
export function statusInfo(status: string): { label: string; tone: Tone } {
  return STATUS[status.toLowerCase()] ?? { label: status, tone: "neutral" };
}

/** Generic pill. `children` must already be safe markup; pass user text through `label`. */
export function Badge(props: { tone?: Tone; label?: string; dot?: boolean; title?: string; children?: Children }) {
  const { tone = "neutral", dot = false, title } = props;
  return (
    <span class={["badge", `badge-${tone}`, dot && "badge-dot"]} title={title}>
      {props.label !== undefined ? <span safe>{props.label}</span> : props.children}
    </span>
  );
}

/** A status badge: `<StatusBadge status="failed" />` → red "Failed". `sending` pulses. */
export function StatusBadge({ status, title }: { status: string; title?: string }) {
  const { label, tone } = statusInfo(status);
  return (
    <span class={["badge", `badge-${tone}`, "badge-dot", status === "sending" && "badge-live"]} data-status={status} title={title}>
      <span safe>{label}</span>
    </span>
  );
}

/** HTTP response status: 2xx green, 3xx blue, 4xx amber, 5xx red; null reads "No response". */
export function HttpStatusBadge({ code, title }: { code: number | null | undefined; title?: string }) {
  if (code === null || code === undefined || code <= 0) {
    return <span class="badge badge-neutral badge-mono" title={title}>No response</span>;
  }
  const tone: Tone = code >= 500 ? "danger" : code >= 400 ? "warning" : code >= 300 ? "info" : code >= 200 ? "success" : "neutral";
  return <span class={["badge", "badge-mono", `badge-${tone}`]} title={title}>{Math.trunc(code)}</span>;
}

const METHOD_TONE: Record<string, Tone> = {
  GET: "info", POST: "success", PUT: "warning", PATCH: "warning", DELETE: "danger", HEAD: "neutral", OPTIONS: "neutral",
};

/** HTTP method tag for request lists (the method comes from the wire, so it is escaped). */
export function MethodBadge({ method }: { method: string }) {
  const m = method.toUpperCase();
  return (
    <span class={["badge", "badge-mono", "badge-method", `badge-${METHOD_TONE[m] ?? "neutral"}`]} safe>
      {m}
    </span>
  );
}

/** Role chip next to a user's email. */
export function RoleBadge({ role }: { role: string }) {
  return <Badge tone={role === "admin" ? "accent" : "neutral"} label={role} />;
}
