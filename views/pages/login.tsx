import { Field } from "../components/field.tsx";
import { BareLayout } from "../layouts/base.tsx";

export interface LoginPageProps {
  version: string;
  /** Pre-session CSRF token (double-submit cookie), sent back as `_csrf` when given. */
  csrfToken?: string;
  /** Keeps what the user typed after a failed attempt. */
  email?: string;
  /** One message for any failure: never say whether the email exists. */
  error?: string;
  /** Where to go after signing in; the route must check it is a local path. */
  next?: string;
}

/** POST /login with email, password, `_csrf` and `next`. */
export function LoginPage(props: LoginPageProps) {
  return (
    <BareLayout title="Sign in" csrfToken={props.csrfToken} version={props.version}>
      <section class="card auth-card" aria-labelledby="login-title">
        <h1 id="login-title" class="auth-title">Sign in</h1>
        <p class="auth-subtitle muted">Welcome back. Sign in to manage your webhooks.</p>
        {props.error ? (
          <div class="alert alert-danger" role="alert" id="login-error">
            <p safe>{props.error}</p>
          </div>
        ) : ""}
        <form method="post" action="/login" class="form" aria-describedby={props.error ? "login-error" : undefined}>
          {props.csrfToken ? <input type="hidden" name="_csrf" value={props.csrfToken} /> : ""}
          {props.next ? <input type="hidden" name="next" value={props.next} /> : ""}
          <Field
            label="Email"
            name="email"
            type="email"
            value={props.email}
            autocomplete="username"
            required
            autofocus={!props.email}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            autofocus={!!props.email}
          />
          <button type="submit" class="btn btn-primary btn-block">Sign in</button>
        </form>
        <p class="auth-help muted">
          Forgot your password? An admin can reset it with <code>hookrelay user passwd EMAIL</code>.
        </p>
      </section>
    </BareLayout>
  );
}
