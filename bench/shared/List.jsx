// The list page of the benchmark, shared as-is by both apps (bench/app for bridge, bench/nextjs for
// Next.js). Each app passes its own framework's <Link>, as a real app would use it.
export default function List({ n, rows, Link }) {
  return (
    <div className="list">
      <h1>Books</h1>
      <p className="status">
        Showing {rows.length} of {n} books.
      </p>
      <ul className="books">
        {rows.map((row) => (
          <li key={row.id} className="book-row">
            <h2>
              <Link href={`/items/${row.id}`}>{row.title}</Link>
            </h2>
            <p className="byline">
              by {row.author}, {row.year}
            </p>
            <ul className="tags">
              {row.tags.map((tag) => (
                <li key={tag}>
                  <Link href={`/?tag=${tag}`} className="tag">
                    {tag}
                  </Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
