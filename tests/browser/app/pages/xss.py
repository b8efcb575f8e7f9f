"""Props for ``/xss``: strings that break out of a ``<script>`` or an attribute if escaped badly."""

from typing import Any

from bridge import PageContext

PAYLOADS = {
    "script": "</script><script>alert(1)</script>",
    "comment": "<!--<script>alert(2)//",
    "separators": "a\u2028b\u2029c",
    "attribute": '"><img src=x onerror=alert(3)>',
    "flag": "</script><img src=x onerror=window.__xss=1>",
}


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"payloads": PAYLOADS}}
