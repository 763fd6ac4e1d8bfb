import { describe, expect, test } from "bun:test";
import { BareLayout, BaseLayout, versionLabel } from "../../../views/layouts/base.tsx";
import { NAV_ITEMS } from "../../../views/layouts/nav.tsx";
import { assetUrl, setAssetUrls } from "../../../views/lib/asset-urls.ts";
import { count, injectedElements, render, XSS, XSS_ATTR, XSS_ESCAPED } from "../render.ts";

const props = { title: "Applications", section: "applications" as const, user: { email: "ada@example.com", role: "admin" }, csrfToken: "tok123", version: "1.2.3" };

describe("BaseLayout", () => {
  test("starts with the doctype and titles the page '{page} · hookrelay'", async () => {
    const html = await render(<BaseLayout {...props}>x</BaseLayout>);
    expect(html).toStartWith("<!doctype html><html lang=\"en\">");
    expect(html).toContain("<title>Applications · hookrelay</title>");
  });

  test("exposes the CSRF token in a meta tag for htmx requests", async () => {
    expect(await render(<BaseLayout {...props} />)).toContain('<meta name="csrf-token" content="tok123"/>');
  });

  test("loads the stylesheet and the scripts from /assets in order, deferred", async () => {
    const html = await render(<BaseLayout {...props} />);
    expect(html).toContain(`<link rel="stylesheet" href="${assetUrl("app.css")}"/>`);
    const order = (["htmx.min.js", "htmx-ext-sse.js", "app.js"] as const).map((name) => html.indexOf(`<script src="${assetUrl(name)}" defer></script>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test("links the asset URLs the server set at startup (content-hashed), falling back to the plain ones", async () => {
    expect(assetUrl("app.js")).toStartWith("/assets/app.");
    const before = assetUrl("app.css");
    setAssetUrls({ "app.css": "/assets/app.0123456789ab.css" });
    try {
      expect(await render(<BaseLayout {...props} />)).toContain('<link rel="stylesheet" href="/assets/app.0123456789ab.css"/>');
    } finally { setAssetUrls({ "app.css": before }); }
  });

  test("lists every section in the nav and marks only the current one with aria-current", async () => {
    const html = await render(<BaseLayout {...props} />);
    for (const item of NAV_ITEMS) expect(html).toContain(`href="${item.href}"`);
    expect(count(html, "aria-current=")).toBe(1);
    expect(html).toContain('<a class="nav-link" href="/applications" aria-current="page">');
    expect(html).toContain('<nav class="nav" aria-label="Main">');
  });

  test("has no aria-current when no section is given", async () => {
    expect(await render(<BaseLayout {...props} section={undefined} />)).not.toContain("aria-current");
  });

  test("shows the signed-in user and a POST logout form carrying the CSRF token", async () => {
    const html = await render(<BaseLayout {...props} />);
    expect(html).toContain("ada@example.com");
    expect(html).toContain(">admin<");
    expect(html).toMatch(/<form method="post" action="\/logout"[^>]*><input type="hidden" name="_csrf" value="tok123"\/><button type="submit"/);
  });

  test("omits the user block when signed out", async () => {
    expect(await render(<BaseLayout {...props} user={undefined} />)).not.toContain("/logout");
  });

  test("puts the version in the footer", async () => {
    expect(await render(<BaseLayout {...props} />)).toMatch(/<footer class="footer"><span>hookrelay v1\.2\.3<\/span>/);
  });

  test("renders one flash or several into the #flash live region", async () => {
    const one = await render(<BaseLayout {...props} flash={{ kind: "success", message: "Saved" }} />);
    expect(one).toContain('<div id="flash" class="flash-region" aria-live="polite"><div class="flash flash-success"');
    const two = await render(<BaseLayout {...props} flash={[{ kind: "info", message: "a" }, { kind: "error", message: "b" }]} />);
    expect(count(two, 'class="flash flash-')).toBe(2);
    expect(await render(<BaseLayout {...props} />)).toContain('<div id="flash" class="flash-region" aria-live="polite"></div>');
  });

  test("has a skip link to the main landmark", async () => {
    const html = await render(<BaseLayout {...props} />);
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toContain('<main id="main"');
  });

  test("escapes title, user, version, flash and token", async () => {
    const html = await render(
      <BaseLayout title={XSS} user={{ email: XSS, role: XSS }} csrfToken={XSS_ATTR} version={XSS} flash={{ kind: "error", message: XSS }} />,
    );
    expect(injectedElements(html)).toEqual([]);
    expect(html).toContain(`<title>${XSS_ESCAPED} · hookrelay</title>`);
  });
});

describe("BareLayout", () => {
  test("has no nav and no user, but the same head and version", async () => {
    const html = await render(<BareLayout title="Sign in" version="dev" csrfToken="t">form</BareLayout>);
    expect(html).not.toContain('aria-label="Main"');
    expect(html).not.toContain("/logout");
    expect(html).toContain("<title>Sign in · hookrelay</title>");
    expect(html).toContain('<meta name="csrf-token" content="t"/>');
    expect(html).toContain("hookrelay dev");
    expect(html).toContain("form");
  });

  test("leaves out the CSRF meta tag when there is no token", async () => {
    expect(await render(<BareLayout title="x" version="1" />)).not.toContain("csrf-token");
  });
});

describe("versionLabel", () => {
  test("prefixes plain semver with v and leaves other build strings alone", () => {
    expect(versionLabel("0.1.0")).toBe("v0.1.0");
    expect(versionLabel("v0.1.0")).toBe("v0.1.0");
    expect(versionLabel("dev")).toBe("dev");
  });
});
