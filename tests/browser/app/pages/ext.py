"""``/ext``: redirects to the second, "external" server the tests start."""

import os
from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"redirect": {"destination": os.environ["BROWSER_TEST_EXTERNAL"] + "/landing", "permanent": False}}
