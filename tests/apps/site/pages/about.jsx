export default function About() {
  return <p id="about">A page without Python</p>;
}
