"""PostCSS with the app's own plugins: Tailwind CSS v4 (through @tailwindcss/postcss, scanning the pages
for class names) and autoprefixer, plus Sass in a CSS Module; real npm packages pinned in the test app's
package.json and package-lock.json. A missing plugin fails the build naming the package to install."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bridge.build.toolchain import ensure_js_dependencies, find_node

from .servers import HERE, BridgeServer, http_get
from .support import OpenTab, Route

APP = HERE / "tailwind_app"


def tailwind_project(root: Path) -> Path:
    """A copy of the Tailwind app in ``root`` (its packages installed once, shared); returns its pages."""
    ensure_js_dependencies(find_node(), APP)  # npm ci from the app's lockfile, once per lockfile
    shutil.copytree(APP / "pages", root / "pages", ignore=shutil.ignore_patterns("*.d.ts"))
    for name in ("package.json", "postcss.config.mjs"):
        shutil.copy(APP / name, root / name)
    (root / "node_modules").symlink_to(APP / "node_modules")
    return root / "pages"


@pytest.fixture(scope="module")
def tailwind(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BridgeServer]:
    server = BridgeServer(tailwind_project(tmp_path_factory.mktemp("tailwind")))
    server.build()
    server.start()
    yield server
    server.stop()


def _no_scripts(route: Route) -> None:
    route.abort()


def test_a_tailwind_page_is_styled_on_first_paint(tailwind: BridgeServer, open_tab: OpenTab) -> None:
    tab = open_tab(tailwind, isolated=True)
    tab.page.route("**/*.js", _no_scripts)
    tab.page.goto(tab.url("/"))
    style = tab.page.evaluate(
        """() => {
          const title = getComputedStyle(document.getElementById("title"));
          return {size: title.fontSize, weight: title.fontWeight, line: title.textDecorationLine,
                  padding: getComputedStyle(document.querySelector("main")).paddingTop,
                  panel: getComputedStyle(document.getElementById("panel")).borderTopWidth,
                  label: getComputedStyle(document.getElementById("label")).color};
        }"""
    )
    # text-3xl, font-bold, underline, p-6: classes Tailwind found in pages/index.jsx
    assert style == {
        "size": "30px",
        "weight": "700",
        "line": "underline",
        "padding": "24px",
        "panel": "3px",  # panel.module.scss: Sass, then scoped
        "label": "rgb(12, 34, 56)",
    }


def test_the_stylesheet_has_only_the_classes_used_and_prefixes(tailwind: BridgeServer) -> None:
    (css_file,) = tailwind.manifest()["pages"]["_app"]["css"]
    css = http_get(f"{tailwind.url}/_bridge/static/{css_file}")[2].decode()
    assert ".text-sky-700{" in css and ".text-sky-800{" not in css  # scanned, not the whole palette
    assert "-webkit-user-select:none" in css  # autoprefixer, from the app's postcss.config.mjs


def test_a_missing_postcss_plugin_names_the_package(tmp_path: Path) -> None:
    pages = tailwind_project(tmp_path)
    config = tmp_path / "postcss.config.mjs"
    config.write_text(config.read_text().replace("autoprefixer: {}", '"postcss-preset-env": {}'))
    server = BridgeServer(pages)
    with pytest.raises(RuntimeError) as caught:
        server.build()
    message = str(caught.value)
    assert 'the PostCSS plugin in postcss.config.mjs needs the npm package "postcss-preset-env"' in message
    assert "run `npm install postcss-preset-env` in " in message
