"""Telling the host app that a page failed: the ``on_error`` option and the host's own error signals
(Django's and Flask's ``got_request_exception``, added by their adapters), which error trackers such as
Sentry listen to."""

from __future__ import annotations

import logging

from starlette.requests import Request

from .concurrency import run_blocking
from .config import ErrorHook

logger = logging.getLogger("bridge")


async def report_error(hooks: list[ErrorHook], request: Request, exc: BaseException) -> None:
    """Calls each hook off the event loop (in the request's own thread under WSGI, see concurrency.py)."""
    for hook in hooks:
        await run_blocking(_call, hook, request, exc)


def _call(hook: ErrorHook, request: Request, exc: BaseException) -> None:
    """Calls ``hook`` while ``exc`` is the exception being handled, as trackers that read
    ``sys.exc_info()`` expect; a hook that fails is logged, never raised."""
    try:
        try:
            raise exc
        except BaseException:
            hook(request, exc)
    except Exception:
        logger.exception("reporting the error of %s %s failed", request.method, request.url.path)
