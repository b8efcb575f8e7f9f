export default function Slow({ seconds }) {
  return <p id="slow">slept {seconds} s</p>;
}
