import type { Children } from "@kitajs/html";

/**
 * A titled panel. `flush` removes the body padding so a table can run edge to edge.
 * `actions` sits right of the title (a "View all" link, a filter).
 */
export function Card(props: {
  title?: string;
  description?: string;
  actions?: Children;
  flush?: boolean;
  id?: string;
  class?: string;
  children?: Children;
}) {
  const headingId = props.id && props.title ? `${props.id}-title` : undefined;
  return (
    <section class={["card", props.class]} id={props.id} aria-labelledby={headingId}>
      {props.title ? (
        <header class="card-head">
          <div>
            <h2 class="card-title" id={headingId} safe>{props.title}</h2>
            {props.description ? <p class="card-description" safe>{props.description}</p> : ""}
          </div>
          {props.actions ? <div class="card-actions">{props.actions as Children}</div> : ""}
        </header>
      ) : ""}
      <div class={props.flush ? "card-body-flush" : "card-body"}>{props.children ?? ""}</div>
    </section>
  );
}
