export default function Big({ blob }) {
  return <p>{blob.length}</p>;
}
