import type { Children } from "@kitajs/html";
import { Icon, type IconName } from "./icon.tsx";

/**
 * What a list shows when it has no rows: says what would be here and the next step, as
 * Svix/Hookdeck do, instead of an empty table. `children` is for extra safe markup
 * (e.g. a curl snippet); user text goes through `title`/`description`, which are escaped.
 */
export function EmptyState(props: {
  title: string;
  description?: string;
  icon?: IconName;
  action?: { href: string; label: string };
  /** Smaller variant for use inside cards. */
  compact?: boolean;
  children?: Children;
}) {
  return (
    <div class={["empty-state", props.compact && "empty-state-compact"]}>
      <div class="empty-state-icon">
        <Icon name={props.icon ?? "inbox"} size={props.compact ? 18 : 22} />
      </div>
      <p class="empty-state-title" safe>{props.title}</p>
      {props.description ? <p class="empty-state-text" safe>{props.description}</p> : ""}
      {props.children ?? ""}
      {props.action ? (
        <a class="btn btn-primary" href={props.action.href} safe>{props.action.label}</a>
      ) : ""}
    </div>
  );
}
