"""bench/soak for one minute, as CI runs it: mixed traffic against `bridge serve --workers 2`, no unexpected
error, RSS growth after warm-up under 10 % (of the floor of RSS, see bench/soak). And a short run with a wrong
expectation, to see that the soak does fail when an answer is wrong."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .support import ROOT

SOAK = ROOT / "bench" / "soak"


def soak(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SOAK), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)


def test_soak_for_a_minute(tmp_path: Path) -> None:
    figures_file = tmp_path / "soak.json"
    result = soak("--minutes", "1", "--report-every", "10", "--warmup", "20", "--json", str(figures_file), timeout=150)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(figures_file.read_text())
    assert figures["unexpected"] == 0
    assert figures["failures"] == []
    # the soak did what it says: real load, every kind of request, the runaways, the RSS samples
    assert figures["seconds"] >= 59
    assert figures["requests"] > 3000, figures["requests"]
    assert all(figures["sent"].get(kind) for kind in figures["kinds"]), figures["sent"]
    assert figures["sent"]["runaway"] >= 10  # one every 5 s
    errors = ("runaway", "props error", "component error")
    assert figures["expected_500"] == sum(figures["sent"][kind] for kind in errors)
    assert len(figures["rss_windows"]) >= 6
    assert figures["rss_growth"] < 0.10
    assert figures["worker_restarts"] == 0


def test_the_soak_fails_on_a_wrong_answer() -> None:
    result = soak("--minutes", "0.1", "--report-every", "3", "--warmup", "0", "--extra", "/jserror=200", timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "unexpected errors" in result.stdout
    assert "extra /jserror /jserror: status 500, not 200" in result.stdout
