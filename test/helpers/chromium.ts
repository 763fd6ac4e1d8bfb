// The system Chromium the browser tests drive, and the flags that keep it on loopback. Chromium on its
// own phones home (component updates, safe browsing, Google hosts in new profiles); a test must not
// send a packet past 127.0.0.1, so every name but the loopback ones resolves to nothing and every
// request that is not for loopback goes to a proxy port where nothing listens. Chromium bypasses a
// proxy for loopback implicitly — adding `<-loopback>` to the bypass list would route the tests' own
// server through the dead proxy too.
import { existsSync } from "node:fs";

export const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
  .find((p): p is string => !!p && existsSync(p));

/** Port 9 (discard) on loopback: nothing listens, so a proxied request fails at once with ERR_PROXY_CONNECTION_FAILED. */
export const DEAD_PROXY = "127.0.0.1:9";

export const LOOPBACK_ONLY_ARGS = [
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
  `--proxy-server=${DEAD_PROXY}`,
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-domain-reliability",
  "--no-first-run",
  "--no-default-browser-check",
];
