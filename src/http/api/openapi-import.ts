// Event types from an OpenAPI document: each entry of `webhooks` (OpenAPI 3.1; `x-webhooks` in 3.0
// documents) becomes an event type named by its key, with its POST operation's description, its
// JSON request body's schema (references into the document inlined) and its example, as Svix's
// eventType.importOpenapi reads them.
import { ValidationError } from "../errors";
import { UID_RE } from "./validate";

export interface ImportedEventType {
  name: string;
  description: string;
  deprecated: boolean;
  featureFlags: string[] | null;
  groupName: string | null;
  /** `{ "1": schema }`, with `examples` when the document gave one; null without a JSON body. */
  schemas: Record<string, unknown> | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** How deep references are followed: a schema that refers to itself keeps its `$ref` past this. */
const MAX_DEPTH = 32;
/** Objects and arrays the inlined schemas may have in all. A small document whose `$ref`s (or YAML
 * aliases) each name a schema twice would otherwise double at every level. */
const MAX_NODES = 100_000;

/** The document from `spec` (an object) or `specRaw` (YAML or JSON text): exactly one of them. */
export function openApiDocument(o: Json): Json {
  const hasSpec = o.spec !== undefined && o.spec !== null;
  const hasRaw = o.specRaw !== undefined && o.specRaw !== null;
  if (hasSpec === hasRaw) throw new ValidationError(hasSpec ? "specRaw" : "spec", "send the OpenAPI document as exactly one of spec (an object) or specRaw (YAML or JSON text)");
  if (hasSpec) {
    if (!isObject(o.spec)) throw new ValidationError("spec", "expected the OpenAPI document as a JSON object");
    return o.spec;
  }
  if (typeof o.specRaw !== "string") throw new ValidationError("specRaw", "expected the OpenAPI document as YAML or JSON text");
  let doc: unknown;
  try { doc = Bun.YAML.parse(o.specRaw); } catch (e) {
    throw new ValidationError("specRaw", `is not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isObject(doc)) throw new ValidationError("specRaw", "expected a YAML or JSON object at the top");
  return doc;
}

function resolve(doc: Json, node: unknown, depth: number, seen: ReadonlySet<string>, budget: { left: number }): unknown {
  if (typeof node !== "object" || node === null) return node;
  if (--budget.left < 0) throw new ValidationError("spec", `inlining its $refs makes the schemas larger than ${MAX_NODES.toLocaleString("en")} objects; share less, or send smaller schemas`);
  if (Array.isArray(node)) return node.map((x) => resolve(doc, x, depth, seen, budget));
  if (!isObject(node)) return node;
  const ref = node.$ref;
  if (typeof ref === "string" && ref.startsWith("#/") && depth < MAX_DEPTH && !seen.has(ref)) {
    let target: unknown = doc;
    for (const part of ref.slice(2).split("/")) {
      const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
      target = isObject(target) ? target[key] : undefined;
    }
    if (target === undefined) throw new ValidationError("spec", `${ref} does not point into the document`);
    return resolve(doc, target, depth + 1, new Set([...seen, ref]), budget);
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = resolve(doc, v, depth, seen, budget);
  return out;
}

function exampleOf(media: Json): unknown {
  if (media.example !== undefined) return media.example;
  if (isObject(media.examples)) {
    const first = Object.values(media.examples)[0];
    if (isObject(first) && first.value !== undefined) return first.value;
  }
  return undefined;
}

function strings(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === "string") && v.length ? v : null;
}

/** Every webhook of the document as an event type. */
export function eventTypesFromOpenApi(doc: Json): ImportedEventType[] {
  const hooks = isObject(doc.webhooks) ? doc.webhooks : isObject(doc["x-webhooks"]) ? doc["x-webhooks"] : null;
  if (!hooks) throw new ValidationError("spec", "the document has no webhooks (OpenAPI 3.1 `webhooks`, or `x-webhooks`)");
  const out: ImportedEventType[] = [];
  const budget = { left: MAX_NODES };
  for (const [name, raw] of Object.entries(hooks)) {
    if (name.length > 256 || !UID_RE.test(name)) throw new ValidationError("spec", `webhook "${name.slice(0, 80)}" cannot be an event type name: use a-z, A-Z, 0-9, '-', '_' and '.' only`);
    const item = resolve(doc, raw, 0, new Set(), budget);
    const op = isObject(item) && isObject(item.post) ? item.post : null;
    if (!op) throw new ValidationError("spec", `webhook "${name}" has no POST operation`);
    const media = isObject(op.requestBody) && isObject(op.requestBody.content) ? op.requestBody.content["application/json"] : undefined;
    let schemas: Record<string, unknown> | null = null;
    if (isObject(media) && isObject(media.schema)) {
      const example = exampleOf(media);
      schemas = { 1: example === undefined ? media.schema : { ...media.schema, examples: [example] } };
    }
    out.push({
      name,
      description: typeof op.description === "string" ? op.description : typeof op.summary === "string" ? op.summary : "",
      deprecated: op.deprecated === true,
      featureFlags: strings(op["x-svix-feature-flags"]) ?? (typeof op["x-svix-feature-flag"] === "string" ? [op["x-svix-feature-flag"]] : null),
      groupName: typeof op["x-svix-group-name"] === "string" ? op["x-svix-group-name"] : null,
      schemas,
    });
  }
  return out;
}
