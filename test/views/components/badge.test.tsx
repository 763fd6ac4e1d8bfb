import { describe, expect, test } from "bun:test";
import { Badge, HttpStatusBadge, MethodBadge, RoleBadge, StatusBadge, statusInfo } from "../../../views/components/badge.tsx";
import { injectedElements, render, XSS, XSS_ESCAPED } from "../render.ts";

describe("StatusBadge", () => {
  test.each([
    ["success", "Succeeded", "badge-success"],
    ["failed", "Failed", "badge-danger"],
    ["pending", "Pending", "badge-warning"],
    ["sending", "Sending", "badge-info"],
    ["disabled", "Disabled", "badge-neutral"],
    ["rejected", "Rejected", "badge-rose"],
    ["filtered", "Filtered", "badge-purple"],
  ])("renders stored status %s as the word %s with class %s", async (status, label, cls) => {
    const html = await render(<StatusBadge status={status} />);
    expect(html).toContain(`>${label}<`);
    expect(html).toContain(cls);
    expect(html).toContain(`data-status="${status}"`);
  });

  test("marks only 'sending' as live (pulsing)", async () => {
    expect(await render(<StatusBadge status="sending" />)).toContain("badge-live");
    expect(await render(<StatusBadge status="pending" />)).not.toContain("badge-live");
  });

  test("escapes an unknown status and keeps it neutral", async () => {
    const html = await render(<StatusBadge status={XSS} />);
    expect(injectedElements(html)).toEqual([]);
    expect(html).toContain(`<span>${XSS_ESCAPED}</span>`);
    expect(statusInfo("weird").tone).toBe("neutral");
  });

  test("maps statuses case-insensitively", () => {
    expect(statusInfo("FAILED").label).toBe("Failed");
  });
});

describe("HttpStatusBadge", () => {
  test.each([
    [204, "badge-success"], [302, "badge-info"], [429, "badge-warning"], [503, "badge-danger"],
  ])("colours %i as %s and prints the code", async (code, cls) => {
    const html = await render(<HttpStatusBadge code={code} />);
    expect(html).toContain(cls);
    expect(html).toContain(`>${code}<`);
  });

  test("reads 'No response' when there was no status code", async () => {
    expect(await render(<HttpStatusBadge code={null} />)).toContain("No response");
    expect(await render(<HttpStatusBadge code={0} />)).toContain("No response");
  });
});

describe("MethodBadge, RoleBadge and Badge", () => {
  test("upper-cases and escapes the method from the wire", async () => {
    expect(await render(<MethodBadge method="post" />)).toContain(">POST<");
    expect(await render(<MethodBadge method={XSS} />)).not.toContain("<script>");
  });

  test("gives admins the accent tone", async () => {
    expect(await render(<RoleBadge role="admin" />)).toContain("badge-accent");
    expect(await render(<RoleBadge role="member" />)).toContain("badge-neutral");
  });

  test("escapes a label passed as text", async () => {
    const html = await render(<Badge tone="info" label={XSS} />);
    expect(html).toContain(XSS_ESCAPED);
    expect(html).toContain("badge-info");
  });
});
