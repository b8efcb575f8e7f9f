// `/`: a plain page, no props.
export default function Home() {
  return <h1 id="title">Dev fixture home</h1>;
}
