export default function JsError() {
  throw new Error("component exploded");
}
