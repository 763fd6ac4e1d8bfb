// Keeps docs/sources.md honest: every documented type exists, and every curl example, run for real
// through bash and openssl (with curl replaced by a recorder), produces a request our verifier accepts.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getVerifier, listVerifierTypes } from "../../src/signing/index.ts";
import type { InboundRequest } from "../../src/signing/index.ts";

const DOC = readFileSync(join(import.meta.dir, "../../docs/sources.md"), "utf8");
const TOKEN = "src_doc_example";

interface Section {
  type: string;
  text: string;
  config: Record<string, unknown> | undefined;
  examples: { handshake: boolean; script: string }[];
}

function sections(): Section[] {
  return DOC.split(/^## /m)
    .slice(1)
    .flatMap((text) => {
      const type = /^`([a-z0-9-]+)`/.exec(text)?.[1];
      if (!type) return [];
      const json = /```json\n([\s\S]*?)```/.exec(text)?.[1];
      const examples = [...text.matchAll(/```sh( handshake)?\n([\s\S]*?)```/g)].map((m) => ({ handshake: Boolean(m[1]), script: m[2] }));
      return [{ type, text, config: json && !json.includes("<") ? JSON.parse(json) : undefined, examples }];
    });
}

/** Runs a doc example with `curl` recorded instead of sent; returns the request and the script's stdout. */
function runExample(script: string): { req: InboundRequest; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), "hookrelay-doc-"));
  try {
    const log = join(dir, "curl.args");
    const recorder = `curl() { printf '%s\\0' "$@" > "${log}"; }\n`;
    const run = Bun.spawnSync(["bash", "-euo", "pipefail", "-c", recorder + script.replaceAll("<token>", TOKEN)], { cwd: dir });
    if (run.exitCode !== 0) throw new Error(`example failed: ${run.stderr.toString()}`);
    const args = readFileSync(log, "utf8").split("\0").slice(0, -1);
    return { req: toRequest(args), stdout: run.stdout.toString() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function toRequest(args: string[]): InboundRequest {
  const headers = new Headers();
  let method: string | undefined;
  let body = "";
  let url = "";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-X") method = args[++i];
    else if (arg === "-H") {
      const header = args[++i];
      const colon = header.indexOf(":");
      headers.append(header.slice(0, colon), header.slice(colon + 1).trim());
    } else if (arg === "-u") headers.set("Authorization", `Basic ${Buffer.from(args[++i]).toString("base64")}`);
    else if (arg === "--data-binary" || arg === "-d") body = args[++i];
    else if (!arg.startsWith("-")) url = arg;
    else throw new Error(`the doc-example recorder does not know curl option ${arg}`);
  }
  const parsed = new URL(url);
  headers.set("host", parsed.host);
  return {
    method: method ?? (body ? "POST" : "GET"),
    path: parsed.pathname,
    query: parsed.searchParams,
    headers,
    rawBody: new TextEncoder().encode(body),
  };
}

describe("docs/sources.md", () => {
  test("docs/sources.md documents every registered source type", () => {
    const documented = new Set(sections().map((s) => s.type));
    const familyLine = /^Types: ([\s\S]*?)\n\n/m.exec(DOC)?.[1] ?? "";
    for (const m of familyLine.matchAll(/`([a-z0-9-]+)`/g)) documented.add(m[1]);
    expect(listVerifierTypes().filter((t) => !documented.has(t))).toEqual([]);
  });

  test("docs/sources.md config examples pass validation", () => {
    for (const s of sections()) {
      if (s.config === undefined) continue;
      expect({ type: s.type, result: getVerifier(s.type)?.validateConfig(s.config) }).toMatchObject({ type: s.type, result: { ok: true } });
    }
  });

  test.skipIf(!Bun.which("openssl") || !Bun.which("bash"))("docs/sources.md curl examples produce requests the verifiers accept", () => {
    for (const s of sections()) {
      const verifier = getVerifier(s.type)!;
      for (const example of s.examples) {
        const { req, stdout } = runExample(example.script);
        // The telnyx example makes its own key pair and prints the public key.
        const config = s.config ?? { publicKey: stdout.trim() };
        if (example.handshake) {
          expect({ type: s.type, answer: verifier.handshake?.(req, config, Date.now()) }).toMatchObject({ type: s.type, answer: { status: 200 } });
        } else {
          expect({ type: s.type, result: verifier.verify(req, config, Date.now()) }).toEqual({ type: s.type, result: { ok: true } });
        }
      }
    }
  });
});
