// Layout of the reliability fixture app: a nav of client-side links (no inline styles or scripts, so the
// page runs under a strict Content-Security-Policy).
import Link from "bridge/link";

export default function App({ Component, pageProps }) {
  return (
    <>
      <nav>
        <Link href="/" data-testid="nav-home">
          Home
        </Link>{" "}
        <Link href="/about" data-testid="nav-about">
          About
        </Link>{" "}
        <Link href="/xss" data-testid="nav-xss">
          XSS
        </Link>{" "}
        <Link href="/list?n=3" data-testid="nav-list">
          List
        </Link>
      </nav>
      <main>
        <Component {...pageProps} />
      </main>
    </>
  );
}
