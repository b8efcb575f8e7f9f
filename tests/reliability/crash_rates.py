"""How often a memory bomb crashes the whole process on the quickjs engine, by bomb and by configuration.

    .venv/bin/python tests/reliability/crash_rates.py --runs 100 --memory-mib 16
    .venv/bin/python tests/reliability/crash_rates.py --runs 20 --memory-mib 256 --shapes strings,caught

The bombs are the shapes of tests/reliability/app/pages/bomb.jsx, rendered by bridge's QuickJSEngine with the
built fixture app's server bundle, each in a fresh engine. Renders run in a child process; when the child
dies by a signal, the render it was on counts as a crash and a new child carries on with the next run. Run
``j`` uses a memory limit of ``memory + 37 * j`` bytes: whether QuickJS crashes depends on the few hundred
bytes left when the heap limit is hit, so stepping the limit samples that evenly (37 is prime to the sizes
the bombs allocate). The former binding (quickjs 1.19, QuickJS 2021-03-27) crashed in up to half the runs
of some shapes; quickjs-ng, which bridge uses now, in none (see bridge/render/quickjs.py).

Configurations:
- ``plain``: bridge's engine as it is, QuickJS's own heap limit set to the memory limit;
- ``plain-xN``: QuickJS's own heap limit at N times the memory limit, so the CPU time limit should stop
  the bomb first ("stop it by time before it fills the heap").
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SHAPES = ("strings", "module", "objects", "bytes", "pages", "chunks", "mapped", "caught", "split")
CONFIGS = ("plain",)
STEP = 37

_CHILD = r"""
import json, sys, time
from bridge.render import quickjs as engine_module
from bridge.render.engine import Limits

bundle, page, shape, config, memory, timeout, first, runs = json.loads(sys.argv[1])
heap = memory * int(config.partition("-x")[2] or 1)
source = open(bundle).read()
data = json.dumps({
    "props": {"shape": shape},
    "route": {"pathname": "/bomb", "pattern": "/bomb", "query": {}, "params": {}, "asPath": "/bomb"},
    "base": "",
    "csrf": {"field": "csrf_token", "token": "t"},
})
for run in range(first, runs):
    print(json.dumps({"start": run}), flush=True)
    engine = engine_module.QuickJSEngine(source, Limits(timeout=timeout, memory=heap + 37 * run))
    started = time.monotonic()
    try:
        engine.render(page, data)
        outcome = "rendered"
    except Exception as exc:
        outcome = type(exc).__name__
    elapsed = time.monotonic() - started
    engine.close()
    print(json.dumps({"done": run, "outcome": outcome, "seconds": elapsed}), flush=True)
"""


@dataclass
class Rates:
    """The outcomes of ``runs`` bomb renders in one configuration."""

    config: str
    shape: str
    runs: int = 0
    crashes: list[int] = field(default_factory=list)
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    seconds: list[float] = field(default_factory=list)

    def line(self) -> str:
        slowest = max(self.seconds, default=0.0)
        mean = sum(self.seconds) / len(self.seconds) if self.seconds else 0.0
        outcomes = ", ".join(f"{name} {count}" for name, count in self.outcomes.most_common())
        return (
            f"{self.config:<10} {self.shape:<8} crashes {len(self.crashes):>3}/{self.runs:<4} "
            f"({100 * len(self.crashes) / max(self.runs, 1):5.1f} %)  answers: {outcomes or '-'}; "
            f"render s mean {mean:.2f} max {slowest:.2f}"
        )


def measure(
    bundle: Path, shape: str, config: str, runs: int, memory: int, timeout: float = 5.0, page: str = "bomb"
) -> Rates:
    """Renders ``page`` with ``shape`` ``runs`` times, each in a fresh engine, in child processes."""
    rates = Rates(config, shape)
    run = 0
    while run < runs:
        args = json.dumps([str(bundle), page, shape, config, memory, timeout, run, runs])
        command = [sys.executable, "-c", _CHILD, args]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as child:
            assert child.stdout is not None
            current = run
            for line in child.stdout:
                report = json.loads(line)
                if "start" in report:
                    current = report["start"]
                else:
                    rates.outcomes[report["outcome"]] += 1
                    rates.seconds.append(report["seconds"])
                    rates.runs += 1
                    run = report["done"] + 1
        if child.returncode != 0:
            rates.crashes.append(current)
            rates.outcomes[f"crash (signal {-child.returncode})"] += 1
            rates.runs += 1
            run = current + 1
    return rates


def _build(root: Path) -> Path:
    import shutil

    from bridge.build.bundler import build

    pages = root / "pages"
    shutil.copytree(Path(__file__).parent / "app" / "pages", pages)
    manifest = build(pages, root / ".bridge")
    return root / ".bridge" / manifest.server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60, help="renders per shape and configuration")
    parser.add_argument("--memory-mib", type=int, default=16, help="the render memory limit")
    parser.add_argument("--timeout", type=float, default=5.0, help="the render time limit (CPU seconds)")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--configs", default=",".join(CONFIGS))
    options = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        bundle = _build(Path(folder))
        print(f"{options.runs} runs each, memory limit {options.memory_mib} MiB + 37 B x run, time {options.timeout} s")
        for config in options.configs.split(","):
            for shape in options.shapes.split(","):
                started = time.monotonic()
                rates = measure(bundle, shape, config, options.runs, options.memory_mib << 20, options.timeout)
                print(f"{rates.line()}  [{time.monotonic() - started:.0f} s]", flush=True)


if __name__ == "__main__":
    main()
