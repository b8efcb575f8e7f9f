"""Page actions: ``post``, ``put``, ``patch`` or ``delete`` in a page's ``.py``.

The body is read and checked (size, CSRF) before the action runs; a form without JavaScript may ask for
PUT, PATCH or DELETE with a ``_method`` field; an action that answers errors gets the page again, with
its props, the errors and the values sent (422).
"""

from __future__ import annotations

import dataclasses
import logging
from http import HTTPStatus

from starlette.responses import PlainTextResponse, Response

from .csrf import Csrf
from .headers import json_response, method_not_allowed
from .props.body import BodyError, read_body
from .props.context import PageContext
from .props.loader import PageModule
from .props.result import Errors, Outcome, Props
from .request import PageRequest

logger = logging.getLogger("bridge")


async def prepare_action(
    request: PageRequest, module: PageModule, csrf: Csrf, max_body_bytes: int
) -> tuple[str, PageContext] | Response:
    """The method to run and its context (the body read), or the answer refusing the request. What the
    headers alone condemn (another site, no token cookie) is refused before the body is read."""
    reason = csrf.check_headers(request.request)
    if reason is None:
        try:
            body = await read_body(request.request, max_body_bytes)
        except BodyError as exc:
            return refusal(request, exc.status, str(exc))
        reason = csrf.check(request.request, body.form)
    if reason is not None:
        logger.warning("%s %s refused: %s", request.method, request.request.url.path, reason)
        return refusal(request, 403, reason)
    method = request.method
    override = body.form.get("_method") if body.form is not None else None
    if method == "POST" and isinstance(override, str) and override.upper() in module.methods:
        method = override.upper()  # a form without JavaScript asking for PUT, PATCH or DELETE
    if method not in module.methods:
        return method_not_allowed(module.methods)
    context = request.context()
    context.body = body
    return method, context


async def run_action(module: PageModule, method: str, context: PageContext, csrf_field: str) -> tuple[Outcome, int]:
    """Runs the action; returns what to answer with and its status (200, or 422 with the errors and the values
    sent, less the CSRF token: the page data carries it where the framework puts it)."""
    outcome = await module.act(method, context)
    if not isinstance(outcome, Errors):
        return outcome, 200
    page = await module.props(context)
    values = {key: value for key, value in context.body.values().items() if key != csrf_field}
    extra = {"errors": outcome.value, "values": values}
    return (Props({**_as_dict(page.value), **extra}) if isinstance(page, Props) else page), 422


def refusal(request: PageRequest, status: int, message: str) -> Response:
    """An action refused before it ran (CSRF, body too large or malformed), as JSON or plain text."""
    if request.target.data:
        return json_response({"error": message}, status)
    return PlainTextResponse(f"{status} {HTTPStatus(status).phrase}: {message}", status)


def _as_dict(props: object) -> dict[str, object]:
    if dataclasses.is_dataclass(props) and not isinstance(props, type):
        return dataclasses.asdict(props)
    assert isinstance(props, dict)
    return props
