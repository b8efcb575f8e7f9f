"""``bridge build`` with stylesheets and imported files: what it writes, and the errors that stop it (a CSS
syntax error, a file type bridge does not handle) with file:line:column. The browser suite
(tests/browser/test_styles.py) checks what Chromium shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from bridge import BuildError
from bridge.build.bundler import build
from bridge.types.tsc import check_types


def _app(root: Path, files: dict[str, str]) -> Path:
    pages = root / "pages"
    for name, text in files.items():
        (pages / name).parent.mkdir(parents=True, exist_ok=True)
        (pages / name).write_text(text)
    return pages


def _build_error(pages: Path) -> str:
    with pytest.raises(BuildError) as caught:
        build(pages, pages.parent / ".bridge")
    return str(caught.value)


PAGE = 'import "./site.css";\nimport s from "./card.module.css";\nexport default () => <p className={s.card}>hi</p>;\n'


def test_the_server_bundle_gets_class_names_and_no_css(tmp_path: Path) -> None:
    pages = _app(tmp_path, {"index.jsx": PAGE, "site.css": "p { color: red }\n", "card.module.css": ".card { x: 1 }"})
    manifest = build(pages, tmp_path / ".bridge")
    (css,) = manifest.pages["index"].css
    assert css.endswith(".css") and not list((tmp_path / ".bridge").glob("*.css"))
    server = (tmp_path / ".bridge" / manifest.server).read_text()
    scoped = (tmp_path / ".bridge" / "static" / css).read_text()
    assert scoped.startswith("p{color:red}")
    name = scoped.split(".")[1].split("{")[0]
    assert name.startswith("card_") and f'"{name}"' in server and "color:red" not in server


def test_a_css_module_composes_from_another_module(tmp_path: Path) -> None:
    page = 'import s from "./card.module.css";\nexport default () => <p className={s.card}>hi</p>;\n'
    composes = '.card { composes: base from "./base.module.css"; padding: 1px; }\n'
    pages = _app(tmp_path, {"index.jsx": page, "card.module.css": composes, "base.module.css": ".base { x: 1 }"})
    manifest = build(pages, tmp_path / ".bridge")
    (css,) = manifest.pages["index"].css
    scoped = (tmp_path / ".bridge" / "static" / css).read_text()
    base, card = (scoped.split(name)[1].split("{")[0] for name in (".base_", ".card_"))
    assert f'"base_{base} card_{card}"' in (tmp_path / ".bridge" / manifest.server).read_text()


def test_a_css_syntax_error_fails_the_build_with_its_location(tmp_path: Path) -> None:
    broken = "p { color: red }\nh1 { color: blue\n"
    pages = _app(tmp_path, {"index.jsx": PAGE, "site.css": broken, "card.module.css": ""})
    assert "pages/site.css:3:1: Expected" in _build_error(pages)


def test_a_css_module_syntax_error_names_the_module(tmp_path: Path) -> None:
    pages = _app(tmp_path, {"index.jsx": PAGE, "site.css": "", "card.module.css": ".card {\n  color: red;\n"})
    message = _build_error(pages)
    assert "pages/card.module.css:3:1: Expected" in message


def test_an_import_of_an_unhandled_file_type_fails_the_build(tmp_path: Path) -> None:
    page = 'import data from "./data.xyz";\nexport default () => <p>{data}</p>;\n'
    pages = _app(tmp_path, {"index.jsx": page, "data.xyz": "hi"})
    message = _build_error(pages)
    assert 'pages/index.jsx:1:18: No loader is configured for ".xyz" files' in message


def test_css_modules_are_typed_for_tsc(tmp_path: Path) -> None:
    from bridge.build.toolchain import ensure_js_dependencies, find_node, js_dir

    node = find_node()
    js = ensure_js_dependencies(node)
    tsconfig = (Path(__file__).parents[1] / "tsconfig.json").read_text().replace('"./js/', f'"{js_dir()}/')
    (tmp_path / "tsconfig.json").write_text(tsconfig)
    good = 'import "./site.css";\nimport styles from "./card.module.css";\nimport logo from "./logo.png";\n'
    good += "export default function Page() { return <img className={styles.card} src={logo} />; }\n"
    pages = _app(tmp_path, {"index.tsx": good, "site.css": "", "card.module.css": ".card { color: red }\n"})
    (pages / "logo.png").write_bytes(b"\x89PNG")
    check_types(pages, node, js)
    assert (pages / "card.module.css.d.ts").read_text().splitlines()[2] == '  readonly "card": string;'
    (pages / "index.tsx").write_text(good.replace("styles.card", "styles.missing"))
    with pytest.raises(BuildError) as caught:
        check_types(pages, node, js)
    assert "pages/index.tsx:4:64: error TS2339" in str(caught.value)
    assert "Property 'missing' does not exist" in str(caught.value)


def test_css_module_declarations_follow_the_modules_and_their_errors(tmp_path: Path) -> None:
    from bridge.build.toolchain import ensure_js_dependencies, find_node
    from bridge.types.css import sync_css_declarations

    node = find_node()
    js = ensure_js_dependencies(node)
    pages = _app(tmp_path, {"card.module.css": ".card { color: red }\n", "own.module.css.d.ts": "export {};\n"})
    (pages / "themes.module.css").mkdir()  # a folder with a stylesheet's name is no stylesheet
    sync_css_declarations(pages, node, js)
    assert (pages / "card.module.css.d.ts").is_file()
    assert not (pages / "themes.module.css.d.ts").exists()
    (pages / "card.module.css").unlink()
    sync_css_declarations(pages, node, js)
    assert not (pages / "card.module.css.d.ts").exists()  # bridge's own declaration goes with its module
    assert (pages / "own.module.css.d.ts").read_text() == "export {};\n"  # one the user wrote stays
    (pages / "broken.module.css").write_text(".broken {\n  color: red;\n")
    with pytest.raises(BuildError) as caught:
        sync_css_declarations(pages, node, js)
    assert "pages/broken.module.css:3:1: Expected" in str(caught.value)
    assert not (pages / "broken.module.css.d.ts").exists()
