"""Props for ``/intl``: the locale from the query string (``?locale=fr``), an amount and a date."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    locale = context.query.get("locale", "en")
    return {"props": {"locale": locale, "amount": 1234567.891, "timestamp": 1709640000000, "items": 2}}
