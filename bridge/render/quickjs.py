"""The QuickJS engine (the ``quickjs-ng`` package: the maintained QuickJS fork), bridge's default.

Facts about the binding this design rests on (measured with quickjs-ng 0.17.0.2, which installs the module
``quickjs``):
- ``Context.eval`` and calls into JS release the GIL, so render threads with a context each use more
  than one core.
- A context must only ever be used by the thread that created it. The render pool pins every engine to
  its thread.
- ``set_time_limit`` counts CPU time and raises an uncatchable ``InternalError: interrupted``; under
  parallel load a runaway render is stopped sooner than the limit, never later.
- Hitting the heap limit raises ``InternalError: out of memory`` (or ``null`` when not even the error
  fits) and leaves the process intact. The former binding (``quickjs`` 1.19, QuickJS 2021-03-27) had a
  use-after-free on that path which crashed the process in up to half the runs of some memory bombs, and
  bridge worked round it with a watchdog that read the binding's structs at fixed offsets. quickjs-ng has
  the upstream fix: 0 crashes in 270 bomb renders where the old binding crashed 8 times in 30
  (tests/reliability/crash_rates.py), so the plain heap limit is the memory limit.
- The binding cannot return a rope string (a long concatenation, ``TypeError: Unknown quickjs tag: -6``):
  the render's output is flattened in JS before it is returned.
- Stack frames carry ``file:line:column``, which lets server errors be mapped to the original source.
"""

from __future__ import annotations

from importlib import metadata

from ..errors import ConfigError, RenderError, RenderMemoryError, RenderTimeout
from .engine import Limits, Rendered, parse_output, render_error


def _check_binding() -> None:
    """Refuses the former ``quickjs`` package: it installs the same module name, and its compiled part
    shadows quickjs-ng's when both are installed (an upgrade that did not uninstall it)."""
    try:
        old = metadata.version("quickjs")
    except metadata.PackageNotFoundError:
        return
    raise ConfigError(
        f"the package quickjs {old} is installed beside quickjs-ng and shadows it: "
        "pip uninstall -y quickjs quickjs-ng && pip install quickjs-ng==0.17.0.2"
    )


_check_binding()
import quickjs  # noqa: E402 - after the check: with the old package installed, this imports the old binding

_RENDER = "(page, data) => __bridgeRender(page, data).slice(0)"
"""``__bridgeRender`` (js/src/server.js), its output flattened: ``slice`` returns a flat string."""


class QuickJSEngine:
    """A QuickJS context with the server bundle loaded."""

    def __init__(self, bundle: str, limits: Limits) -> None:
        self._context = quickjs.Context()
        self._context.set_max_stack_size(limits.stack)
        self._context.set_memory_limit(limits.memory)
        try:
            self._context.eval(bundle)  # loading the bundle is not a render: no time limit yet
            self._context.set_time_limit(limits.timeout)
            self._run_microtasks()  # queued while the bundle loaded
        except (quickjs.JSException, quickjs.StackOverflow) as exc:
            raise RenderError(f"the server bundle failed to load: {exc}") from None
        self._render = self._context.eval(_RENDER)

    def render(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` with its data; raises RenderError, RenderTimeout or RenderMemoryError."""
        try:
            output = self._render(page, data_json)
            self._run_microtasks()
        except quickjs.StackOverflow as exc:
            raise RenderMemoryError(f"stack overflow (recursion too deep?): {exc}") from None
        except quickjs.JSException as exc:
            message = str(exc)
            if message.startswith("InternalError: interrupted"):
                raise RenderTimeout(f"the render ran past its time limit: {message}") from None
            if message.startswith("InternalError: out of memory"):
                raise RenderMemoryError(f"the render ran out of memory: {message}") from None
            if message.strip() == "null":  # QuickJS throws null when not even the error object fits in memory
                raise RenderMemoryError("the render ran out of memory (or threw null)") from None
            raise render_error(message) from None
        return parse_output(output)

    def _run_microtasks(self) -> None:
        """Runs the promise jobs (``queueMicrotask``, ``then``) the last call queued, as V8 does when an eval
        ends: QuickJS leaves them to the embedder."""
        while self._context.execute_pending_job():
            pass

    def close(self) -> None:
        """Drops the context (freed when the last reference goes)."""
        del self._render
        del self._context
