import { describe, expect, test } from "bun:test";
import { ErrorPage } from "../../../views/pages/error.tsx";
import { NotFoundPage } from "../../../views/pages/not-found.tsx";
import { injectedElements, render, XSS, XSS_ESCAPED } from "../render.ts";

const user = { email: "ada@example.com", role: "member" };

describe("NotFoundPage", () => {
  test("keeps the app shell for a signed-in user", async () => {
    const html = await render(<NotFoundPage version="1" user={user} csrfToken="t" />);
    expect(html).toContain('aria-label="Main"');
    expect(html).toContain("<title>Not found · hookrelay</title>");
    expect(html).toContain("404");
    expect(html).toContain("This page doesn’t exist");
  });

  test("renders bare for visitors who are not signed in", async () => {
    const html = await render(<NotFoundPage version="1" />);
    expect(html).not.toContain('aria-label="Main"');
    expect(html).toContain('href="/"');
  });

  test("names the missing thing and echoes the path escaped", async () => {
    const html = await render(<NotFoundPage version="1" thing="application" path={`/applications/${XSS}`} />);
    expect(html).toContain("This application doesn’t exist");
    expect(html).toContain(`/applications/${XSS_ESCAPED}`);
    expect(injectedElements(html)).toEqual([]);
  });
});

describe("ErrorPage", () => {
  test("defaults to 500 with a generic, non-leaking message", async () => {
    const html = await render(<ErrorPage version="1" />);
    expect(html).toContain('<p class="status-code">500</p>');
    expect(html).toContain("Something went wrong");
    expect(html).toContain("check the server log");
  });

  test("shows the request ID with a copy button so it can be matched to the log", async () => {
    const html = await render(<ErrorPage version="1" requestId="req_123" />);
    expect(html).toContain("<code>req_123</code>");
    expect(html).toContain('data-copy="req_123"');
  });

  test("titles known statuses in words", async () => {
    expect(await render(<ErrorPage version="1" status={403} user={user} csrfToken="t" />)).toContain("You don’t have access to this");
  });

  test("escapes the message and request ID", async () => {
    const html = await render(<ErrorPage version="1" message={XSS} requestId={XSS} />);
    expect(injectedElements(html)).toEqual([]);
  });
});
