// `/labelled`: shows a label from a module that exports a plain value, so editing it reloads the page.
import { label } from "./_lib/util.js";

export default function Labelled() {
  return <h1 id="title">{label}</h1>;
}
