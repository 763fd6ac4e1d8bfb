import { describe, expect, test } from "bun:test";
import { getVerifier } from "../../../src/signing/index.ts";
import { NOW_MS, NOW_SEC, SIX_MINUTES_MS, hmacHex, makeRequest } from "../helpers.ts";

const verifier = getVerifier("slack")!;
const config = { secret: "8f742231b10e8888abcd99yyyzzz85a5" };

function signed(body: string, timestampSec: number, secret = config.secret) {
  return makeRequest({
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Slack-Request-Timestamp": String(timestampSec),
      "X-Slack-Signature": `v0=${hmacHex("sha256", secret, `v0:${timestampSec}:${body}`)}`,
    },
  });
}

const challenge = JSON.stringify({ token: "Jhj5dZrVaK7ZwHHjRyZWjbDl", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });

describe("slack verifier", () => {
  test("slack verifier accepts the example request from Slack's verifying-requests guide", () => {
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const req = makeRequest({
      body,
      headers: {
        "X-Slack-Request-Timestamp": "1531420618",
        "X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      },
    });
    expect(verifier.verify(req, config, 1531420618 * 1000)).toEqual({ ok: true });
  });

  test("slack handshake echoes the challenge of a signed url_verification request", () => {
    expect(verifier.handshake?.(signed(challenge, NOW_SEC), config, NOW_MS)).toEqual({
      status: 200,
      contentType: "text/plain; charset=utf-8",
      body: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });

  test("slack handshake declines an unsigned or wrongly signed url_verification request", () => {
    expect(verifier.handshake?.(makeRequest({ body: challenge }), config, NOW_MS)).toBeNull();
    expect(verifier.handshake?.(signed(challenge, NOW_SEC, "wrong-secret"), config, NOW_MS)).toBeNull();
  });

  test("slack handshake declines a stale url_verification request when given the clock", () => {
    const stale = signed(challenge, (NOW_MS - SIX_MINUTES_MS) / 1000);
    expect(verifier.handshake?.(stale, config, NOW_MS)).toBeNull();
  });

  test("slack handshake ignores ordinary event callbacks so they are ingested", () => {
    const event = JSON.stringify({ type: "event_callback", event: { type: "message" } });
    expect(verifier.handshake?.(signed(event, NOW_SEC), config, NOW_MS)).toBeNull();
    expect(verifier.handshake?.(signed("not json", NOW_SEC), config, NOW_MS)).toBeNull();
  });
});
