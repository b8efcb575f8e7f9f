"""``bench/run --smoke``: bridge and Next.js show the same pages, and bridge serves them under load without
errors, with every engine and with the render cache (bench/run's docstring says what it covers).

Not a speed test: the smoke fails on a bridge error or pages that differ, never on figures. The first run
installs and builds the Next.js baseline in bench/nextjs (npm ci, next build); later runs take about a
minute and a half.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 1200
"""Seconds for the whole smoke, the first npm ci and next build included."""


@pytest.mark.timeout(TIMEOUT + 60)
def test_bench_smoke() -> None:
    if shutil.which("wrk") is None:
        pytest.fail(
            "wrk, the benchmark's load generator, is not installed: apt-get install wrk (Debian/Ubuntu; "
            ".ci/run installs it)",
            pytrace=False,
        )
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "run"), "--smoke"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)  # bench/run stops its servers on KeyboardInterrupt
        try:
            output, _ = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        pytest.fail(f"bench/run --smoke took more than {TIMEOUT}s:\n{output}", pytrace=False)
    assert process.returncode == 0, f"bench/run --smoke exited with {process.returncode}:\n{output}"
