// `/console?lines=N&size=S`: console output during the render, through every method.
export default function Console({ lines, size }) {
  console.log("log line", { answer: 42 });
  console.info("info line");
  console.debug("debug line");
  console.warn("warn line");
  console.error("error line", new Error("an error object"));
  console.trace("trace line");
  for (let i = 0; i < lines; i++) console.log(`bulk ${i} ${"z".repeat(size)}`);
  return <p id="console">logged</p>;
}
