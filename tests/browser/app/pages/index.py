"""Props for ``/``: the URL of the second, "external" server the tests start."""

import os
from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"external": os.environ.get("BROWSER_TEST_EXTERNAL", "http://127.0.0.1:9") + "/landing"}}
