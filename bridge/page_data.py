"""The page data: what the browser needs to hydrate a page or navigate to it (props, route, module URLs,
CSRF token). Embedded in the HTML document, and answered alone, as JSON, to data requests (request.py)."""

from __future__ import annotations

import orjson
from starlette.responses import Response

from .headers import etag, is_fresh, private_headers
from .request import PageRequest

DATA_VARY = "Purpose, Sec-Purpose, X-Bridge-Only"
"""What the answer to a data request depends on besides its URL: prefetches and partial reloads."""


def page_data(
    request: PageRequest,
    page: str,
    *,
    build_id: str,
    assets: dict[str, str | list[str]],
    csrf: dict[str, str | None],
    props: bytes,
    error: dict[str, str] | None = None,
) -> bytes:
    """The page data JSON of ``page`` for ``request``, with ``props`` already serialised; ``error`` is what
    the dev overlay shows."""
    target = request.target
    route = {
        "pathname": target.path,
        "pattern": target.route.pattern if target.route else None,
        "query": request.query,
        "params": target.params,
        "asPath": request.as_path,
    }
    meta = {"page": page, "build_id": build_id, "base": request.base, "route": route, "assets": assets, "csrf": csrf}
    if error is not None:
        meta["error"] = error
    return orjson.dumps(meta)[:-1] + b',"props":' + props + b"}"


def data_response(request: PageRequest, data: bytes, status: int) -> Response:
    """The answer to a data request: the page data with its ETag, or 304 when the client has it already."""
    headers = private_headers()
    headers["vary"] = DATA_VARY
    headers["etag"] = tag = etag(data)
    if status == 200 and is_fresh(request.request, tag):
        return Response(None, 304, headers)
    return Response(data, status, headers, media_type="application/json")
