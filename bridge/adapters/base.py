"""What every adapter shares: loading the app once from the user-facing options."""

from __future__ import annotations

from typing import Unpack

from ..config import BridgeOptions, Settings
from ..handler import PageHandler


class Adapter:
    """Loads the app (built by ``bridge build``) once; subclasses speak a server protocol."""

    def __init__(self, **options: Unpack[BridgeOptions]) -> None:
        self.settings = Settings.from_options(options)
        self.handler = PageHandler(self.settings)

    def close(self) -> None:
        """Stops the render threads; for shutting down outside a server's lifespan, e.g. in tests."""
        self.handler.close()
