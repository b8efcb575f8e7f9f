"""Props to JSON: what orjson takes, the key path of what it does not, and escaping for an inline script."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import uuid
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bridge import SerializationError
from bridge.props.serialize import dumps, escape_for_script


class Colour(enum.Enum):
    RED = "red"
    GREEN = 2


@dataclasses.dataclass
class Author:
    name: str
    born: datetime.date


@dataclasses.dataclass
class Shelf:
    label: str
    authors: list[Author]
    extra: Any = None


class Model:
    """Stands in for a pydantic model: anything with ``model_dump(mode="json")``."""

    def __init__(self, **fields: object) -> None:
        self.fields = fields

    def model_dump(self, mode: str) -> dict[str, object]:
        assert mode == "json"
        return self.fields


def roundtrip(value: object) -> Any:
    return orjson.loads(dumps(value))


def test_plain_values() -> None:
    props = {"s": "é😀", "i": -3, "f": 1.5, "b": True, "n": None, "l": [1, [2]], "t": (1, 2), "d": {"k": {}}}
    assert roundtrip(props) == {**props, "t": [1, 2]}


def test_dates_times_and_uuids() -> None:
    moment = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert roundtrip(
        {"at": moment, "naive": datetime.datetime(2024, 1, 2, 3, 4), "day": datetime.date(2024, 2, 29), "id": key}
    ) == {
        "at": "2024-05-06T07:08:09+00:00",
        "naive": "2024-01-02T03:04:00",
        "day": "2024-02-29",
        "id": "12345678-1234-5678-1234-567812345678",
    }
    assert roundtrip({"t": datetime.time(12, 30)}) == {"t": "12:30:00"}


def test_dataclasses_and_enums() -> None:
    shelf = Shelf("Novels", [Author("Le Guin", datetime.date(1929, 10, 21))], extra=Colour.GREEN)
    assert roundtrip({"shelf": shelf, "colour": Colour.RED}) == {
        "shelf": {"label": "Novels", "authors": [{"name": "Le Guin", "born": "1929-10-21"}], "extra": 2},
        "colour": "red",
    }
    assert roundtrip(shelf)["label"] == "Novels"


def test_models_with_model_dump() -> None:
    assert roundtrip({"book": Model(title="Dune", tags=["sf"])}) == {"book": {"title": "Dune", "tags": ["sf"]}}


def test_decimal_names_its_key_path() -> None:
    books = [{"price": 1.0}, {"price": 2.0}, {"price": 3.0}, {"title": "x", "price": Decimal("9.99")}]
    with pytest.raises(SerializationError) as caught:
        dumps({"books": books})
    assert str(caught.value) == "props.books[3].price: Decimal is not JSON serialisable"
    assert caught.value.path == "props.books[3].price"
    assert caught.value.file is None


def test_error_names_the_page_module() -> None:
    with pytest.raises(SerializationError) as caught:
        dumps({"when": object()}, Path("/app/pages/index.py"))
    assert str(caught.value) == "/app/pages/index.py: props.when: object is not JSON serialisable"
    assert caught.value.file == "/app/pages/index.py"


@pytest.mark.parametrize(
    ("props", "path", "kind"),
    [
        ({"tags": {"a", "b"}}, "props.tags", "set"),
        ({"a": {"b": [1, 2, (3, b"raw")]}}, "props.a.b[2][1]", "bytes"),
        ({"shelf": Shelf("x", [], extra=Decimal(1))}, "props.shelf.extra", "Decimal"),
        ({"c": Colour.RED, "d": [Model(x=1), Path("/")]}, "props.d[1]", "PosixPath"),
        ({"big": 2**64}, "props.big", "int"),
        ({"small": -(2**63) - 1}, "props.small", "int"),
        ({"view": MappingProxyType({"a": 1})}, "props.view", "mappingproxy"),
    ],
)
def test_key_paths(props: dict[str, object], path: str, kind: str) -> None:
    with pytest.raises(SerializationError, match=r"^(.+): (\w+) is not JSON serialisable$") as caught:
        dumps(props)
    assert caught.value.path == path
    assert str(caught.value) == f"{path}: {kind} is not JSON serialisable"


def test_ints_at_the_edges_of_the_range_pass() -> None:
    assert roundtrip({"a": 2**64 - 1, "b": -(2**63), "c": True}) == {"a": 2**64 - 1, "b": -(2**63), "c": True}


def test_non_string_keys() -> None:
    with pytest.raises(SerializationError) as caught:
        dumps({"counts": {"a": 1, 2: 3}})
    assert caught.value.path == "props.counts[2] (key)"
    assert str(caught.value) == "props.counts[2] (key): int is not JSON serialisable"
    with pytest.raises(SerializationError, match=r"^props\[None\] \(key\): NoneType"):
        dumps({None: 1})


def test_dict_subclasses_are_fine() -> None:
    assert roundtrip(OrderedDict(a=1)) == {"a": 1}


def test_nesting_deeper_than_orjson_allows() -> None:
    deep: list[object] = []
    for _ in range(300):
        deep = [deep]
    with pytest.raises(SerializationError) as caught:
        dumps({"deep": deep})
    assert caught.value.path == "props"
    assert "recursion" in str(caught.value).lower()


def test_circular_reference() -> None:
    loop: dict[str, object] = {}
    loop["self"] = loop
    with pytest.raises(SerializationError) as caught:
        dumps(loop)
    assert caught.value.path == "props"


def test_custom_root() -> None:
    with pytest.raises(SerializationError, match=r"^data\.x: Decimal"):
        dumps({"x": Decimal(1)}, root="data")


# escape_for_script


def test_script_end_tag_is_escaped() -> None:
    raw = orjson.dumps({"text": "</script><script>alert(1)</script>"})
    escaped = escape_for_script(raw)
    assert b"<" not in escaped
    assert b">" not in escaped
    assert b"</script" not in escaped.lower()
    assert escaped == b'{"text":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}'
    assert orjson.loads(escaped) == {"text": "</script><script>alert(1)</script>"}


HTML_SENSITIVE = ["<!-- comment", "<!--<script>", "a & b &amp; c", "line\u2028separator", "para\u2029separator"]


@pytest.mark.parametrize("text", [*HTML_SENSITIVE, "</SCRIPT >"])
def test_html_sensitive_text_is_escaped_and_round_trips(text: str) -> None:
    escaped = escape_for_script(orjson.dumps({"text": text, "list": [text]}))
    for unsafe in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
        assert unsafe not in escaped
    assert orjson.loads(escaped) == {"text": text, "list": [text]}


def test_safe_json_is_returned_unchanged() -> None:
    raw = orjson.dumps({"title": "Dune", "n": [1, 2.5, None], "emoji": "📚", "quote": '"'})
    assert escape_for_script(raw) is raw


def test_escaping_keys_too() -> None:
    escaped = escape_for_script(orjson.dumps({"<key>": "v"}))
    assert escaped == b'{"\\u003ckey\\u003e":"v"}'


@settings(max_examples=300, database=None, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
        max_leaves=12,
    )
)
def test_escaped_json_always_parses_back_to_the_original(value: object) -> None:
    escaped = escape_for_script(orjson.dumps(value))
    assert orjson.loads(escaped) == value
    text = escaped.decode()
    assert "<" not in text
    assert "\u2028" not in text
    assert "\u2029" not in text
