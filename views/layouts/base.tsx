import type { Children } from "@kitajs/html";
import { Flash, type FlashMessage } from "../components/flash.tsx";
import { Logo } from "../components/icon.tsx";
import { assetUrl } from "../lib/asset-urls.ts";
import { MainNav, UserMenu, type Section } from "./nav.tsx";

export type { Section } from "./nav.tsx";

export interface SessionUser {
  email: string;
  role: string;
}

export interface BaseLayoutProps {
  /** Page name; the document title becomes "{title} · hookrelay". */
  title: string;
  section?: Section;
  user?: SessionUser;
  csrfToken: string;
  version: string;
  flash?: FlashMessage | FlashMessage[];
  children?: Children;
}

/** "0.1.0" → "v0.1.0"; build strings like "dev" or "v1.2.3 (abc1234)" pass through. */
export function versionLabel(version: string): string {
  return /^\d/.test(version) ? `v${version}` : version;
}

/** <head> shared by both layouts. Scripts are deferred: they run in order after parsing. */
function Head({ title, csrfToken }: { title: string; csrfToken?: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <meta name="referrer" content="same-origin" />
      {csrfToken ? <meta name="csrf-token" content={csrfToken} /> : ""}
      <title safe>{`${title} · hookrelay`}</title>
      <link rel="stylesheet" href={assetUrl("app.css")} />
      <link rel="stylesheet" href={assetUrl("pages.css")} />
      <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%235b5bd6'/%3E%3Cpath d='M11 8v9a5 5 0 0 0 10 0v-2M17.5 18.5 21 15l3.5 3.5' fill='none' stroke='white' stroke-width='2.6' stroke-linecap='round' stroke-linejoin='round'/%3E%3C/svg%3E" />
      <script src={assetUrl("htmx.min.js")} defer></script>
      <script src={assetUrl("htmx-ext-sse.js")} defer></script>
      <script src={assetUrl("app.js")} defer></script>
    </head>
  );
}

function FlashRegion({ flash }: { flash?: FlashMessage | FlashMessage[] }) {
  const list = flash === undefined ? [] : Array.isArray(flash) ? flash : [flash];
  // Always rendered, even empty: htmx responses and app.js append notices into #flash.
  return (
    <div id="flash" class="flash-region" aria-live="polite">
      {list.map((f) => <Flash kind={f.kind} message={f.message} />)}
    </div>
  );
}

/**
 * The signed-in shell: side nav, flash region, main column, footer with the version.
 * Returns the whole document with its doctype; fragments for htmx render without it.
 */
export function BaseLayout(props: BaseLayoutProps) {
  return (
    <>
      {"<!doctype html>"}
      <html lang="en">
        <Head title={props.title} csrfToken={props.csrfToken} />
        <body hx-ext="sse">
          <a class="skip-link" href="#main">Skip to content</a>
          <div class="shell">
            <aside class="sidebar">
              <a class="brand" href="/" aria-label="hookrelay home">
                <Logo size={26} />
                <span class="brand-name">hookrelay</span>
              </a>
              <MainNav section={props.section} />
              {props.user ? <UserMenu user={props.user} csrfToken={props.csrfToken} /> : ""}
            </aside>
            <div class="main-col">
              <main id="main" class="main" tabindex="-1">
                <FlashRegion flash={props.flash} />
                {props.children ?? ""}
              </main>
              <footer class="footer">
                <span safe>{`hookrelay ${versionLabel(props.version)}`}</span>
                <span aria-hidden="true">·</span>
                <a href="/docs">Docs</a>
                <span aria-hidden="true">·</span>
                <a href="/api/v1/openapi.json">OpenAPI</a>
              </footer>
            </div>
          </div>
        </body>
      </html>
    </>
  );
}

/** Centered single-card page for login and first-run setup: no nav, no user. */
export function BareLayout(props: {
  title: string;
  csrfToken?: string;
  version: string;
  flash?: FlashMessage | FlashMessage[];
  children?: Children;
}) {
  return (
    <>
      {"<!doctype html>"}
      <html lang="en">
        <Head title={props.title} csrfToken={props.csrfToken} />
        <body class="bare">
          <main id="main" class="bare-main">
            <a class="brand brand-lg" href="/" aria-label="hookrelay home">
              <Logo size={34} />
              <span class="brand-name">hookrelay</span>
            </a>
            <FlashRegion flash={props.flash} />
            {props.children ?? ""}
            <p class="bare-footer muted" safe>{`hookrelay ${versionLabel(props.version)}`}</p>
          </main>
        </body>
      </html>
    </>
  );
}
