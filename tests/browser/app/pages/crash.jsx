// `/crash`: a component that throws whenever it renders, on the server and in the browser.
export default function Crash() {
  throw new Error("crash: this component always throws");
}
