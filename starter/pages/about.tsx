// `/about`: a page without props.
export default function About() {
  return (
    <main>
      <title>About</title>
      <h1>About</h1>
      <p>
        A starter app made by <code>bridge new</code>: React pages in <code>pages/</code>, their props from the{" "}
        <code>.py</code> beside them.
      </p>
    </main>
  );
}
