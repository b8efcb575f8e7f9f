// `/note`: a page with an action, whose body the server reads (the body time limit's tests).
export default function Note({ text }) {
  return <p id="note">{text}</p>;
}
