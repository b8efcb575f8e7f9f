"""The results: one record per (server, case), the tables printed and written as Markdown, the JSON file
and the chart."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .ceiling import RenderCost
from .load import Load

MB = 1024 * 1024
NOISY_CORES = 0.25
"""Other programs using more cores than this during a run make its figures doubtful (marked ~)."""


@dataclass(frozen=True)
class Result:
    """One server under one case."""

    server: str
    framework: str
    workers: int
    engine: str | None
    render_cache: bool
    """Whether bridge served the page from its render cache (the "+cache" variants): not render speed."""
    case: str
    path: str
    load: Load
    processes: int
    rss: int
    pss: int
    cpu_seconds: float
    """CPU time of the server's processes within the measured window."""
    background_cores: float
    """Cores busy with neither the server nor wrk during the window."""
    quiet_wait_seconds: float
    """How long the run waited for the machine to be quiet first."""
    logged_errors: int
    """Error lines in the server's log during the case (also for responses wrk no longer waited for)."""

    @property
    def cpu_ms_per_request(self) -> float:
        """CPU time the server's processes spent per request: 1 / (requests per second per busy core)."""
        requests = self.load.window_requests
        return self.cpu_seconds / requests * 1000 if requests else float("nan")

    @property
    def wrk_cores(self) -> float:
        return self.load.wrk_cpu_seconds / self.load.seconds if self.load.seconds else 0.0

    @property
    def failed(self) -> bool:
        """Errors of any kind, or no response at all within the window."""
        return bool(self.load.errors or self.logged_errors or not self.load.window_requests)

    @property
    def noisy(self) -> bool:
        return self.background_cores > NOISY_CORES

    def to_json(self) -> dict[str, Any]:
        return {
            **{key: value for key, value in asdict(self).items() if key != "load"},
            "load": {**asdict(self.load), "errors": self.load.errors},
            "cpu_ms_per_request": self.cpu_ms_per_request,
            "wrk_cores": self.wrk_cores,
        }


@dataclass(frozen=True)
class Overhead:
    """bridge x1's CPU time per request for the list page against the bare render in one context."""

    served: Result
    cost: RenderCost

    @property
    def cpu_ms_per_request(self) -> float:
        return self.served.cpu_ms_per_request

    @property
    def overhead_ms(self) -> float | None:
        """CPU milliseconds per request beyond the render; None when renders failed (stopped half-way)."""
        return None if self.served.failed else self.cpu_ms_per_request - self.cost.cpu_ms

    @property
    def render_share(self) -> float | None:
        return None if self.served.failed else self.cost.cpu_ms / self.cpu_ms_per_request

    def to_json(self) -> dict[str, Any]:
        return {
            "server": self.served.server,
            "cpu_ms_per_request": self.cpu_ms_per_request,
            "overhead_ms": self.overhead_ms,
            "render_share": self.render_share,
        }


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    left: int = 1
    """How many leading columns are text (left-aligned); the others are numbers."""


MARKS = "~ other programs kept more than 0.25 cores busy during the run; ! errors, or no response in the window."
CACHE_NOTE = (
    "+cache: bridge with its render cache on for the list page: after the first request for each n the page "
    "comes from memory, so these are figures of serving cached HTML, not of rendering (the data route is not "
    "cached and not run)."
)


def _marks(result: Result) -> str:
    return ("~" if result.noisy else "") + ("!" if result.failed else "")


def _ratio(value: float, reference: float | None) -> str:
    return f"{value / reference:.2f}" if reference else "-"


def _reference(results: Sequence[Result], case: str, workers: int) -> Result | None:
    return next((r for r in results if r.framework == "next" and r.case == case and r.workers == workers), None)


def summary_table(results: Sequence[Result]) -> Table:
    """req/s per case and server, each bridge server with its ratio to Next.js at the same process count."""
    servers = list(dict.fromkeys(r.server for r in results))
    cases = list(dict.fromkeys(r.case for r in results))
    rows = []
    for case in cases:
        row = [case]
        for server in servers:
            result = next((r for r in results if r.case == case and r.server == server), None)
            if result is None:
                row.append("")
                continue
            cell = f"{result.load.rps:,.0f}"
            reference = _reference(results, case, result.workers)
            if result.framework == "bridge" and reference is not None:
                cell += f" ({_ratio(result.load.rps, reference.load.rps)}x)"
            row.append(cell + _marks(result))
        rows.append(row)
    return Table(["case", *servers], rows)


def detail_table(results: Sequence[Result]) -> Table:
    """Every figure of every run; ratios against Next.js with the same number of processes."""
    headers = [
        "case",
        "server",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "logged errors",
        "RSS MB",
        "PSS MB",
        "CPU ms/req",
        "req/s vs Next",
        "p99 vs Next",
        "wrk cores",
        "other cores",
    ]
    rows = []
    for r in results:
        reference = _reference(results, r.case, r.workers)
        rows.append(
            [
                r.case,
                r.server,
                f"{r.load.rps:,.0f}{_marks(r)}",
                f"{r.load.p50_ms:.1f}",
                f"{r.load.p99_ms:.1f}",
                str(r.load.errors),
                str(r.logged_errors),
                f"{r.rss / MB:.0f}",
                f"{r.pss / MB:.0f}",
                f"{r.cpu_ms_per_request:.2f}",
                _ratio(r.load.rps, reference.load.rps if reference else None),
                _ratio(r.load.p99_ms, reference.load.p99_ms if reference else None),
                f"{r.wrk_cores:.2f}",
                f"{r.background_cores:.2f}",
            ]
        )
    return Table(headers, rows, left=2)


def ceiling_table(costs: Sequence[RenderCost], overheads: Sequence[Overhead]) -> Table:
    """Render cost in one context and, where bridge x1 served that page, its overhead over the render."""
    headers = [
        "engine",
        "rows",
        "render ms",
        "render CPU ms",
        "renders/s",
        "bridge x1 CPU ms/req",
        "overhead ms",
        "render share",
    ]
    rows = []
    for cost in costs:
        o = next((o for o in overheads if o.cost is cost), None)
        rows.append(
            [
                cost.engine,
                str(cost.n),
                f"{cost.ms:.2f}",
                f"{cost.cpu_ms:.2f}",
                f"{1000 / cost.ms:,.0f}",
                f"{o.cpu_ms_per_request:.2f}{_marks(o.served)}" if o else "",
                f"{o.overhead_ms:.2f}" if o and o.overhead_ms is not None else "-",
                f"{o.render_share:.0%}" if o and o.render_share is not None else "-",
            ]
        )
    return Table(headers, rows)


def text_table(table: Table) -> str:
    """A table for the terminal: columns padded, numbers right-aligned."""
    widths = [max(len(cell) for cell in column) for column in zip(table.headers, *table.rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.ljust(width) if i < table.left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        return "  ".join(padded).rstrip()

    return "\n".join([line(table.headers), line(["-" * w for w in widths]), *(line(row) for row in table.rows)])


def markdown_table(table: Table) -> str:
    align = ["---" if i < table.left else "---:" for i in range(len(table.headers))]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [table.headers, align, *table.rows])


def write_json(path: Path, meta: dict[str, Any], results: Sequence[Result], extra: dict[str, Any]) -> None:
    document = {"meta": meta, "results": [r.to_json() for r in results], **extra}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def write_chart(path: Path, results: Sequence[Result], title: str) -> bool:
    """req/s and p99 per case, one bar per server (hatched: served from the render cache); False when
    matplotlib is not installed."""
    try:
        import matplotlib
    except ImportError:
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    servers = list(dict.fromkeys(r.server for r in results))
    cached = {r.server for r in results if r.render_cache}
    cases = list(dict.fromkeys(r.case for r in results))
    width = 0.8 / len(servers)
    figure, axes = plt.subplots(1, 2, figsize=(14, 5.5), layout="constrained")
    panels = [("requests per second (higher is better)", "rps"), ("p99 latency, ms (lower is better)", "p99_ms")]
    for axis, (label, field) in zip(axes, panels, strict=True):
        for i, server in enumerate(servers):
            bars = [
                (c + (i - (len(servers) - 1) / 2) * width, getattr(r.load, field))
                for c, case in enumerate(cases)
                for r in results
                if r.server == server and r.case == case
            ]
            axis.bar(
                [position for position, _ in bars],
                [value for _, value in bars],
                width,
                label=f"{server} (render cache: not render speed)" if server in cached else server,
                hatch="//" if server in cached else None,
                edgecolor="white" if server in cached else None,
            )
        axis.set_xticks(range(len(cases)), cases)
        axis.set_yscale("log")
        axis.set_title(label)
        axis.grid(axis="y", which="both", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    columns = len({r.workers for r in results})  # one column per process count
    figure.legend(handles, labels, loc="outside lower center", ncols=columns, fontsize="small")
    figure.suptitle(title)
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return True


@dataclass(frozen=True)
class MemoryTrend:
    """A server's RSS, sampled once a second, over one long run of one case: does memory stay flat?"""

    server: str
    framework: str
    workers: int
    case: str
    samples: list[tuple[float, int]]
    """(seconds since the run started, RSS of the server's process tree in bytes)."""
    rps: float

    def rss_at(self, seconds: float) -> int:
        """The last RSS sampled at or before ``seconds`` into the run (the first sample if none is)."""
        earlier = [rss for t, rss in self.samples if t <= seconds]
        return earlier[-1] if earlier else self.samples[0][1]

    @property
    def rss_end(self) -> int:
        return self.samples[-1][1]

    @property
    def growth(self) -> float:
        """RSS at the end against RSS 10 s in: 0.05 is 5 % more."""
        early = self.rss_at(FLAT_AFTER)
        return self.rss_end / early - 1 if early else float("nan")

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "growth": self.growth}


FLAT_AFTER = 10.0
"""Memory should be flat from this many seconds into the long run on: RSS then is the reference."""


def memory_table(trends: Sequence[MemoryTrend]) -> Table:
    """RSS 10 s into the long run and at its end, growth between them, and RSS against Next.js's."""
    rows = []
    for trend in trends:
        reference = next((t for t in trends if t.framework == "next" and t.workers == trend.workers), None)
        rows.append(
            [
                trend.server,
                trend.case,
                f"{trend.samples[-1][0]:.0f}",
                f"{trend.rps:,.0f}",
                f"{trend.rss_at(FLAT_AFTER) / MB:.0f}",
                f"{trend.rss_end / MB:.0f}",
                f"{trend.growth:+.1%}",
                _ratio(trend.rss_end, reference.rss_end if reference else None),
            ]
        )
    headers = [
        "server",
        "case",
        "seconds",
        "req/s",
        f"RSS MB at {FLAT_AFTER:g} s",
        "RSS MB at end",
        "growth",
        "RSS vs Next",
    ]
    return Table(headers, rows, left=2)
