// `/loop`: a runaway component, stopped by the render time limit.
export default function Loop() {
  while (true) {}
}
