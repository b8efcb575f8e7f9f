// The layout around every page: header with navigation, the page, footer, and the site's global styles.
import type { ComponentType } from "react";
import Link, { type Href } from "bridge/link";
import { useRouter } from "bridge/router";
import "./_styles/global.css"; // every page's styles; components bring their own CSS Modules

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
