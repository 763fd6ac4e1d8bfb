import type { Children } from "@kitajs/html";
import { Icon, type IconName } from "./icon.tsx";

export type StatTone = "neutral" | "good" | "warn" | "bad";

/**
 * One headline number. The tone tints the value and adds a word to the hint for screen
 * readers ("needs attention"), so the signal is not colour-only.
 */
export function StatCard(props: {
  label: string;
  /** Already formatted (formatPercent, formatDuration…): the card does no maths. */
  value: string | number;
  hint?: string;
  tone?: StatTone;
  icon?: IconName;
  href?: string;
  /** Extra safe markup under the value, e.g. a sparkline. */
  children?: Children;
}) {
  const tone = props.tone ?? "neutral";
  const body = (
    <>
      <p class="stat-label">
        {props.icon ? <Icon name={props.icon} size={14} /> : ""}
        <span safe>{props.label}</span>
      </p>
      <p class="stat-value" safe>{props.value}</p>
      {props.hint ? <p class="stat-hint" safe>{props.hint}</p> : ""}
      {tone === "bad" || tone === "warn" ? <span class="sr-only">Needs attention.</span> : ""}
      {props.children ?? ""}
    </>
  );
  return props.href ? (
    <a class={["card", "stat-card", `stat-${tone}`, "stat-link"]} href={props.href}>{body}</a>
  ) : (
    <div class={["card", "stat-card", `stat-${tone}`]}>{body}</div>
  );
}
