// Layout of the browser-test fixture app: a loading bar while navigating, a fixed nav (so clicking it never
// scrolls the page), and the current asPath.
import Link from "bridge/link";
import { useRouter } from "bridge/router";

export default function App({ Component, pageProps }) {
  const { isNavigating, asPath } = useRouter();
  return (
    <>
      <style>{CSS}</style>
      <div className="progress" role="progressbar" aria-label="Loading page" hidden={!isNavigating} />
      <nav className="top">
        <Link href="/" data-testid="nav-home">
          Home
        </Link>
        <Link href="/plain/1" data-testid="nav-plain">
          Plain 1
        </Link>
        <Link href="/long?v=2" data-testid="nav-long2">
          Long 2
        </Link>
        <Link href="/long#anchor" data-testid="nav-anchor">
          Long anchor
        </Link>
      </nav>
      <main>
        <Component {...pageProps} />
      </main>
      <p data-testid="as-path">{asPath}</p>
    </>
  );
}

const CSS = `
body { margin: 0; font: 16px/1.5 sans-serif; }
nav.top { position: fixed; top: 0; left: 0; right: 0; height: 40px; display: flex; gap: 1rem; background: #eee; }
main { padding-top: 50px; }
.progress { position: fixed; top: 40px; left: 0; width: 100%; height: 4px; background: #c60; }
.progress[hidden] { display: none; }
.row { height: 40px; margin: 0; }
`;
