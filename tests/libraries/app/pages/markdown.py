"""Props for ``/markdown``: two Markdown documents from Python."""

from typing import Any

from bridge import PageContext

FIRST = """# Notes from Python

Some **bold** text, a [link](https://example.com) and a list:

- one
- two
"""

SECOND = """# Second document

> quoted
"""


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"documents": [FIRST, SECOND]}}
