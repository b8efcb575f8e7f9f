// The layout around every page: a header with links, then the page. The stylesheet is public/styles.css.
import type { ComponentType } from "react";
import Link from "bridge/link";

interface AppProps {
  Component: ComponentType<Record<string, unknown>>;
  pageProps: Record<string, unknown>;
}

export default function App({ Component, pageProps }: AppProps) {
  return (
    <>
      <link rel="stylesheet" href="/styles.css" />
      <header>
        <Link href="/">Notes</Link>
        <Link href="/about">About</Link>
      </header>
      <div className="page">
        <Component {...pageProps} />
      </div>
    </>
  );
}
