"""Props for ``/flash``: a one-time message from the ``flash`` cookie, deleted once read (a side effect a hover's
prefetch must not trigger, hence ``prefetch = False``)."""

from typing import Any

from bridge import PageContext

prefetch = False


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    flash = context.request.cookies.get("flash")
    if flash is not None:
        context.response.delete_cookie("flash")
    return {"props": {"flash": flash}}
