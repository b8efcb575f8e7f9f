export default function Greeting({ text }) {
  return <h1 id="greeting">{text}</h1>;
}
