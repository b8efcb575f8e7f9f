"""bridge's options: one definition (Settings), type-checked keywords, and clear errors for bad values."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from mypy import api as mypy_api

from bridge import ConfigError
from bridge.config import BridgeOptions, Settings, default_render_threads


def test_the_typed_keywords_are_exactly_the_settings() -> None:
    fields = {f.name: f.type for f in dataclasses.fields(Settings) if f.init}
    assert set(BridgeOptions.__annotations__) == set(fields)
    hints = typing.get_type_hints(BridgeOptions)
    for name, declared in typing.get_type_hints(Settings).items():
        if name in ("pages", "build_dir"):  # paths: any str or PathLike, resolved to a Path
            continue
        if name in hints:
            assert hints[name] == declared, name


def test_defaults_are_resolved(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    settings = Settings(pages=tmp_path / "pages")
    assert settings.build_path == tmp_path / ".bridge"
    assert settings.thread_count == default_render_threads()
    assert settings.loop_contexts == 1  # one V8 context per event loop unless render_threads says otherwise
    assert (settings.limits.timeout, settings.limits.memory) == (1.0, 256 * 1024 * 1024)


def test_render_threads_given_also_set_the_contexts_per_loop(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    settings = Settings(pages=tmp_path / "pages", render_threads=3)
    assert (settings.thread_count, settings.loop_contexts) == (3, 3)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"render_threads": 0}, r"render_threads must be at least 1 \(or None: one per core\), not 0"),
        ({"render_threads": "2"}, r"render_threads must be int or None, not '2'"),
        ({"render_timeout": 0}, r"render_timeout must be more than 0, not 0"),
        ({"render_memory": -1}, r"render_memory must be more than 0, not -1"),
        ({"max_body_bytes": True}, r"max_body_bytes must be int, not True"),
        ({"dev": "yes"}, r"dev must be bool, not 'yes'"),
        ({"engine": "spidermonkey"}, r"unknown engine 'spidermonkey'; choose one of \['quickjs', 'v8'\]"),
        ({"render_fallback": "none"}, r"render_fallback must be 'error' or 'client', not 'none'"),
        ({"render_thread": 2}, r"unknown bridge option\(s\) \['render_thread'\]; the options are \[.*'render_threads'"),
    ],
)
def test_a_bad_option_is_a_config_error_that_says_what_to_fix(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    (tmp_path / "pages").mkdir()
    with pytest.raises(ConfigError, match=message):
        Settings.from_options({"pages": tmp_path / "pages", **options})


def test_the_type_checker_catches_a_misspelt_option(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(
        "from bridge import Bridge\nfrom bridge.adapters.wsgi import BridgeWSGI\n"
        "Bridge(pages='pages', render_thread=2)\nBridgeWSGI(pages='pages', render_timeout='1')\n"
    )
    out, _, status = mypy_api.run(["--strict", "--cache-dir", str(tmp_path / ".mypy_cache"), str(script)])
    assert status == 1
    assert 'Unexpected keyword argument "render_thread" for "Bridge"' in out
    assert 'Argument "render_timeout" to "BridgeWSGI" has incompatible type "str"; expected "float"' in out
