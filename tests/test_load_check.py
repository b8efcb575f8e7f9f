"""`bridge build` loads every page's module in the engines, and names the page and the package when one
throws at load (bridge/build/load_check.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from processes import bridge_command

WIDGET = """function setUp() {
  return document.title;
}
export const title = setUp();
"""


def _build(root: Path, *engines: str) -> subprocess.CompletedProcess[str]:
    command = [*bridge_command(), "build", "--pages", str(root / "pages"), *(f"--engine={e}" for e in engines)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_a_package_that_throws_at_load_fails_the_build_naming_page_and_package(tmp_path: Path) -> None:
    package = tmp_path / "node_modules" / "loud-widget"
    package.mkdir(parents=True)
    (package / "package.json").write_text('{"name": "loud-widget", "version": "1.0.0", "main": "index.js"}')
    (package / "index.js").write_text(WIDGET)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.jsx").write_text("export default function Home() { return <p>home</p>; }\n")
    (tmp_path / "pages" / "widget.jsx").write_text(
        'import { title } from "loud-widget";\n\nexport default function Widget() {\n  return <p>{title}</p>;\n}\n'
    )
    result = _build(tmp_path)
    assert result.returncode == 1
    assert 'pages/widget.jsx: page "widget" fails to load on the server (QuickJS, V8): ReferenceError' in result.stderr
    assert "thrown in the package loud-widget (node_modules/loud-widget/index.js:2:" in result.stderr
    assert "(pages/widget.jsx:1:1)" in result.stderr  # the stack, mapped
    assert "index" not in result.stderr.replace("index.js", "")  # the page that loads is not named


def test_an_api_quickjs_lacks_at_load_fails_the_build_unless_served_with_v8(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "sorted.jsx").write_text(
        'const collator = new Intl.Collator("en");\n\n'
        'export default function Sorted() {\n  return <p>{["b", "a"].sort(collator.compare).join()}</p>;\n}\n'
    )
    result = _build(tmp_path)
    assert result.returncode == 1
    assert 'pages/sorted.jsx: page "sorted" fails to load on the server (QuickJS)' in result.stderr
    assert "Intl.Collator is not available under QuickJS" in result.stderr
    assert 'render with engine="v8", which serves it' in result.stderr
    assert _build(tmp_path, "v8").returncode == 0


def test_a_document_that_throws_at_load_fails_the_build_with_its_mapped_stack(tmp_path: Path) -> None:
    """pages/_document loads with the bundle itself (its styleRegistry), so its error stops the whole bundle:
    the message is the error and its stack mapped to the app's files, never the minified bundle's source."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.jsx").write_text("export default function Home() { return <p>home</p>; }\n")
    (tmp_path / "pages" / "_document.jsx").write_text(
        'function registry() {\n  throw new Error("set up styled-components first");\n}\n\n'
        "export const styleRegistry = registry();\n"
    )
    for engine, name in (("quickjs", "QuickJS"), ("v8", "V8")):
        result = _build(tmp_path, engine)
        assert result.returncode == 1
        message = result.stderr.split("error: build failed:\n", 1)[1]
        assert message.startswith(f"the server bundle fails to load in {name}: Error: set up styled-components first\n")
        assert "pages/_document.jsx:2:" in message and "pages/_document.jsx:5:" in message
        assert len(message) < 1000, message  # not a line of the minified bundle
    (tmp_path / "pages" / "_document.jsx").write_text("export const styleRegistry = null;\n")
    assert _build(tmp_path, "quickjs").returncode == 0
