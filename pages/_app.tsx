// The layout around every page: header with navigation, the page, footer, and the site's styles.
import type { ComponentType } from "react";
import Link, { type Href } from "bridge/link";
import { useRouter } from "bridge/router";

const NAV: { href: Href; label: string }[] = [
  { href: "/", label: "Catalogue" },
  { href: "/random", label: "Random book" },
  { href: "/about", label: "About" },
];

interface AppProps {
  Component: ComponentType<Record<string, unknown>>;
  pageProps: Record<string, unknown>;
}

export default function App({ Component, pageProps }: AppProps) {
  const { pathname, isNavigating } = useRouter();
  return (
    <>
      <style>{CSS}</style>
      <link rel="icon" href="data:," />
      <div className="progress" role="progressbar" aria-label="Loading page" hidden={!isNavigating} />
      <header className="site-header">
        <div className="wrap">
          <Link href="/" className="brand">
            Library
          </Link>
          <nav aria-label="Main">
            {NAV.map(({ href, label }) => (
              <Link key={href} href={href} aria-current={pathname === href ? "page" : undefined}>
                {label}
              </Link>
            ))}
          </nav>
        </div>
      </header>
      <main className="wrap">
        <Component {...pageProps} />
      </main>
      <footer className="site-footer">
        <div className="wrap">
          A demo of <strong>bridge</strong>: server-side React with props from Python. Books from the public domain.
        </div>
      </footer>
    </>
  );
}

// Plain CSS in one <style> element (no CSS imports in bridge). Kept free of quotes and angle brackets.
const CSS = `
:root {
  --ink: #1f2328;
  --muted: #5c6470;
  --line: #e3e0d8;
  --paper: #fbfaf7;
  --accent: #8a3b12;
  --accent-soft: #f4e7dc;
  color-scheme: light;
}
* { box-sizing: border-box; }
.progress {
  position: fixed; top: 0; left: 0; height: 3px; width: 100%; z-index: 10;
  background: linear-gradient(90deg, transparent, var(--accent), transparent);
  background-size: 50% 100%; background-repeat: no-repeat;
  animation: progress 1s linear infinite;
}
.progress[hidden] { display: none; }
@keyframes progress { from { background-position: -50% 0; } to { background-position: 150% 0; } }
body {
  margin: 0;
  background: var(--paper);
  color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, Segoe UI, Roboto, sans-serif;
}
a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
a:hover { text-decoration-thickness: 2px; }
h1, h2 { font-family: Georgia, Cambria, serif; font-weight: 600; line-height: 1.25; }
h1 { font-size: 2rem; margin: 0 0 1rem; }
code { white-space: nowrap; font-size: 0.9em; background: var(--accent-soft); padding: 0.05em 0.3em; border-radius: 3px; }

.wrap { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
main.wrap { padding-top: 2rem; padding-bottom: 3rem; min-height: 70vh; }

.site-header { background: #fff; border-bottom: 1px solid var(--line); }
.site-header .wrap { display: flex; align-items: center; justify-content: space-between; gap: 1rem; height: 3.5rem; }
.site-header a { text-decoration: none; color: var(--ink); }
.brand { font-family: Georgia, serif; font-size: 1.25rem; font-weight: 600; }
.site-header nav { display: flex; gap: 1.25rem; }
.site-header nav a { color: var(--muted); padding: 0.2rem 0; border-bottom: 2px solid transparent; }
.site-header nav a:hover, .site-header nav a[aria-current=page] { color: var(--ink); border-bottom-color: var(--accent); }

.site-footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.875rem; padding: 1.5rem 0; }

.search { display: flex; gap: 0.5rem; margin-bottom: 0.75rem; }
.search input {
  flex: 1;
  font: inherit;
  padding: 0.5rem 0.75rem;
  border: 1px solid var(--line);
  border-radius: 6px;
  background: #fff;
}
.search input:focus, .field input:focus, .field textarea:focus {
  outline: 2px solid var(--accent-soft); border-color: var(--accent);
}
button, .button-link {
  display: inline-block;
  font: inherit;
  padding: 0.5rem 1rem;
  border: 0;
  border-radius: 6px;
  background: var(--accent);
  color: #fff;
  cursor: pointer;
  text-decoration: none;
}
button:disabled { opacity: 0.65; cursor: progress; }
.title-row { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }

.book-form { display: grid; gap: 1.1rem; max-width: 34rem; }
.field { margin: 0; padding: 0; border: 0; min-width: 0; }
.field label, .field legend { display: block; font-weight: 600; margin-bottom: 0.3rem; padding: 0; }
.field .checks label { display: inline-flex; align-items: center; gap: 0.35rem; margin: 0; font-weight: normal; }
.checks { display: flex; flex-wrap: wrap; gap: 0.3rem 1.1rem; }
.field input[type=text], .field textarea {
  width: 100%; font: inherit; padding: 0.5rem 0.75rem; border: 1px solid var(--line); border-radius: 6px; background: #fff;
}
.field input.year { width: 7rem; }
.field input[aria-invalid], .field textarea[aria-invalid] { border-color: #b42318; }
.hint { color: var(--muted); font-weight: normal; font-size: 0.875rem; }
.field-error { color: #b42318; font-size: 0.9rem; margin: 0.3rem 0 0; }
.form-alert { margin: 0; padding: 0.6rem 0.9rem; border-radius: 6px; background: #fdecea; color: #8a1c12; }
.form-actions { display: flex; align-items: center; gap: 1.25rem; margin: 0.25rem 0 0; }

.status, .crumbs, .byline { color: var(--muted); }
.status { margin: 0 0 1.5rem; }
.crumbs { margin: 0 0 1rem; font-size: 0.9rem; display: flex; justify-content: space-between; gap: 1rem; }
.empty { padding: 2rem; text-align: center; color: var(--muted); background: #fff; border: 1px dashed var(--line); }

.books { list-style: none; margin: 0; padding: 0; }
.book-row { padding: 1rem 0; border-bottom: 1px solid var(--line); }
.book-row h2 { font-size: 1.2rem; margin: 0; }
.book-row h2 a { color: var(--ink); text-decoration: none; }
.book-row h2 a:hover { color: var(--accent); text-decoration: underline; }
.book-row p { margin: 0.15rem 0; }
.book-row .summary { font-size: 0.95rem; }

.tags { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.5rem 0 0; padding: 0; }
.tag {
  display: inline-block;
  font-size: 0.8rem;
  padding: 0.1rem 0.55rem;
  border-radius: 999px;
  background: var(--accent-soft);
  color: var(--accent);
  text-decoration: none;
}
.tag:hover { background: var(--accent); color: #fff; }
.count { opacity: 0.7; }

.pager { display: flex; justify-content: space-between; align-items: center; margin: 1.5rem 0; }
.pager [aria-disabled] { color: var(--line); }

.browse { margin-top: 2.5rem; }
.browse h2, .also h2 { font-size: 1.2rem; }
.filters p { margin: 0 0 0.75rem; color: var(--muted); }
.filters .tag { margin-right: 0.3rem; }

.book h1 { font-size: 2.25rem; margin-bottom: 0.25rem; }
.lead { font-size: 1.15rem; }
.also { margin-top: 2.5rem; }

.error { text-align: center; padding: 3rem 0; }
.error .code { font-family: Georgia, serif; font-size: 4rem; color: var(--accent); margin: 0; line-height: 1; }
`;
