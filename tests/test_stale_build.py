"""A build older than its sources is refused at start-up, naming a changed file, as a missing build is:
by ``Bridge`` and ``BridgeWSGI`` when they load (Django's middleware loads the same way) and by
``bridge serve``. A build whose sources are untouched, merely touched, or absent on this machine starts.
(The uvicorn start-up of a FastAPI app with a stale build is in tests/adapters/test_startup.py.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BuiltApp
from processes import bridge_command

from bridge import Bridge, ConfigError
from bridge.adapters.wsgi import BridgeWSGI
from bridge.build.bundler import build
from bridge.build.manifest import Manifest

APP = {
    "index.jsx": 'import { label } from "./_lib/label";\nexport default function Home() { return <h1>{label}</h1>; }',
    "_lib/label.js": 'export const label = "home";\n',
    "about.jsx": "export default function About() { return <p>about</p>; }",
}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("app")
    for name, text in APP.items():
        (folder / "pages" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "pages" / name).write_text(text)
    build(folder / "pages", folder / ".bridge")
    return folder


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> BuiltApp:
    """The built app, copied with its build to another folder (times kept, as a deploy may keep them)."""
    folder = shutil.copytree(built_once, tmp_path / "app")
    return BuiltApp(folder / "pages", folder / ".bridge")


@pytest.mark.parametrize("adapter", [Bridge, BridgeWSGI])
@pytest.mark.parametrize("edited", ["index.jsx", "_lib/label.js"])
def test_a_source_edited_after_the_build_is_named(
    built: BuiltApp, adapter: type[Bridge] | type[BridgeWSGI], edited: str
) -> None:
    with (built.pages / edited).open("a") as file:
        file.write("// edited\n")
    expected = f"the build in {built.build_dir} is older than pages/{edited}, changed since: run `bridge build`"
    with pytest.raises(ConfigError, match=re.escape(expected)):
        adapter(pages=built.pages, build_dir=built.build_dir)


def test_the_build_records_the_apps_files_and_bridges_runtime(built: BuiltApp) -> None:
    sources = Manifest.read(built.build_dir).sources
    assert {"pages/index.jsx", "pages/_lib/label.js", "pages/about.jsx"} <= set(sources)
    assert any(name.endswith("js/src/client.js") for name in sources)  # bridge's own runtime too
    assert any("node_modules/react-dom/" in name for name in sources)
    assert sources["pages/_lib/label.js"].size == len(APP["_lib/label.js"])


@pytest.mark.parametrize("adapter", [Bridge, BridgeWSGI])
def test_untouched_touched_or_absent_sources_start(built: BuiltApp, adapter: type[Bridge]) -> None:
    adapter(pages=built.pages, build_dir=built.build_dir).close()
    os.utime(built.pages / "index.jsx", ns=(0, 0))  # the same text, another time (a checkout, a copy)
    adapter(pages=built.pages, build_dir=built.build_dir).close()
    (built.pages / "_lib" / "label.js").unlink()  # not on this machine: not checked
    adapter(pages=built.pages, build_dir=built.build_dir).close()


def test_bridge_serve_refuses_a_stale_build(built: BuiltApp) -> None:
    (built.pages / "about.jsx").write_text("export default function About() { return <p>changed</p>; }")
    command = [*bridge_command(), "serve", "--workers", "1", "--port", "0"]
    result = subprocess.run(command, cwd=built.pages.parent, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "is older than pages/about.jsx, changed since: run `bridge build`" in result.stderr
    assert "Traceback" not in result.stderr
