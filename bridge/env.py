"""The app's environment files, and the variables its components may read.

``bridge dev``, ``build`` and ``serve`` load ``.env`` and then ``.env.local`` from the folder holding the
pages, as Next.js does: a variable already set in the process environment wins over both, and
``.env.local`` (kept out of git: secrets, machine settings) wins over ``.env``. Python code reads them with
``os.environ``.

Components read only the variables whose names start with ``BRIDGE_PUBLIC_``: ``bridge build`` replaces
``process.env.BRIDGE_PUBLIC_API_URL`` with its value in the server bundle and the client modules alike, so
the value is fixed when the app is built. No other variable ever reaches a built file.

Syntax: ``NAME=value`` per line; ``export NAME=value``; ``#`` comments and blank lines; values in single
quotes are literal, in double quotes ``\\n``, ``\\"`` and ``\\\\`` are escapes; unquoted values end at `` #``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import MutableMapping
from pathlib import Path

from .errors import ConfigError

PUBLIC_PREFIX = "BRIDGE_PUBLIC_"
"""Variables with this prefix are readable in components (``process.env.BRIDGE_PUBLIC_...``)."""
FILES = (".env", ".env.local")
"""The environment files, in the order they are read; a later file wins."""
_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*?)\s*$")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def parse_env_file(path: Path) -> dict[str, str]:
    """The variables in one environment file; raises ConfigError naming the file and line of a bad one."""
    variables: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _LINE.match(line)
        if found is None:
            raise ConfigError(f"{path}:{number}: expected NAME=value, got {line.strip()!r}")
        variables[found["name"]] = _value(found["value"], path, number)
    return variables


def _value(raw: str, path: Path, number: int) -> str:
    if raw[:1] in ("'", '"'):
        quote = raw[0]
        end = raw.find(quote, 1)
        while quote == '"' and end != -1 and raw[end - 1] == "\\" and not raw[:end].endswith("\\\\"):
            end = raw.find(quote, end + 1)
        if end == -1 or raw[end + 1 :].strip()[:1] not in ("", "#"):
            raise ConfigError(f"{path}:{number}: the value's closing {quote} is missing or followed by text")
        inner = raw[1:end]
        if quote == "'":
            return inner
        return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[0]), inner)
    return re.split(r"\s+#", raw, maxsplit=1)[0]


def load_env(project: Path, environ: MutableMapping[str, str] = os.environ) -> list[Path]:
    """Loads ``.env`` and ``.env.local`` from ``project`` into ``environ`` without overriding what is set;
    returns the files read."""
    read = [project / name for name in FILES if (project / name).is_file()]
    merged: dict[str, str] = {}
    for path in read:
        merged.update(parse_env_file(path))
    for name, value in merged.items():
        environ.setdefault(name, value)
    return read


def public_defines(environ: MutableMapping[str, str] = os.environ) -> dict[str, str]:
    """esbuild ``define`` entries: ``process.env.BRIDGE_PUBLIC_X`` -> its value as a JS string literal."""
    return {
        f"process.env.{name}": json.dumps(value)
        for name, value in sorted(environ.items())
        if name.startswith(PUBLIC_PREFIX) and name != PUBLIC_PREFIX
    }
