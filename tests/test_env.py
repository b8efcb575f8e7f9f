"""``.env`` and ``.env.local``: loaded by the bridge commands, process variables first; only
``BRIDGE_PUBLIC_`` variables reach components, replaced at build time, and nothing else any built file."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from processes import bridge_command

from bridge import Bridge, ConfigError
from bridge.env import load_env, parse_env_file, public_defines


def test_the_syntax(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "# comment\n\nPLAIN=a b  # trailing comment\nexport EXPORTED=1\nSINGLE='a #1 $x\\n'\n"
        'DOUBLE="line\\nnext \\"q\\" # kept"\nEMPTY=\nURL=https://x.example/#frag\n'
    )
    assert parse_env_file(env) == {
        "PLAIN": "a b",
        "EXPORTED": "1",
        "SINGLE": "a #1 $x\\n",
        "DOUBLE": 'line\nnext "q" # kept',
        "EMPTY": "",
        "URL": "https://x.example/#frag",
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not a pair", "expected NAME=value"),
        ("A='open", "the value's closing ' is missing"),
        ('B="x" y', 'the value.s closing " is'),
    ],
)
def test_a_bad_line_names_the_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / ".env").write_text(f"OK=1\n{line}\n")
    with pytest.raises(ConfigError, match=rf"\.env:2: {message}"):
        parse_env_file(tmp_path / ".env")


def test_the_process_wins_over_env_local_which_wins_over_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=env\nB=env\nC=env\n")
    (tmp_path / ".env.local").write_text("B=local\nC=local\n")
    environ = {"C": "process"}
    assert load_env(tmp_path, environ) == [tmp_path / ".env", tmp_path / ".env.local"]
    assert environ == {"A": "env", "B": "local", "C": "process"}


def test_only_public_variables_become_defines() -> None:
    environ = {"BRIDGE_PUBLIC_API": "https://api.example", "SECRET": "s", "BRIDGE_PUBLIC_": "x"}
    assert public_defines(environ) == {"process.env.BRIDGE_PUBLIC_API": '"https://api.example"'}


@pytest.mark.anyio
async def test_build_ships_public_variables_and_nothing_else(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "index.jsx").write_text(
        "export default function Home() {\n"
        "  return <p>{process.env.BRIDGE_PUBLIC_GREETING} / {process.env.BRIDGE_PUBLIC_LOCAL}</p>;\n}\n"
    )
    (tmp_path / ".env").write_text(
        "BRIDGE_PUBLIC_GREETING=Hello from .env\nBRIDGE_PUBLIC_LOCAL=overridden\nDB_PASSWORD=hunter2-secret\n"
    )
    (tmp_path / ".env.local").write_text("BRIDGE_PUBLIC_LOCAL=from .env.local\nAPI_KEY=sk-very-secret\n")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_PUBLIC_")}
    result = subprocess.run(
        [*bridge_command(), "build"], cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Loaded .env\nLoaded .env.local" in result.stderr
    built = {path: path.read_bytes() for path in (tmp_path / ".bridge").rglob("*") if path.is_file()}
    for path, data in built.items():
        assert b"hunter2-secret" not in data and b"sk-very-secret" not in data, path
    shipped = [path.name for path, data in built.items() if b"from .env.local" in data and path.suffix == ".js"]
    assert "server.js" in shipped and any(name.startswith("index-") for name in shipped)
    app: Any = Bridge(pages=pages, render_threads=1)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            assert "Hello from .env<!-- --> / <!-- -->from .env.local" in (await client.get("/")).text
    finally:
        app.close()
