import type { Children } from "@kitajs/html";
import type { FlashMessage } from "../components/flash.tsx";
import { BareLayout, BaseLayout, type SessionUser } from "../layouts/base.tsx";

export interface StatusPageShellProps {
  version: string;
  /** With a user the page keeps the app shell (nav), otherwise it renders bare. */
  user?: SessionUser;
  csrfToken?: string;
  flash?: FlashMessage;
}

/** Shell choice shared by the 404 and error pages. */
export function StatusPageShell(props: StatusPageShellProps & { title: string; children?: Children }) {
  if (props.user && props.csrfToken) {
    return (
      <BaseLayout title={props.title} user={props.user} csrfToken={props.csrfToken} version={props.version} flash={props.flash}>
        {props.children ?? ""}
      </BaseLayout>
    );
  }
  return (
    <BareLayout title={props.title} csrfToken={props.csrfToken} version={props.version} flash={props.flash}>
      {props.children ?? ""}
    </BareLayout>
  );
}

export interface NotFoundPageProps extends StatusPageShellProps {
  /** The requested path, echoed back (escaped) so the user can spot a typo. */
  path?: string;
  /** What was missing, e.g. "application"; defaults to "page". */
  thing?: string;
}

export function NotFoundPage(props: NotFoundPageProps) {
  const thing = props.thing ?? "page";
  return (
    <StatusPageShell {...props} title="Not found">
      <section class="status-page" aria-labelledby="status-title">
        <p class="status-code">404</p>
        <h1 id="status-title" safe>{`This ${thing} doesn’t exist`}</h1>
        <p class="muted">It may have been deleted, or the link is wrong.</p>
        {props.path ? <p><code class="status-path" safe>{props.path}</code></p> : ""}
        <div class="status-actions">
          <a class="btn btn-primary" href="/">Go to the dashboard</a>
          <a class="btn btn-secondary" href="/docs">Read the docs</a>
        </div>
      </section>
    </StatusPageShell>
  );
}
