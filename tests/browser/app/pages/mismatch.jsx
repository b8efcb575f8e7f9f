// `/mismatch`: renders differently on the server and in the browser, on purpose: the tests check that
// their console collector does see a hydration mismatch.
export default function Mismatch() {
  return (
    <>
      <title>Mismatch</title>
      <h1>{typeof window === "undefined" ? "Rendered on the server" : "Rendered in the browser"}</h1>
    </>
  );
}
