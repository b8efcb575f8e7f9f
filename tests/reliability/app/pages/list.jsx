// `/list?n=N`: a page of N rows (the soak's pages of every size).
export default function List({ rows }) {
  return (
    <>
      <title>{`List of ${rows.length}`}</title>
      <h1 id="list">{rows.length} rows</h1>
      <ul>
        {rows.map((row) => (
          <li key={row.id}>
            <b>{row.title}</b> {row.body}
          </li>
        ))}
      </ul>
    </>
  );
}
