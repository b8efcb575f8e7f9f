// The detail page of the benchmark, shared as-is by both apps; each passes its own framework's <Link>.
export default function Item({ item, related, Link }) {
  return (
    <article className="book">
      <p className="crumbs">
        <Link href="/">All books</Link> / #{item.id}
      </p>
      <h1>{item.title}</h1>
      <p className="lead">
        by {item.author}, first published in {item.year}
      </p>
      <ul className="tags">
        {item.tags.map((tag) => (
          <li key={tag}>
            <Link href={`/?tag=${tag}`} className="tag">
              {tag}
            </Link>
          </li>
        ))}
      </ul>
      <section className="also">
        <h2>Also in the catalogue</h2>
        <ul>
          {related.map((other) => (
            <li key={other.id}>
              <Link href={`/items/${other.id}`}>{other.title}</Link> by {other.author}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
