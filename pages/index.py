"""Props for ``/``: the catalogue, searched by ``?q=`` and paginated by ``?page=``."""

from __future__ import annotations

from typing import TypedDict

from bridge import PageContext, PageResult

from ._lib import catalogue
from ._lib.context import first, positive_int

PER_PAGE = 10
MAX_QUERY = 100  # longer searches are cut to this many characters


class CatalogueProps(TypedDict):
    """One page of the catalogue, searched by ``q``, and the number of books per tag."""

    q: str
    books: list[catalogue.Book]
    total: int
    page: int
    pages: int
    tags: dict[str, int]


def get_server_side_props(context: PageContext) -> PageResult[CatalogueProps]:
    q = " ".join(first(context.query.get("q")).split())[:MAX_QUERY]
    raw_page = first(context.query.get("page"))
    page = positive_int(raw_page) if raw_page else 1
    if page is None:
        return {"not_found": True}
    books, total = catalogue.search(q, page, PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    if page > pages:
        return {"not_found": True}
    return {
        "props": {
            "q": q,
            "books": books,
            "total": total,
            "page": page,
            "pages": pages,
            "tags": catalogue.tag_counts(),
        }
    }
