import { Icon, type IconName } from "../components/icon.tsx";

export type Section = "dashboard" | "applications" | "messages" | "event-types" | "sources" | "settings" | "docs";

export interface NavItem {
  section: Section;
  label: string;
  href: string;
  icon: IconName;
}

/** The app's sections in nav order. Routes own the URLs; change them here in one place. */
export const NAV_ITEMS: readonly NavItem[] = [
  { section: "dashboard", label: "Dashboard", href: "/", icon: "dashboard" },
  { section: "applications", label: "Applications", href: "/applications", icon: "applications" },
  { section: "messages", label: "Messages", href: "/messages", icon: "messages" },
  { section: "event-types", label: "Event types", href: "/event-types", icon: "event-types" },
  { section: "sources", label: "Sources", href: "/sources", icon: "sources" },
  { section: "settings", label: "Settings", href: "/settings", icon: "settings" },
  { section: "docs", label: "Docs", href: "/docs", icon: "docs" },
];

/** Main navigation; the current section gets `aria-current="page"` (styled from that attribute). */
export function MainNav({ section }: { section?: Section }) {
  // Docs sits apart at the bottom of the list: it is reference, not a place you manage things.
  const main = NAV_ITEMS.filter((i) => i.section !== "docs");
  const docs = NAV_ITEMS.filter((i) => i.section === "docs");
  const link = (i: NavItem) => (
    <li>
      <a class="nav-link" href={i.href} aria-current={i.section === section ? "page" : undefined}>
        <Icon name={i.icon} size={16} />
        <span safe>{i.label}</span>
      </a>
    </li>
  );
  return (
    <nav class="nav" aria-label="Main">
      <ul class="nav-list">{main.map(link)}</ul>
      <ul class="nav-list nav-list-secondary">{docs.map(link)}</ul>
    </nav>
  );
}

/** Signed-in user with a POST logout form (a GET link would let any page log you out). */
export function UserMenu({ user, csrfToken }: { user: { email: string; role: string }; csrfToken: string }) {
  const initial = (user.email.trim()[0] ?? "?").toUpperCase();
  return (
    <div class="user-menu">
      <span class="avatar" aria-hidden="true" safe>{initial}</span>
      <div class="user-meta">
        <span class="user-email" title={user.email} safe>{user.email}</span>
        <span class="user-role" safe>{user.role}</span>
      </div>
      <form method="post" action="/logout" class="logout-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="btn btn-ghost btn-sm btn-icon" aria-label="Sign out" title="Sign out">
          <Icon name="logout" size={16} />
        </button>
      </form>
    </div>
  );
}
