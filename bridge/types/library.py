"""bridge's and React's type declarations, copied into the project for tsc and editors.

A committed ``tsconfig.json`` must not name a path on one machine (a virtualenv's ``site-packages``), so
``bridge build`` and ``bridge types`` copy what the pages' imports need into ``.bridge/types`` beside the
pages folder, and the tsconfig maps to it with relative paths:

- ``bridge/*.d.ts``: the declarations of ``bridge/link``, ``bridge/router``, ``bridge/form``...;
- ``node_modules/@types/react`` and ``node_modules/csstype`` (which it imports): React's types, at the
  version bridge builds with.

``.bridge/`` is build output: ignored by git, made again by the next build.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

TYPES_DIR = Path(".bridge") / "types"
"""Where the declarations go, relative to the folder holding the pages."""
TSCONFIG_PATHS = {
    "bridge/*": [f"./{TYPES_DIR.as_posix()}/bridge/*"],
    "react": [f"./{TYPES_DIR.as_posix()}/node_modules/@types/react"],
    "react/*": [f"./{TYPES_DIR.as_posix()}/node_modules/@types/react/*"],
}
"""The ``compilerOptions.paths`` a project's tsconfig.json needs for them."""
_PACKAGES = ("@types/react", "csstype")


def install_library_types(pages_dir: Path, js: Path) -> Path:
    """Copies the declarations from bridge's JS folder ``js`` into the project unless they are there
    already (a stamp records what was copied); returns the folder. React's types are copied once bridge's
    npm packages are installed (``bridge build`` installs them)."""
    target = pages_dir.resolve().parent / TYPES_DIR
    sources = sorted((js / "src").glob("*.d.ts"))
    packages = [js / "node_modules" / name for name in _PACKAGES if (js / "node_modules" / name).is_dir()]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    for package in packages:
        digest.update(str(package.relative_to(js)).encode() + b"\0" + (package / "package.json").read_bytes())
    stamp = target / ".stamp"
    if stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return target
    shutil.rmtree(target, ignore_errors=True)
    (target / "bridge").mkdir(parents=True)
    for source in sources:
        shutil.copyfile(source, target / "bridge" / source.name)
    for package in packages:
        shutil.copytree(package, target / package.relative_to(js), ignore=shutil.ignore_patterns("*.md", "LICENSE"))
    stamp.write_text(digest.hexdigest())
    return target
