"""Shared by the typed-props tests: the fixture projects and copying them where a test may write."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bridge.build.toolchain import js_dir

HERE = Path(__file__).parent
DEMO = HERE / "demo_tsx"
"""The demo app with TSX components and annotated Python: its generated declarations are the golden files."""
FIXTURES = HERE / "fixtures"


def copy_project(source: Path, target: Path, *, declarations: bool = True) -> Path:
    """Copies a fixture project (``tsconfig.json`` and ``pages/``) into ``target``; returns its pages folder.

    The tsconfig's relative ``paths`` to bridge's js folder are made absolute, so they still resolve.
    Without ``declarations`` the generated ``.d.ts`` files are left behind.
    """
    ignore = ["__pycache__", ".bridge", ".data"] + ([] if declarations else ["*.props.d.ts", "bridge-routes.d.ts"])
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*ignore))
    tsconfig = target / "tsconfig.json"
    if tsconfig.exists():
        tsconfig.write_text(re.sub(r'"(?:\.\./)+js/', f'"{js_dir().as_posix()}/', tsconfig.read_text()))
    return target / "pages"


def declaration_files(pages: Path) -> dict[str, str]:
    """The ``.d.ts`` files under ``pages``: path relative to it -> text."""
    return {file.relative_to(pages).as_posix(): file.read_text() for file in sorted(pages.rglob("*.d.ts"))}
