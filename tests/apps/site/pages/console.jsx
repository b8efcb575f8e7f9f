export default function Console() {
  console.log("rendering the console page", { answer: 42 });
  console.warn("careful 🙂");
  return <p id="console">logged</p>;
}
