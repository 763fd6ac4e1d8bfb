import { CopyButton } from "../components/copy-button.tsx";
import { StatusPageShell, type StatusPageShellProps } from "./not-found.tsx";

export interface ErrorPageProps extends StatusPageShellProps {
  /** HTTP status; 500 by default. */
  status?: number;
  /** Safe-to-show summary. Never pass a stack trace or SQL here: it is shown to the user. */
  message?: string;
  /** Correlates the page with the server log line; shown with a copy button. */
  requestId?: string;
}

// Heading and next step per status; anything else is a 500-style "something went wrong".
const KNOWN: Record<number, [string, string]> = {
  400: ["That request didn’t look right", "Check the form or the link and try again."],
  401: ["Please sign in", "Your session may have expired."],
  403: ["You don’t have access to this", "Ask an admin if you need access."],
  409: ["That conflicts with the current state", "Reload the page to see the latest state, then try again."],
  429: ["Too many requests", "Wait a moment and try again."],
  503: ["hookrelay is starting or shutting down", "Try again in a few seconds."],
};
const GENERIC: [string, string] = [
  "Something went wrong",
  "The error was logged. Try again, and if it keeps happening, check the server log.",
];

export function ErrorPage(props: ErrorPageProps) {
  const status = props.status ?? 500;
  const [heading, advice] = KNOWN[status] ?? GENERIC;
  return (
    <StatusPageShell {...props} title={status >= 500 ? "Error" : heading}>
      <section class="status-page" aria-labelledby="status-title">
        <p class="status-code">{status}</p>
        <h1 id="status-title" safe>{heading}</h1>
        <p class="muted" safe>
          {props.message ?? advice}
        </p>
        {props.requestId ? (
          <p class="status-request-id">
            <span class="muted">Request ID</span>
            <code safe>{props.requestId}</code>
            <CopyButton text={props.requestId} label="request ID" compact />
          </p>
        ) : ""}
        <div class="status-actions">
          <a class="btn btn-primary" href="/">Go to the dashboard</a>
        </div>
      </section>
    </StatusPageShell>
  );
}
