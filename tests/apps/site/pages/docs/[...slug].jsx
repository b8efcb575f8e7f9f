export default function Doc({ slug }) {
  return <p id="slug">{JSON.stringify(slug)}</p>;
}
