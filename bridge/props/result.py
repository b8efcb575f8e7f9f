"""What ``get_server_side_props`` may return, and checking that it did.

A page returns ``{"props": {...}}``, ``{"redirect": {"destination": "/", "permanent": False}}`` or
``{"not_found": True}``; annotate it as ``PageResult[Props]`` to get typed props in TypeScript.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, NotRequired, TypeAlias, TypedDict, TypeVar

from ..errors import PropsError

P = TypeVar("P")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class Redirect(TypedDict):
    """Where to send the browser; ``permanent`` picks 308 over 307, or give ``status_code``."""

    destination: str
    permanent: NotRequired[bool]
    status_code: NotRequired[int]


class PropsResult(TypedDict, Generic[P]):
    """Render the page with these props."""

    props: P


class RedirectResult(TypedDict):
    """Redirect instead of rendering."""

    redirect: Redirect


class NotFoundResult(TypedDict):
    """Answer with the 404 page."""

    not_found: Literal[True]


class ErrorsResult(TypedDict):
    """An action's validation errors: the page renders again with them (and the submitted values)."""

    errors: dict[str, Any]


PageResult: TypeAlias = PropsResult[P] | RedirectResult | NotFoundResult
ActionResult: TypeAlias = RedirectResult | ErrorsResult | PropsResult[P] | NotFoundResult
"""What ``post``/``put``/``patch``/``delete`` may return: a redirect (303 unless ``status_code``
says otherwise), ``errors``, new ``props``, or ``not_found``."""


@dataclass(frozen=True)
class Props:
    """A checked ``props`` result."""

    value: Any


@dataclass(frozen=True)
class RedirectTo:
    """A checked ``redirect`` result."""

    destination: str
    status_code: int


@dataclass(frozen=True)
class NotFound:
    """A checked ``not_found`` result."""


@dataclass(frozen=True)
class Errors:
    """A checked ``errors`` result of an action."""

    value: dict[str, Any]


Outcome = Props | RedirectTo | NotFound
ActionOutcome = Props | RedirectTo | NotFound | Errors

_EXPECTED = 'return {"props": {...}}, {"redirect": {"destination": ...}} or {"not_found": True}'


def check_result(result: object, file: Path | None) -> Outcome:
    """Checks a ``get_server_side_props`` return value; raises PropsError naming ``file`` if it is wrong."""
    if not isinstance(result, dict) or len(result) != 1:
        keys = f" with keys {sorted(map(str, result))}" if isinstance(result, dict) else ""
        raise PropsError(f"get_server_side_props returned {type(result).__name__}{keys}; {_EXPECTED}", file)
    [(key, value)] = result.items()
    if key == "props":
        if not (isinstance(value, dict) or (dataclasses.is_dataclass(value) and not isinstance(value, type))):
            raise PropsError(f'"props" must be a dict (or dataclass), not {type(value).__name__}', file)
        return Props(value)
    if key == "redirect":
        return _redirect(value, file)
    if key == "not_found" and value is True:
        return NotFound()
    raise PropsError(f"get_server_side_props returned {{{key!r}: ...}}; {_EXPECTED}", file)


_EXPECTED_ACTION = 'return {"redirect": {...}}, {"errors": {...}}, {"props": {...}} or {"not_found": True}'


def check_action_result(result: object, file: Path | None) -> ActionOutcome:
    """Checks what an action handler returned; raises PropsError naming ``file`` if it is wrong."""
    if isinstance(result, dict) and len(result) == 1 and "errors" in result:
        if not isinstance(result["errors"], dict):
            raise PropsError(
                f'"errors" must be a dict of field -> message, not {type(result["errors"]).__name__}', file
            )
        return Errors(result["errors"])
    if isinstance(result, dict) and len(result) == 1 and "redirect" in result:
        return _redirect(result["redirect"], file, default_status=303)
    try:
        return check_result(result, file)
    except PropsError:
        raise PropsError(f"the action returned {_describe(result)}; {_EXPECTED_ACTION}", file) from None


def _describe(result: object) -> str:
    keys = f" with keys {sorted(map(str, result))}" if isinstance(result, dict) else ""
    return f"{type(result).__name__}{keys}"


def _redirect(value: object, file: Path | None, default_status: int | None = None) -> RedirectTo:
    if not isinstance(value, dict) or not isinstance(value.get("destination"), str) or not value["destination"]:
        raise PropsError('"redirect" needs a "destination" string', file)
    scheme = url_scheme(value["destination"])
    if scheme not in (None, "http", "https"):
        raise PropsError(
            f'"redirect" destination {value["destination"]!r} is a {scheme}: URL; only http:, https: and relative '
            "URLs are followed (check where the destination comes from: a query parameter makes an open redirect)",
            file,
        )
    unknown = set(value) - {"destination", "permanent", "status_code"}
    if unknown:
        raise PropsError(f'"redirect" has unknown keys {sorted(unknown)}', file)
    if "status_code" in value:
        status = value["status_code"]
        if status not in REDIRECT_STATUSES:
            raise PropsError(f'"redirect" status_code must be one of {sorted(REDIRECT_STATUSES)}, not {status!r}', file)
    elif default_status is not None and "permanent" not in value:
        status = default_status
    else:
        status = 308 if value.get("permanent") else 307
    return RedirectTo(value["destination"], status)


_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED = dict.fromkeys(map(ord, "\t\n\r"))
_STRIPPED = "".join(map(chr, range(0x21)))


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser parses it (lower case), or None for a relative URL.

    Browsers drop leading and trailing control characters and spaces, and tabs and newlines anywhere, so
    ``" java\tscript:..."`` is a ``javascript:`` URL.
    """
    match = _SCHEME.match(url.strip(_STRIPPED).translate(_IGNORED))
    return match.group(1).lower() if match else None


def only_props(props: object, names: frozenset[str]) -> dict[str, object]:
    """The props named in ``names`` (a partial reload's ``context.only``) of a dict or dataclass instance."""
    items = dataclasses.asdict(props) if dataclasses.is_dataclass(props) and not isinstance(props, type) else props
    assert isinstance(items, dict)
    return {key: value for key, value in items.items() if key in names}
