// hookrelay extension `basic-auth`: `Authorization: Basic base64(username:password)`, for senders that
// can only put credentials in the URL (https://user:pass@host/…) or a fixed header.
import { decodeBase64, safeEqual } from "../crypto-utils.ts";
import { OK, fail, missingHeader } from "./common.ts";
import { defineVerifier } from "./define.ts";

type BasicAuthConfig = { username: string; password: string };

export const basicAuth = defineVerifier<BasicAuthConfig>({
  type: "basic-auth",
  secretFields: ["password"],
  fields: {
    username: { kind: "string", required: true, check: (v) => (v.includes(":") ? "must not contain ':'" : null) },
    password: { kind: "string", required: true },
  },
  // The header holds the password itself, so it is dropped once checked.
  credentialHeaders: () => ["Authorization"],
  verify(req, { username, password }) {
    const header = req.headers.get("Authorization");
    if (header === null) return missingHeader("Authorization");
    const match = /^Basic\s+(\S+)$/i.exec(header.trim());
    const decoded = match ? decodeBase64(match[1]) : null;
    if (!decoded) return fail("malformed Authorization header: expected Basic <base64>");
    const text = Buffer.from(decoded).toString("utf8");
    const colon = text.indexOf(":");
    if (colon < 0) return fail("malformed Authorization header: no ':' in credentials");
    // Both halves are always compared, so timing does not reveal which one was wrong.
    const userOk = safeEqual(text.slice(0, colon), username);
    const passOk = safeEqual(text.slice(colon + 1), password);
    return userOk && passOk ? OK : fail("wrong username or password");
  },
});
