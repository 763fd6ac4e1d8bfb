import { Field } from "../components/field.tsx";
import { BareLayout } from "../layouts/base.tsx";

export interface SetupPageProps {
  version: string;
  /** The one-time setup token from the startup log, posted back in a hidden field. Empty when it
   *  was missing or invalid: the page then shows `error` and how to get a new link, no form. */
  token: string;
  csrfToken?: string;
  email?: string;
  /** Per-field messages from validation (422). */
  errors?: { email?: string; password?: string; confirm?: string };
  /** A form-level message, e.g. an expired token. */
  error?: string;
  /** Minimum password length enforced by the server, shown as a hint. */
  minPasswordLength?: number;
}

/** First run: create the first admin. POST /setup with token, email, password, confirm, `_csrf`. */
export function SetupPage(props: SetupPageProps) {
  const min = props.minPasswordLength ?? 12;
  const errors = props.errors ?? {};
  // Focus the first field that needs fixing; on a fresh form, the email.
  const focus = errors.email ? "email" : errors.password ? "password" : errors.confirm ? "confirm" : "email";
  return (
    <BareLayout title="Set up" csrfToken={props.csrfToken} version={props.version}>
      <section class="card auth-card" aria-labelledby="setup-title">
        <p class="eyebrow">First run</p>
        <h1 id="setup-title" class="auth-title">Create the admin account</h1>
        {props.token ? (
          <p class="auth-subtitle muted">
            This account can manage applications, sources, users and API tokens. You can add
            more users later from Settings or with <code>hookrelay user add</code>.
          </p>
        ) : ""}
        {props.error ? (
          <div class="alert alert-danger" role="alert">
            <p safe>{props.error}</p>
          </div>
        ) : ""}
        {props.token ? (
          <form method="post" action="/setup" class="form">
            <input type="hidden" name="token" value={props.token} />
            {props.csrfToken ? <input type="hidden" name="_csrf" value={props.csrfToken} /> : ""}
            <Field label="Email" name="email" type="email" value={props.email} autocomplete="username"
              required autofocus={focus === "email"} error={errors.email} />
            <Field label="Password" name="password" type="password" autocomplete="new-password" required
              autofocus={focus === "password"} minlength={min}
              hint={`At least ${min} characters. A passphrase works well.`} error={errors.password} />
            <Field label="Confirm password" name="confirm" type="password" autocomplete="new-password" required
              autofocus={focus === "confirm"} error={errors.confirm} />
            <button type="submit" class="btn btn-primary btn-block">Create admin and sign in</button>
          </form>
        ) : (
          <p class="muted">
            The setup link is printed in the server log at startup. Or create the admin from a shell:{" "}
            <code>hookrelay user add EMAIL --admin</code>
          </p>
        )}
      </section>
    </BareLayout>
  );
}
