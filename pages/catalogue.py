"""``/catalogue``: the old address of the catalogue, moved permanently to ``/``."""

from __future__ import annotations

from urllib.parse import urlencode

from bridge import PageContext, RedirectResult

from ._lib.context import first


def get_server_side_props(context: PageContext) -> RedirectResult:
    q = first(context.query.get("q"))
    destination = "/?" + urlencode({"q": q}) if q else "/"
    return {"redirect": {"destination": destination, "permanent": True}}
