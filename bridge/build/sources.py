"""What a build was made from, so a server refuses a build older than its sources.

``bridge build`` records each input esbuild read (the metafile's: pages, components, stylesheets, the
packages' files, bridge's runtime) with its size, modification time and SHA-256: under the app's folder by
its path relative to that folder (so a build made in one folder and copied with the app to another still
finds them), elsewhere by its absolute path. At start-up, ``changed_source`` stats each one that exists
on this machine: same size and time is unchanged; otherwise the digest decides (a checkout or a copy
changes the time alone). Inputs absent here (an image without node_modules or without sources) are not
checked.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Source:
    """One input file of a build, as the build read it."""

    size: int
    mtime_ns: int
    sha256: str


def record_sources(files: Iterable[str], app_dir: Path) -> dict[str, Source]:
    """The sources of a build from the absolute paths of its inputs, named relative to ``app_dir`` where
    they are under it; inputs that are not files (esbuild's virtual modules) are left out."""
    sources: dict[str, Source] = {}
    for file in files:
        path = Path(file)
        try:
            stat = path.stat()
            digest = _digest(path)
        except OSError:
            continue
        name = path.relative_to(app_dir).as_posix() if path.is_relative_to(app_dir) else str(path)
        sources[name] = Source(stat.st_size, stat.st_mtime_ns, digest)
    return dict(sorted(sources.items()))


def changed_source(sources: Mapping[str, Source], app_dir: Path) -> str | None:
    """The first of ``sources`` that exists here with other contents than the build read, or None."""
    for name, source in sources.items():
        path = os.path.join(app_dir, name)  # (an absolute name stays as it is)
        try:
            stat = os.stat(path)
        except OSError:
            continue
        if stat.st_size == source.size and stat.st_mtime_ns == source.mtime_ns:
            continue
        try:
            if stat.st_size != source.size or _digest(Path(path)) != source.sha256:
                return name
        except OSError:
            continue
    return None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
