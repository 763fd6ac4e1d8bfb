// The inspector's formatting helpers (body kinds, XML indentation, form fields, copy as curl) and the
// "Verify a webhook" examples: the Node and Python ones are run for real against signatures made by
// hookrelay's signer, accepting a good request and refusing a tampered or stale one.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bodyKind, formPairs, prettyXml } from "../../../views/lib/body-format";
import { curlCommand } from "../../../views/lib/curl";
import { VERIFY_EXAMPLES } from "../../../views/lib/verify-examples";
import { generateSecret, signPayload } from "../../../src/signing/standard-webhooks";

describe("body formats", () => {
  test("the kind follows the content type, then a sniff of the text", () => {
    expect(bodyKind("application/json", '{"a":1}')).toBe("json");
    expect(bodyKind("text/plain", "[1, 2]")).toBe("json");
    expect(bodyKind("application/json", "{broken")).toBe("text");
    expect(bodyKind("text/xml; charset=utf-8", "<a/>")).toBe("xml");
    expect(bodyKind("application/octet-stream", '<?xml version="1.0"?><a/>')).toBe("xml");
    expect(bodyKind("application/x-www-form-urlencoded", "a=1")).toBe("form");
    expect(bodyKind("text/plain", "")).toBe("empty");
    expect(bodyKind("application/octet-stream", null)).toBe("binary");
  });

  test("XML is indented by element, keeping text, attributes, comments and CDATA as sent", () => {
    const xml = '<?xml version="1.0"?><order id="7"><!-- note --><item sku="a">Pen</item><empty/><d><![CDATA[<raw>]]></d></order>';
    expect(prettyXml(xml)).toBe([
      '<?xml version="1.0"?>',
      '<order id="7">',
      "  <!-- note -->",
      '  <item sku="a">Pen</item>',
      "  <empty/>",
      "  <d>",
      "    <![CDATA[<raw>]]>",
      "  </d>",
      "</order>",
    ].join("\n"));
    expect(() => prettyXml("<a><b></a>")).not.toThrow();
  });

  test("form bodies become ordered pairs with repeated names kept", () => {
    expect(formPairs("a=1&b=x%20y&a=2")).toEqual([["a", "1"], ["b", "x y"], ["a", "2"]]);
  });

  test("copy as curl reproduces method, headers and the exact body through a real shell", () => {
    const cmd = curlCommand({
      method: "post", url: "http://127.0.0.1:1/in/tok?x=1",
      headers: [["content-type", "application/json"], ["host", "example"], ["x-quote", "it's \"here\""], ["content-length", "9"]],
      body: `{"q":"it's"}\n`,
    });
    expect(cmd).not.toContain("host:");
    const dir = mkdtempSync(join(tmpdir(), "hookrelay-curl-"));
    try {
      const log = join(dir, "args");
      const run = Bun.spawnSync(["bash", "-c", `curl() { printf '%s\\0' "$@" > "${log}"; }\n${cmd}`]);
      expect(run.exitCode).toBe(0);
      const args = readFileSync(log, "utf8").split("\0").slice(0, -1);
      expect(args).toEqual(["-X", "POST", "http://127.0.0.1:1/in/tok?x=1", "-H", "content-type: application/json", "-H", `x-quote: it's "here"`, "--data-binary", `{"q":"it's"}\n`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A request as hookrelay's delivery engine signs it. */
function signed(body: string, secret: string, ageSec = 0) {
  const ts = Math.floor(Date.now() / 1000) - ageSec;
  const id = "msg_2Xyz";
  return { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": signPayload({ secrets: [secret], msgId: id, timestampSec: ts, body: new TextEncoder().encode(body) }) };
}

/**
 * How to run each language's example: the files to write (the example plus a harness that reads
 * INPUT and prints valid/invalid), an optional build, and the command. A runner exists only where
 * its toolchain is installed; .ci/run installs every one of them, so in CI none is skipped.
 */
interface Runner { files: (code: string) => Record<string, string>; build?: string[]; run: string[] }
/** A one-file script language: the example, then the harness, run by `cmd`. */
const script = (cmd: string, file: string, harness: string): Runner | undefined =>
  Bun.which(cmd) ? { files: (code) => ({ [file]: code + harness }), run: [cmd, file] } : undefined;
const RUNNERS: Record<string, Runner | undefined> = {
  node: script("node", "verify.mjs", "\nconst i = JSON.parse(process.env.INPUT);\nconsole.log(verifyWebhook(i.secret, i.headers, i.body) ? 'valid' : 'invalid');\n"),
  python: script("python3", "verify.py", "\nimport json, os\ni = json.loads(os.environ['INPUT'])\nprint('valid' if verify_webhook(i['secret'], i['headers'], i['body'].encode()) else 'invalid')\n"),
  // The Go example is a function with its imports; the harness is a second file of the same package.
  go: Bun.which("go") ? {
    files: (code) => ({
      "verify.go": "package main\n\n" + code + "\n",
      "main.go": `package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	var i struct {
		Secret  string            \`json:"secret"\`
		Headers map[string]string \`json:"headers"\`
		Body    string            \`json:"body"\`
	}
	if err := json.Unmarshal([]byte(os.Getenv("INPUT")), &i); err != nil {
		panic(err)
	}
	h := http.Header{}
	for k, v := range i.Headers {
		h.Set(k, v)
	}
	if verifyWebhook(i.Secret, h, []byte(i.Body)) {
		fmt.Println("valid")
	} else {
		fmt.Println("invalid")
	}
}
`,
      "go.mod": "module verify\n\ngo 1.19\n",
    }),
    build: ["go", "build", "-o", "verify-bin", "."],
    run: ["./verify-bin"],
  } : undefined,
  ruby: script("ruby", "verify.rb", "\nrequire \"json\"\ni = JSON.parse(ENV[\"INPUT\"])\nputs(verify_webhook(i[\"secret\"], i[\"headers\"], i[\"body\"]) ? \"valid\" : \"invalid\")\n"),
  php: script("php", "verify.php", "\n$i = json_decode(getenv('INPUT'), true);\necho verifyWebhook($i['secret'], $i['headers'], $i['body']) ? \"valid\\n\" : \"invalid\\n\";\n"),
};

describe("verify-a-webhook examples", () => {
  test("cover Node, Python, Go, Ruby and PHP with standard-library code only", () => {
    expect(VERIFY_EXAMPLES.map((e) => e.id)).toEqual(["node", "python", "go", "ruby", "php"]);
    for (const e of VERIFY_EXAMPLES) {
      expect(e.code).toContain("webhook-signature");
      expect(e.code).toMatch(/timingSafeEqual|compare_digest|hmac\.Equal|secure_compare|hash_equals/);
    }
  });

  for (const [id, runner] of Object.entries(RUNNERS)) {
    test.skipIf(!runner)(`the ${id} example accepts a hookrelay signature and refuses a tampered, foreign or stale one`, () => {
      const ex = VERIFY_EXAMPLES.find((e) => e.id === id)!;
      const dir = mkdtempSync(join(tmpdir(), "hookrelay-verify-"));
      try {
        for (const [name, text] of Object.entries(runner!.files(ex.code))) writeFileSync(join(dir, name), text);
        // Go needs a writable cache; a fresh one under the temp dir keeps the test self-contained.
        const env = { ...process.env, GOCACHE: process.env.GOCACHE ?? join(dir, ".gocache") };
        if (runner!.build) {
          const built = Bun.spawnSync(runner!.build, { cwd: dir, env });
          expect(built.stderr.toString()).toBe("");
          expect(built.exitCode).toBe(0);
        }
        const secret = generateSecret();
        const body = JSON.stringify({ type: "invoice.paid", amount: 4200, note: "ünïcode ✓" });
        const run = (input: unknown) => {
          const r = Bun.spawnSync(runner!.run, { cwd: dir, env: { ...env, INPUT: JSON.stringify(input) } });
          expect(r.stderr.toString()).toBe("");
          return r.stdout.toString().trim();
        };
        expect(run({ secret, headers: signed(body, secret), body })).toBe("valid");
        expect(run({ secret, headers: signed(body, secret), body: body.replace("4200", "4201") })).toBe("invalid");
        expect(run({ secret, headers: signed(body, generateSecret()), body })).toBe("invalid");
        expect(run({ secret, headers: signed(body, secret, 3600), body })).toBe("invalid");
        // During a rotation hookrelay sends one signature per live secret; either may match.
        const both = signPayload({ secrets: [generateSecret(), secret], msgId: "msg_2Xyz", timestampSec: Math.floor(Date.now() / 1000), body: new TextEncoder().encode(body) });
        expect(run({ secret, headers: { ...signed(body, secret), "webhook-signature": both }, body })).toBe("valid");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
