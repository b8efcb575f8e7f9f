"""Every error bridge raises, each telling the user what to fix.

BridgeError
├── ConfigError          bridge was set up wrongly: no build, a missing pages folder, a bad option
├── BuildError           esbuild or the route table refused the app; carries file:line:col messages
├── RouteError           two page files claim the same URL, or a file name is not a valid route
├── PageError            a page's Python module failed: import error, bad return value
│   ├── PropsError       get_server_side_props returned something that is not a page result
│   └── SerializationError   props that orjson cannot serialise, with the key path
└── RenderError          the component threw while rendering; carries the JS stack
    ├── RenderTimeout    the render ran past its time limit (a runaway loop)
    │   └── RenderQuarantined    refused at once: the same input ran past its time limit moments ago
    ├── RenderMemoryError    the render ran out of memory or stack
    └── PageLoadError    the page's module (or one it imports) threw when first evaluated
"""

from __future__ import annotations

from pathlib import Path


class BridgeError(Exception):
    """Base class of all bridge errors."""


class ConfigError(BridgeError):
    """bridge was configured wrongly, e.g. it was pointed at a folder with no build."""


class BuildError(BridgeError):
    """The build failed; ``messages`` are ``file:line:col: text`` lines."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("build failed:\n" + "\n".join(messages))


class RouteError(BridgeError):
    """The pages folder does not form a valid route table."""


class PageError(BridgeError):
    """A page's Python code failed; ``file`` names the page module."""

    def __init__(self, message: str, file: Path | str | None = None) -> None:
        self.file = str(file) if file is not None else None
        super().__init__(f"{self.file}: {message}" if self.file else message)


class PropsError(PageError):
    """``get_server_side_props`` returned a value that is not a page result."""


class SerializationError(PageError):
    """The props contain a value orjson cannot serialise; ``path`` is like ``props.books[3].price``."""

    def __init__(self, path: str, reason: str, file: Path | str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {reason}", file)


class RenderError(BridgeError):
    """The page component threw during server rendering; the message carries the JS stack."""


class RenderTimeout(RenderError):
    """The render ran past its time limit and was interrupted."""


class RenderQuarantined(RenderTimeout):
    """The render was refused without running: the same page with the same data ran past its time limit
    moments ago. The render pool logs these itself, one line now and then with a count."""


class RenderMemoryError(RenderError):
    """The render ran out of memory or stack and was stopped."""


class PageLoadError(RenderError):
    """The page's code threw when its module was first evaluated; it fails the same way at every render,
    and the engine stays usable for the other pages."""
