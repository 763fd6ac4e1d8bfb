/**
 * Form fields: label + control + hint + error, wired with `for`/`id`, `aria-describedby` and
 * `aria-invalid` so screen readers announce the error with the field. A 422 response
 * re-renders the form with `error` set and the submitted `value` kept (stack.md pitfall 13).
 */

interface FieldBase {
  label: string;
  name: string;
  /** Defaults to `f-<name>`; set it when one page has two forms with the same field name. */
  id?: string;
  hint?: string;
  error?: string | null;
  required?: boolean;
  disabled?: boolean;
}

export interface InputFieldProps extends FieldBase {
  type?: "text" | "email" | "password" | "url" | "number" | "search" | "tel";
  value?: string | number | null;
  placeholder?: string;
  autocomplete?: string;
  autofocus?: boolean;
  mono?: boolean;
  min?: number;
  max?: number;
  pattern?: string;
  minlength?: number;
  maxlength?: number;
  inputmode?: "text" | "numeric" | "decimal" | "url" | "email" | "search";
  /** Multi-line: renders a <textarea> (JSON, header lists). */
  rows?: number;
  /** Offered as a <datalist>: the browser suggests them while any other value stays allowed. */
  suggestions?: string[];
}

function describedBy(id: string, p: FieldBase): string | undefined {
  const ids = [p.hint && `${id}-hint`, p.error && `${id}-error`].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Messages({ id, hint, error }: { id: string; hint?: string; error?: string | null }) {
  return (
    <>
      {hint ? <p class="field-hint" id={`${id}-hint`} safe>{hint}</p> : ""}
      {error ? <p class="field-error" id={`${id}-error`} safe>{error}</p> : ""}
    </>
  );
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label class="field-label" for={id}>
      <span safe>{label}</span>
      {required ? "" : <span class="field-optional">optional</span>}
    </label>
  );
}

/** Text-like input, or a textarea when `rows` is set. */
export function Field(p: InputFieldProps) {
  const id = p.id ?? `f-${p.name}`;
  const common = {
    id,
    name: p.name,
    class: ["input", p.mono && "mono"],
    required: p.required,
    disabled: p.disabled,
    placeholder: p.placeholder,
    "aria-invalid": p.error ? "true" : undefined,
    "aria-describedby": describedBy(id, p),
  };
  const value = p.value === null || p.value === undefined ? "" : String(p.value);
  return (
    <div class={["field", p.error && "field-invalid"]}>
      <Label id={id} label={p.label} required={p.required} />
      {p.rows ? (
        // The parser drops one newline right after <textarea>; lead with one so a value that
        // starts with a blank line survives the round trip.
        <textarea {...common} rows={String(p.rows)} spellcheck="false" safe>{"\n" + value}</textarea>
      ) : (
        <input
          {...common}
          type={p.type ?? "text"}
          value={value}
          autocomplete={p.autocomplete}
          autofocus={p.autofocus}
          min={p.min}
          max={p.max}
          pattern={p.pattern}
          minlength={p.minlength}
          maxlength={p.maxlength}
          inputmode={p.inputmode}
          list={p.suggestions ? `${id}-list` : undefined}
        />
      )}
      {p.suggestions && !p.rows ? (
        <datalist id={`${id}-list`}>{p.suggestions.map((s) => <option value={s} />)}</datalist>
      ) : ""}
      <Messages id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

export interface SelectFieldProps extends FieldBase {
  options: Array<{ value: string; label: string }>;
  value?: string | null;
}

/** A <select>; option labels are escaped. */
export function SelectField(p: SelectFieldProps) {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class={["field", p.error && "field-invalid"]}>
      <Label id={id} label={p.label} required={p.required} />
      <select
        id={id}
        name={p.name}
        class="input"
        required={p.required}
        disabled={p.disabled}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(id, p)}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} safe>{o.label}</option>
        ))}
      </select>
      <Messages id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

/** A checkbox with its label to the right; unchecked boxes submit nothing, as HTML does. */
export function CheckboxField(p: FieldBase & { checked?: boolean; value?: string }) {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class={["field", "field-check", p.error && "field-invalid"]}>
      <input
        type="checkbox"
        id={id}
        name={p.name}
        value={p.value ?? "on"}
        checked={p.checked}
        disabled={p.disabled}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(id, p)}
      />
      <label for={id} safe>{p.label}</label>
      <Messages id={id} hint={p.hint} error={p.error} />
    </div>
  );
}
