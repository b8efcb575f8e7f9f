export default function Prices({ books }) {
  return <p>{books.length}</p>;
}
