// `/xss`: hostile strings as text, in attributes, in <title>, and as link targets.
import Link from "bridge/link";

export default function Xss({ payloads, hrefs }) {
  return (
    <>
      <title>{`XSS ${payloads.script}`}</title>
      <h1 id="xss">Hostile props</h1>
      {Object.entries(payloads).map(([key, value]) => (
        <p key={key} data-testid={key} title={value}>
          {value}
        </p>
      ))}
      {hrefs.map((href, i) => (
        <p key={href}>
          <a href={href} data-testid={`a-${i}`}>
            plain link {i}
          </a>{" "}
          <Link href={href} data-testid={`link-${i}`}>
            Link {i}
          </Link>
        </p>
      ))}
    </>
  );
}
