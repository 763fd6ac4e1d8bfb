import { describe, expect, test } from "bun:test";
import { CheckboxField, Field, SelectField } from "../../../views/components/field.tsx";
import { injectedElements, render, XSS, XSS_ATTR, XSS_ESCAPED } from "../render.ts";

describe("Field", () => {
  test("links the label to the input by id", async () => {
    const html = await render(<Field label="Endpoint URL" name="url" type="url" required />);
    expect(html).toContain('<label class="field-label" for="f-url">');
    expect(html).toContain('id="f-url"');
    expect(html).toContain('type="url"');
    expect(html).toContain("required");
    expect(html).not.toContain("optional");
  });

  test("marks fields that are not required as optional", async () => {
    expect(await render(<Field label="Description" name="description" />)).toContain(">optional<");
  });

  test("announces the error with the field when validation failed", async () => {
    const html = await render(<Field label="URL" name="url" value="ftp://x" error="Use http or https" hint="Where we POST" />);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="f-url-hint f-url-error"');
    expect(html).toContain('<p class="field-error" id="f-url-error">Use http or https</p>');
    expect(html).toContain("field-invalid");
    expect(html).toContain('value="ftp://x"');
  });

  test("has no aria-invalid or describedby when there is nothing to describe", async () => {
    const html = await render(<Field label="Name" name="name" />);
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("aria-describedby");
  });

  test("suggestions become a datalist the input points at, with escaped values, while any value stays allowed", async () => {
    const html = await render(<Field label="Event type" name="event_type" value="not.listed" suggestions={["invoice.paid", XSS_ATTR]} />);
    expect(html).toContain('list="f-event_type-list"');
    expect(html).toContain('<datalist id="f-event_type-list">');
    expect(html).toContain('<option value="invoice.paid">');
    expect(html).toContain('value="not.listed"');
    expect(injectedElements(html)).toEqual([]);
    expect(await render(<Field label="Name" name="name" />)).not.toContain("datalist");
  });

  test("renders a textarea with the value as escaped text when rows is set", async () => {
    const html = await render(<Field label="Headers" name="headers" rows={4} value={XSS} />);
    expect(html).toContain(`<textarea`);
    expect(html).toContain(`rows="4"`);
    expect(html).toContain(`>\n${XSS_ESCAPED}</textarea>`);
    expect(injectedElements(html)).toEqual([]);
  });

  test("escapes user text in value, label, hint and error", async () => {
    const html = await render(<Field label={XSS} name="n" value={XSS_ATTR} hint={XSS} error={XSS} />);
    expect(injectedElements(html)).toEqual([]);
    expect(html).toContain('value="&#34;>');
    expect(html.match(/&lt;script&gt;/g)?.length).toBe(3);
  });

  test("uses the given id instead of the name-derived one", async () => {
    expect(await render(<Field label="Email" name="email" id="invite-email" />)).toContain('for="invite-email"');
  });
});

describe("SelectField and CheckboxField", () => {
  test("selects the option matching the value and escapes labels", async () => {
    const html = await render(
      <SelectField label="Role" name="role" value="member" options={[{ value: "admin", label: "Admin" }, { value: "member", label: XSS }]} />,
    );
    expect(html).toContain('<option value="member" selected>');
    expect(html).not.toContain('<option value="admin" selected>');
    expect(injectedElements(html)).toEqual([]);
  });

  test("renders a checkbox with its label after it and the checked state", async () => {
    const html = await render(<CheckboxField label="Disabled" name="disabled" checked />);
    expect(html).toMatch(/<input type="checkbox" id="f-disabled" name="disabled" value="on" checked[^>]*\/?>\s*<label for="f-disabled">Disabled<\/label>/);
  });
});
