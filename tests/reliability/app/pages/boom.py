"""``/boom``: props that fail with a message holding an environment value and a file path."""

import os
from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    secret = os.environ.get("RELIABILITY_SECRET", "env-secret-value")
    raise RuntimeError(f"database password {secret} rejected, config in {__file__}")
