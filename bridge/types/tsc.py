"""Type-checking a TypeScript project as part of ``bridge build``: declarations, then ``tsc --noEmit``.

A project is a TypeScript project when the pages folder's parent has a ``tsconfig.json`` (then ``tsc``
runs) or a page annotates its props with ``PageResult[...]`` (then the declarations are written). tsc is
the TypeScript pinned in bridge's js/package.json, run by the same Node.js as esbuild.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from ..build.toolchain import Node
from ..errors import BuildError
from .css import sync_css_declarations
from .emit import annotates_props, sync_declarations
from .library import install_library_types

_DIAGNOSTIC = re.compile(r"^(?P<file>.+?)\((?P<line>\d+),(?P<column>\d+)\): (?P<text>(?:error|warning).*)$")


def tsconfig_for(pages_dir: Path) -> Path | None:
    """The project's ``tsconfig.json`` (beside the pages folder), if it has one."""
    tsconfig = pages_dir.resolve().parent / "tsconfig.json"
    return tsconfig if tsconfig.is_file() else None


def check_types(pages_dir: Path, node: Node, js: Path) -> None:
    """For a TypeScript project: writes the declarations (props, routes, CSS Modules), then runs
    ``tsc --noEmit``; raises BuildError with the problems (``file:line:col: error TS...``). Does nothing for
    other projects."""
    tsconfig = tsconfig_for(pages_dir)
    if tsconfig is None and not annotates_props(pages_dir):
        return
    report = sync_declarations(pages_dir)
    if report.errors:
        raise BuildError(report.errors)
    install_library_types(pages_dir, js)
    if tsconfig is not None:
        sync_css_declarations(pages_dir, node, js)
        run_tsc(tsconfig, node, js)


def run_tsc(tsconfig: Path, node: Node, js: Path) -> None:
    """``tsc --noEmit -p tsconfig``; raises BuildError with its diagnostics."""
    tsc = js / "node_modules" / "typescript" / "bin" / "tsc"
    project = tsconfig.parent
    process = subprocess.run(
        [str(node.node), str(tsc), "--noEmit", "--pretty", "false", "-p", str(tsconfig)],
        cwd=project,
        env=node.env,
        capture_output=True,
        text=True,
    )
    if process.returncode == 0:
        return
    messages = parse_diagnostics(process.stdout, project) or [
        (process.stdout + process.stderr).strip() or f"tsc failed with exit code {process.returncode}"
    ]
    raise BuildError(messages)


def parse_diagnostics(output: str, project: Path) -> list[str]:
    """tsc's ``file(line,col): error TS...`` lines (and their indented continuations) as
    ``file:line:col: error TS...`` messages with the offending line, files relative to the working
    directory when under it."""
    messages: list[str] = []
    for line in output.splitlines():
        found = _DIAGNOSTIC.match(line)
        if found:
            file = project / found["file"]
            message = f"{_shown(file)}:{found['line']}:{found['column']}: {found['text']}"
            source = _source_line(file, int(found["line"]))
            messages.append(f"{message}\n    {source}" if source else message)
        elif line.startswith(" ") and messages:
            messages[-1] += f"\n{line}"
        elif line.strip():
            messages.append(line.strip())
    return messages


def _shown(file: Path) -> str:
    relative = os.path.relpath(file)
    return str(file) if relative.startswith("..") else relative


def _source_line(file: Path, number: int) -> str:
    try:
        lines = file.read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""
