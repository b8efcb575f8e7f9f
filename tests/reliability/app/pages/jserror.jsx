// `/jserror`: a component that throws while rendering.
export default function JsError() {
  throw new Error("component exploded");
}
