import type { Children } from "@kitajs/html";

export interface Crumb {
  label: string;
  href?: string;
}

/**
 * Title row of a page: optional breadcrumbs, the h1, a one-line description and actions on
 * the right (pass buttons as children). Titles are often user data (an app's name): escaped.
 */
export function PageHeader(props: { title: string; description?: string; crumbs?: Crumb[]; children?: Children }) {
  return (
    <header class="page-header">
      <div class="page-header-text">
        {props.crumbs?.length ? (
          <nav aria-label="Breadcrumb" class="crumbs">
            <ol>
              {props.crumbs.map((c) => (
                <li>{c.href ? <a href={c.href} safe>{c.label}</a> : <span safe>{c.label}</span>}</li>
              ))}
            </ol>
          </nav>
        ) : ""}
        <h1 safe>{props.title}</h1>
        {props.description ? <p class="page-description" safe>{props.description}</p> : ""}
      </div>
      {props.children ? <div class="page-actions">{props.children as Children}</div> : ""}
    </header>
  );
}
