"""The app's ``public/`` folder (beside ``pages/``), served at the root as Starlette's ``StaticFiles`` serves a
folder: files streamed from disk, ``ETag`` and ``Last-Modified`` answered with 304, ``Range`` requests.

Never served: dotfiles and dot-folders (``.env``, ``.git/``; ``.well-known/`` excepted, for ACME and
``security.txt``), and whatever a symlink points to outside the folder. A public file keeps its name across
deploys, so it is revalidated on every use (``no-cache``, a cheap 304 while it is unchanged) rather than
cached for a while: a deploy never leaves browsers with a stale copy. ``bridge dev`` looks each request up
on disk, so added and removed files count at once; a production process lists the folder at start-up.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from starlette.responses import PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

CACHE_CONTROL = "public, no-cache"
"""Public files: cacheable by anyone, revalidated (ETag, Last-Modified) before each use."""


class PublicFiles:
    """The files of ``folder``, by their path relative to it (``img/logo.svg``)."""

    def __init__(self, folder: Path, *, live: bool = False) -> None:
        self._root = os.path.realpath(folder)
        self._files = StaticFiles(directory=self._root, check_dir=False)  # (follow_symlink=False: kept inside)
        self._live = live
        self._names = frozenset() if live else frozenset(self._scan())

    def __contains__(self, path: str) -> bool:
        if not self._live:  # (the listing holds servable paths only: a set lookup, on every request)
            return path in self._names
        if not _servable(path):
            return False
        _, found = self._files.lookup_path(path)
        return found is not None and stat.S_ISREG(found.st_mode)

    def response(self, path: str, scope: Scope) -> Response:
        """The file at ``path`` (in this folder) for a GET or HEAD: 200, 206 for a range, or 304."""
        full_path, found = self._files.lookup_path(path)
        if found is None or not stat.S_ISREG(found.st_mode):  # removed since the folder was listed
            return PlainTextResponse("Not Found", 404, {"x-content-type-options": "nosniff"})
        response = self._files.file_response(full_path, found, scope)
        response.headers["cache-control"] = CACHE_CONTROL
        response.headers["x-content-type-options"] = "nosniff"
        return response

    def _scan(self) -> set[str]:
        names: set[str] = set()
        for folder, _, files in os.walk(self._root):  # (symlinked folders are not entered)
            for name in files:
                full = os.path.join(folder, name)
                relative = os.path.relpath(full, self._root).replace(os.sep, "/")
                if _servable(relative) and self._files.lookup_path(relative)[1] is not None and os.path.isfile(full):
                    names.add(relative)
        return names


def _servable(path: str) -> bool:
    """A relative path with no empty, ``.``, ``..`` or hidden part (but ``.well-known/``)."""
    parts = path.split("/")
    return all(
        (part and not part.startswith(".")) or (i == 0 and part == ".well-known" and len(parts) > 1)
        for i, part in enumerate(parts)
    )
