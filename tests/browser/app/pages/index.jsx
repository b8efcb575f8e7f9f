// `/`: links to every case the browser tests exercise.
import Link from "bridge/link";

export default function Home({ external }) {
  return (
    <>
      <title>Home</title>
      <h1>Fixture home</h1>
      <ul>
        <li>
          <Link href="/plain/1" data-testid="plain-1">
            Plain 1
          </Link>
        </li>
        <li>
          <Link href="/plain/2" data-testid="plain-2">
            Plain 2
          </Link>
        </li>
        <li>
          <Link href="/plain/3" target="_blank" data-testid="blank">
            Plain 3 in a new tab
          </Link>
        </li>
        <li>
          <Link href="/plain/4" download data-testid="download">
            Download plain 4
          </Link>
        </li>
        <li>
          <a href="/plain/5" data-testid="plain-anchor">
            Plain 5 with a plain anchor
          </a>
        </li>
        <li>
          <Link href={external} data-testid="external">
            External site
          </Link>
        </li>
        <li>
          <Link href="#section" data-testid="hash">
            Section below
          </Link>
        </li>
        <li>
          <Link href="/slow?ms=1000" data-testid="slow">
            Slow page
          </Link>
        </li>
        <li>
          <Link href="/slow?ms=1500&n=2" data-testid="slow-2">
            Slower page
          </Link>
        </li>
        <li>
          <Link href="/xss" data-testid="xss">
            Hostile props
          </Link>
        </li>
        <li>
          <Link href="/boom" data-testid="boom">
            A page that raises
          </Link>
        </li>
        <li>
          <Link href="/nope/not/here" data-testid="missing">
            A missing page
          </Link>
        </li>
        <li>
          <Link href="/crash" data-testid="crash">
            A component that throws
          </Link>
        </li>
        <li>
          <Link href="/ext" data-testid="ext-redirect">
            Redirect to the external site
          </Link>
        </li>
        <li>
          <Link href="/hop" data-testid="hop">
            Redirect to plain 6
          </Link>
        </li>
        <li>
          <Link href="/long" data-testid="long">
            Long page
          </Link>
        </li>
        <li>
          <Link href="/long#anchor" data-testid="long-anchor">
            Long page, at the anchor
          </Link>
        </li>
        <li>
          <Link href="/router" data-testid="router">
            Router buttons
          </Link>
        </li>
        <li>
          <Link href="/many" data-testid="many">
            Many links
          </Link>
        </li>
      </ul>
      <h2 id="section">Section</h2>
    </>
  );
}
