"""Props for ``/xss``: strings that break out of a ``<script>``, a comment or an attribute if escaped badly,
and ``javascript:`` URLs for links."""

from typing import Any

from bridge import PageContext

PAYLOADS = {
    "script": "</script><script>alert(1)</script>",
    "comment": "<!--<script>alert(2)//",
    "separators": "a\u2028b\u2029c</script>",
    "attribute": '"><img src=x onerror=alert(3)>',
    "single": "'><svg onload=alert(4)>",
    "flag": "</SCRIPT ><img src=x onerror=window.__xss=1>",
    "javascript": "javascript:alert(5)",
}

HREFS = [
    "javascript:alert(6)",
    " JavaScript:alert(7)",
    "java\tscript:alert(8)",
    "data:text/html,<script>alert(9)</script>",
]


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"payloads": PAYLOADS, "hrefs": HREFS}}
