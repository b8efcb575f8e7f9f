"""QuickJS memory bombs in child processes: with bridge's heap watchdog none crashes the process; with
QuickJS's own heap limit alone (bridge before the watchdog) some do. See bridge/render/quickjs.py and
crash_rates.py (which also runs on its own, with more runs and larger limits)."""

from __future__ import annotations

from . import crash_rates
from .conftest import App


def test_quickjs_memory_bombs_never_crash(app: App) -> None:
    """Every bomb shape at 8 MiB, and the 4 kB typed-array bomb at the default 256 MiB, each render in a fresh
    engine with the memory limit stepped by 37 bytes, in child processes: no crash with the heap watchdog.
    Without it (QuickJS's own heap limit alone, as bridge had it) that bomb crashes the process in 12 to 47 %
    of the runs (16 to 256 MiB), which shows that the measurement can see a crash."""
    small, default = 8 << 20, 256 << 20
    watched = [crash_rates.measure(app.server_bundle, shape, "watchdog", 8, small) for shape in crash_rates.SHAPES]
    watched.append(crash_rates.measure(app.server_bundle, "pages", "watchdog", 20, default))
    report = "\n".join(rates.line() for rates in watched)
    assert all(not rates.crashes for rates in watched), report
    assert all(set(rates.outcomes) == {"RenderMemoryError"} for rates in watched), report
    plain = crash_rates.measure(app.server_bundle, "pages", "plain", 150, 16 << 20)
    assert plain.crashes, (
        "QuickJS's heap limit alone did not crash in 150 runs: if the quickjs binding got the upstream fix, "
        f"the watchdog may no longer be needed\n{plain.line()}"
    )
    print(report, plain.line(), sep="\n")
