import { Icon, type IconName } from "./icon.tsx";

export type FlashKind = "success" | "error" | "warning" | "info";

export interface FlashMessage {
  kind: FlashKind;
  message: string;
}

const ICON: Record<FlashKind, IconName> = { success: "check", error: "alert", warning: "alert", info: "info" };

/**
 * A dismissible notice. Errors use role="alert" (announced at once); the rest role="status".
 * Also usable as an htmx out-of-band swap into `#flash` (pass `oob`).
 */
export function Flash(props: FlashMessage & { oob?: boolean }) {
  return (
    <div
      class={["flash", `flash-${props.kind}`]}
      role={props.kind === "error" ? "alert" : "status"}
      hx-swap-oob={props.oob ? "beforeend:#flash" : undefined}
    >
      <Icon name={ICON[props.kind]} size={16} />
      <p class="flash-text" safe>{props.message}</p>
      <button type="button" class="flash-close" data-dismiss="" aria-label="Dismiss">
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
