export default function Book({ id, title }) {
  return (
    <article>
      <h1 id="title">{title}</h1>
      <p id="id">{id}</p>
    </article>
  );
}
