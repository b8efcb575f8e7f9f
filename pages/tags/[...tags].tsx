// `/tags/<tag>/<tag>...`: the books having every tag in the path. Props come from [...tags].py.
import Link, { type Href } from "bridge/link";
import { useRouter } from "bridge/router";
import { BookList, countBooks } from "../_components/books";
import type { Params, Props } from "./[...tags].props";

function tagsHref(tags: string[]): Href {
  return tags.length ? `/tags/${tags.join("/")}` : "/";
}

export default function TagPage({ tags, books, refine }: Props) {
  const { params } = useRouter<Params>(); // params.tags: string[], the tags in the path
  const refineEntries = Object.entries(refine);
  return (
    <>
      <title>{`Tagged: ${params.tags.join(" + ")}`}</title>
      <p className="crumbs">
        <Link href="/">← Catalogue</Link>
      </p>
      <h1>
        Tagged{" "}
        {tags.map((tag, i) => (
          <span key={tag}>
            {i > 0 && " + "}
            <em>{tag}</em>
          </span>
        ))}
      </h1>

      <p className="status">
        {countBooks(books.length)} with {tags.length > 1 ? "all of these tags" : "this tag"}
      </p>

      <div className="filters">
        {tags.length > 1 && (
          <p>
            Remove:{" "}
            {tags.map((tag) => (
              <Link key={tag} href={tagsHref(tags.filter((t) => t !== tag))} className="tag removable">
                {tag} ×
              </Link>
            ))}
          </p>
        )}
        {refineEntries.length > 0 && (
          <p>
            Narrow down:{" "}
            {refineEntries.map(([tag, count]) => (
              <Link key={tag} href={tagsHref([...tags, tag])} className="tag">
                + {tag} <span className="count">{count}</span>
              </Link>
            ))}
          </p>
        )}
      </div>

      {books.length > 0 ? <BookList books={books} /> : <p className="empty">No book has all of these tags.</p>}
    </>
  );
}
