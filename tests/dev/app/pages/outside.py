"""Props for ``/outside``: from ``devtest_helper``, a module of the project outside the pages folder."""

from __future__ import annotations

from typing import Any

import devtest_helper

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"greeting": devtest_helper.GREETING}}
