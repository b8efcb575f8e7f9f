export default function About() {
  return (
    <>
      <title>About</title>
      <h1 id="about">About</h1>
    </>
  );
}
