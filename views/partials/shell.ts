// What every signed-in page receives from its route: who is looking, the CSRF token for forms,
// the build version for the footer, notices carried over a redirect, and "now" for relative times.
import type { FlashMessage } from "../components/flash.tsx";
import type { SessionUser } from "../layouts/base.tsx";

export interface Shell {
  user: SessionUser;
  csrfToken: string;
  version: string;
  flash?: FlashMessage[];
  /** The server clock (tests pin it); relative times are computed against it. */
  now: number;
}

export const isAdmin = (s: Shell) => s.user.role === "admin";
