// `/broken`: a component that throws while rendering; the server log shows where, in this file.
function explode(reason) {
  throw new Error(`broken on purpose: ${reason}`);
}

export default function Broken() {
  return <p>{explode("the mapped stack test")}</p>;
}
