// `/broken`: the syntax error test breaks this file and fixes it again.
export default function Broken() {
  return <h1 id="title">Broken v1</h1>;
}
