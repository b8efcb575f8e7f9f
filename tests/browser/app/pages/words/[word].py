"""Props for ``/words/<word>``: the decoded segment (``a%2Fb`` is the one word ``a/b``)."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"word": context.params["word"]}}
