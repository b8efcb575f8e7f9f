"""Props for ``/tags/<tag>/<tag>...``: the books having all the given tags."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bridge import PageContext, PageResult

from .._lib import catalogue
from .._lib.context import as_list


@dataclass(frozen=True)
class TagPage:
    """The books having every tag in ``tags``, and how many of them carry each other tag."""

    tags: list[str]
    books: list[catalogue.Book]
    refine: dict[str, int]


def get_server_side_props(context: PageContext) -> PageResult[TagPage]:
    requested = as_list(context.params.get("tags"))
    tags = list(dict.fromkeys(requested))  # without repeats, in the order given
    known = set(catalogue.all_tags())
    if not tags or any(tag not in known for tag in tags):
        return {"not_found": True}
    if tags != requested:
        destination = "/tags/" + "/".join(tags)
        return {"redirect": {"destination": destination, "permanent": False}}
    books = catalogue.books_with_tags(tags)
    # The other tags among these books, to narrow the list further.
    counts = Counter(tag for book in books for tag in book.tags if tag not in tags)
    refine = {tag: counts[tag] for tag in sorted(counts)}
    return {"props": TagPage(tags=tags, books=books, refine=refine)}
