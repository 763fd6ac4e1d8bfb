/**
 * @module views/lib/verify-examples
 * Receiver-side Standard Webhooks verification in five languages, standard libraries only. Shown on
 * the "Verify a webhook" help page; every one is run against real signatures in
 * test/http/ui/help-and-formats.test.ts (.ci/run installs Go, Ruby and PHP for that).
 */

export interface VerifyExample { id: string; label: string; code: string }

export const VERIFY_EXAMPLES: VerifyExample[] = [
  {
    id: "node",
    label: "Node.js",
    code: `import { createHmac, timingSafeEqual } from "node:crypto";

// headers: lower-case names; body: the raw request body as a string (not re-serialised JSON)
export function verifyWebhook(secret, headers, body) {
  const id = headers["webhook-id"], ts = headers["webhook-timestamp"], sigs = headers["webhook-signature"];
  if (!id || !ts || !sigs) return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false; // reject replays after 5 minutes
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(\`\${id}.\${ts}.\${body}\`).digest();
  return sigs.split(" ").some((entry) => {
    const [version, sig] = entry.split(",");
    const given = Buffer.from(sig ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}`,
  },
  {
    id: "python",
    label: "Python",
    code: `import base64, hashlib, hmac, time

def verify_webhook(secret: str, headers: dict, body: bytes) -> bool:
    msg_id, ts, sigs = headers.get("webhook-id"), headers.get("webhook-timestamp"), headers.get("webhook-signature")
    if not (msg_id and ts and sigs):
        return False
    if abs(time.time() - int(ts)) > 300:  # reject replays after 5 minutes
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{ts}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, s.split(",", 1)[1]) for s in sigs.split() if s.startswith("v1,"))`,
  },
  {
    id: "go",
    label: "Go",
    code: `import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func verifyWebhook(secret string, h http.Header, body []byte) bool {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	t, err := strconv.ParseInt(ts, 10, 64)
	if id == "" || err != nil {
		return false
	}
	if d := time.Now().Unix() - t; d > 300 || d < -300 { // reject replays after 5 minutes
		return false
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	expected := []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	for _, entry := range strings.Fields(sigs) {
		if version, sig, ok := strings.Cut(entry, ","); ok && version == "v1" && hmac.Equal([]byte(sig), expected) {
			return true
		}
	}
	return false
}`,
  },
  {
    id: "ruby",
    label: "Ruby",
    code: `require "base64"
require "openssl"

# headers: e.g. request.headers in Rails; body: request.raw_post
def verify_webhook(secret, headers, body)
  id, ts, sigs = headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"]
  return false unless id && ts && sigs
  return false if (Time.now.to_i - ts.to_i).abs > 300 # reject replays after 5 minutes
  key = Base64.decode64(secret.delete_prefix("whsec_"))
  expected = Base64.strict_encode64(OpenSSL::HMAC.digest("SHA256", key, "#{id}.#{ts}.#{body}"))
  sigs.split(" ").any? do |entry|
    version, sig = entry.split(",", 2)
    version == "v1" && OpenSSL.secure_compare(sig.to_s, expected)
  end
end`,
  },
  {
    id: "php",
    label: "PHP",
    code: `<?php
// $headers = array_change_key_case(getallheaders()); $body = file_get_contents('php://input');
function verifyWebhook(string $secret, array $headers, string $body): bool {
    $id = $headers['webhook-id'] ?? '';
    $ts = $headers['webhook-timestamp'] ?? '';
    $sigs = $headers['webhook-signature'] ?? '';
    if ($id === '' || !ctype_digit($ts) || abs(time() - (int) $ts) > 300) return false; // 5-minute replay window
    $key = base64_decode(str_starts_with($secret, 'whsec_') ? substr($secret, 6) : $secret);
    $expected = base64_encode(hash_hmac('sha256', "$id.$ts.$body", $key, true));
    foreach (explode(' ', $sigs) as $entry) {
        [$version, $sig] = array_pad(explode(',', $entry, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $sig)) return true;
    }
    return false;
}`,
  },
];
