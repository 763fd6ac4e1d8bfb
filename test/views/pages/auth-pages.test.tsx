import { describe, expect, test } from "bun:test";
import { LoginPage } from "../../../views/pages/login.tsx";
import { SetupPage } from "../../../views/pages/setup.tsx";
import { count, injectedElements, render, XSS, XSS_ATTR } from "../render.ts";

describe("LoginPage", () => {
  test("posts email and password to /login with labelled, autocompletable fields", async () => {
    const html = await render(<LoginPage version="1.0.0" />);
    expect(html).toContain('<form method="post" action="/login"');
    expect(html).toContain('<label class="field-label" for="f-email">');
    expect(html).toContain('autocomplete="username"');
    expect(html).toContain('autocomplete="current-password"');
    expect(html).toContain('<button type="submit" class="btn btn-primary btn-block">Sign in</button>');
    expect(html).toContain("<title>Sign in · hookrelay</title>");
  });

  test("shows the error as an alert and keeps the typed email after a failed attempt", async () => {
    const html = await render(<LoginPage version="1" email="ada@example.com" error="Wrong email or password." />);
    expect(html).toContain('role="alert"');
    expect(html).toContain("Wrong email or password.");
    expect(html).toContain('value="ada@example.com"');
    // Focus moves to the password, since the email is already filled in.
    expect(html).toMatch(/name="password"[^>]*autofocus/);
    expect(html).not.toMatch(/name="email"[^>]*autofocus/);
  });

  test("carries the CSRF token and next path as hidden fields when given", async () => {
    const html = await render(<LoginPage version="1" csrfToken="pre" next="/messages" />);
    expect(html).toContain('<input type="hidden" name="_csrf" value="pre"/>');
    expect(html).toContain('<input type="hidden" name="next" value="/messages"/>');
    expect(await render(<LoginPage version="1" />)).not.toContain('name="_csrf"');
  });

  test("escapes the error, email and next", async () => {
    const html = await render(<LoginPage version="1" email={XSS_ATTR} error={XSS} next={XSS_ATTR} csrfToken={XSS_ATTR} />);
    expect(injectedElements(html)).toEqual([]);
  });
});

describe("SetupPage", () => {
  test("posts the setup token back in a hidden field with email, password and confirmation", async () => {
    const html = await render(<SetupPage version="1" token="tok_abc" csrfToken="c" minPasswordLength={8} />);
    expect(html).toContain('<form method="post" action="/setup"');
    expect(html).toContain('<input type="hidden" name="token" value="tok_abc"/>');
    expect(html).toContain('<input type="hidden" name="_csrf" value="c"/>');
    expect(count(html, 'type="password"')).toBe(2);
    expect(html).toContain('autocomplete="new-password"');
    expect(html).toContain("At least 8 characters");
    expect(html).toContain('minlength="8"');
  });

  test("shows each field's error next to it and focuses the first invalid field", async () => {
    const html = await render(<SetupPage version="1" token="t" email="a@b.c" errors={{ password: "Too short", confirm: "No match" }} />);
    expect(html).toContain('<p class="field-error" id="f-password-error">Too short</p>');
    expect(html).toContain('<p class="field-error" id="f-confirm-error">No match</p>');
    expect(html).toMatch(/name="password"[^>]*autofocus/);
    expect(count(html, "autofocus")).toBe(1);
    expect(html).toContain('value="a@b.c"');
  });

  test("shows only the error and the CLI fallback, no form, when the token is missing or invalid", async () => {
    const html = await render(<SetupPage version="1" token="" error="This setup link expired." />);
    expect(html).toContain("This setup link expired.");
    expect(html).not.toContain("<form");
    expect(html).toContain("hookrelay user add EMAIL --admin");
  });

  test("escapes the email, errors and token", async () => {
    const html = await render(<SetupPage version="1" token={XSS_ATTR} email={XSS_ATTR} error={XSS} errors={{ email: XSS, password: XSS, confirm: XSS }} />);
    expect(injectedElements(html)).toEqual([]);
  });
});
