"""bridge: server-side React for Python.

A page is ``pages/<route>.jsx`` plus an optional ``pages/<route>.py`` with ``get_server_side_props``;
``Bridge`` serves them as an ASGI app, in front of an existing app or alone.
"""

from .adapters.asgi import Bridge
from .errors import (
    BridgeError,
    BuildError,
    ConfigError,
    PageError,
    PropsError,
    RenderError,
    RenderMemoryError,
    RenderTimeout,
    RouteError,
    SerializationError,
)
from .props.context import PageContext, ResponseOptions
from .props.result import NotFoundResult, PageResult, PropsResult, Redirect, RedirectResult

__all__ = [
    "Bridge",
    "BridgeError",
    "BuildError",
    "ConfigError",
    "NotFoundResult",
    "PageContext",
    "PageError",
    "PageResult",
    "PropsError",
    "PropsResult",
    "Redirect",
    "RedirectResult",
    "RenderError",
    "RenderMemoryError",
    "RenderTimeout",
    "ResponseOptions",
    "RouteError",
    "SerializationError",
]
