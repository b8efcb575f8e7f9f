"""Props for ``/``: Django's ``request.user`` (set by AuthenticationMiddleware) and a CSRF token for the form."""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    user = context.request.user  # Django's user, as AuthenticationMiddleware left it
    django_request = context.request.scope["django.request"]  # the HttpRequest itself
    return {
        "props": {
            "user": user.get_username() if user.is_authenticated else None,
            # Django's CSRF middleware, outside bridge, sets the matching cookie on the way out.
            "csrfToken": get_token(django_request),
        }
    }
