// `/xss`: hostile strings as text, in an attribute and in the title.
export default function Xss({ payloads }) {
  return (
    <>
      <title>{`XSS ${payloads.script}`}</title>
      <h1>Hostile props</h1>
      {Object.entries(payloads).map(([key, value]) => (
        <p key={key} data-testid={key} title={value}>
          {value}
        </p>
      ))}
    </>
  );
}
