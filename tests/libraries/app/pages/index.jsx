// `/`: a page with no library at all (it keeps serving when another page fails).
export default function Home() {
  return <h1>Library corpus</h1>;
}
