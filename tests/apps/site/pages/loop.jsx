export default function Loop() {
  let n = 0;
  while (true) {
    n++;
  }
  return <p>{n}</p>;
}
