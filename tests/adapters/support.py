"""Helpers for the adapter tests: importing an example's module, closing its bridges, reading rendered pages."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

from bridge.adapters.base import Adapter


def load_module(file: Path, name: str) -> ModuleType:
    """Imports ``file`` as module ``name`` (examples are folders of scripts, not packages)."""
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def close_bridges(app: object) -> None:
    """Stops the render threads of every bridge adapter found in ``app``: its middleware, mounts and wrapped apps."""
    seen: set[int] = set()
    todo = [app]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Adapter):
            item.close()
        for name in ("middleware_stack", "app", "wsgi_app", "router"):
            todo.append(getattr(item, name, None))
        todo.extend(getattr(item, "routes", None) or [])
        todo.extend((getattr(item, "mounts", None) or {}).values())


def page_data(html: str) -> dict[str, Any]:
    """The page data bridge embedded in a rendered page: page, build id, base, route, assets, props."""
    found = re.search(r'<script id="__BRIDGE_DATA__" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no page data in the response"
    data: dict[str, Any] = orjson.loads(found.group(1))
    return data


def asset_urls(html: str) -> list[str]:
    """The URLs of the stylesheets, module preloads and scripts in a rendered page."""
    return re.findall(r'<(?:link rel="(?:stylesheet|modulepreload)" href|script type="module" src)="([^"]+)"', html)


def link_hrefs(html: str) -> list[str]:
    """The ``href`` of every ``<a>`` in a rendered page."""
    return re.findall(r'<a [^>]*href="([^"]+)"', html)
