"""Shared by the typed-props tests: the fixture projects and copying them where a test may write."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bridge.build.toolchain import js_dir

HERE = Path(__file__).parent
DEMO = HERE.parents[1]
"""The demo app (``pages/`` and ``tsconfig.json`` at the top of the repository), TSX components and annotated
Python: its generated declarations, committed beside the pages, are the golden files."""
FIXTURES = HERE / "fixtures"


def copy_project(source: Path, target: Path, *, declarations: bool = True) -> Path:
    """Copies a project's ``pages/`` and ``tsconfig.json`` (when it has one) into ``target``; returns the
    copy's pages folder.

    The tsconfig's relative ``paths`` to bridge's js folder are made absolute, so they still resolve.
    Without ``declarations`` the generated ``.d.ts`` files are left behind.
    """
    ignore = ["__pycache__", ".bridge", ".data"] + ([] if declarations else ["*.d.ts"])
    shutil.copytree(source / "pages", target / "pages", ignore=shutil.ignore_patterns(*ignore))
    if (source / "tsconfig.json").exists():
        tsconfig = (source / "tsconfig.json").read_text()
        (target / "tsconfig.json").write_text(re.sub(r'"(?:\./|(?:\.\./)+)js/', f'"{js_dir().as_posix()}/', tsconfig))
    return target / "pages"


def declaration_files(pages: Path) -> dict[str, str]:
    """The ``.d.ts`` files under ``pages``: path relative to it -> text."""
    return {file.relative_to(pages).as_posix(): file.read_text() for file in sorted(pages.rglob("*.d.ts"))}
