"""One codec between Open Banking JSON and typed message objects.

Messages are keyword-only dataclasses. A field without a default is required; `int` fields
travel as JSON strings of digits (Open Banking sends amounts and counts that way) unless
marked `number`; `list[Message]` fields hold nested messages. `fmt` attaches the format the
reference gives a field, so the client refuses to send a malformed request and the
simulator refuses to accept one, from the same table.
"""

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

M = TypeVar("M")


class WireError(ValueError):
    """A message that does not have the shape the reference gives it; says which field."""


def fmt(
    pattern: str | None = None,
    *,
    check: Callable[[str], bool] | None = None,
    number: bool = False,
    default: Any = dataclasses.MISSING,
) -> Any:
    """A field with its wire format: a full-match regex and/or a check on the text form."""
    metadata = {"pattern": re.compile(pattern) if pattern else None, "check": check,
                "number": number}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@cache
def _fields(cls: type) -> tuple[tuple[dataclasses.Field, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f, hints[f.name]) for f in dataclasses.fields(cls))


def _optional_inner(hint: Any) -> Any:
    """`X | None` → X; anything else unchanged."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _check_text(name: str, text: str, field: dataclasses.Field) -> None:
    pattern = field.metadata.get("pattern")
    check = field.metadata.get("check")
    if pattern is not None and not pattern.fullmatch(text):
        raise WireError(f"{name}: {text[:40]!r} is not in the format {pattern.pattern}")
    if check is not None and not check(text):
        raise WireError(f"{name}: {text[:40]!r} is not valid")


def _has_default(field: dataclasses.Field) -> bool:
    return (field.default is not dataclasses.MISSING
            or field.default_factory is not dataclasses.MISSING)


def decode(cls: type[M], data: Any, path: str = "") -> M:
    """Build a message from parsed JSON, or raise WireError naming the first bad field."""
    if not isinstance(data, dict):
        raise WireError(f"{path or 'body'}: expected an object, got {type(data).__name__}")
    values: dict[str, Any] = {}
    for field, hint in _fields(cls):
        name = f"{path}{field.name}"
        raw = data.get(field.name)
        if raw is None or raw == "":
            if not _has_default(field):
                raise WireError(f"{name}: missing")
            continue
        values[field.name] = _decode_value(name, raw, _optional_inner(hint), field)
    try:
        return cls(**values)
    except WireError:
        raise
    except (TypeError, ValueError) as exc:
        raise WireError(f"{path or 'body'}: {exc}") from None


def _decode_value(name: str, raw: Any, hint: Any, field: dataclasses.Field) -> Any:
    if typing.get_origin(hint) is list:
        (item_cls,) = typing.get_args(hint)
        if not isinstance(raw, list):
            raise WireError(f"{name}: expected a list")
        return [decode(item_cls, item, f"{name}[{i}].") for i, item in enumerate(raw)]
    if hint is int:
        if field.metadata.get("number"):
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise WireError(f"{name}: expected a whole number")
            return raw
        if not isinstance(raw, str) or not re.fullmatch(r"-?\d{1,18}", raw):
            raise WireError(f"{name}: expected a string of digits, got {str(raw)[:40]!r}")
        _check_text(name, raw, field)
        return int(raw)
    if hint is str:
        if not isinstance(raw, str):
            raise WireError(f"{name}: expected a string, got {type(raw).__name__}")
        _check_text(name, raw, field)
        return raw
    raise TypeError(f"{name}: no codec for {hint}")  # a message declared wrongly: our bug


def encode(message: Any) -> dict[str, Any]:
    """The JSON object of a message, checking every field's format on the way out."""
    out: dict[str, Any] = {}
    for field, hint in _fields(type(message)):
        value = getattr(message, field.name)
        if value is None or value == "":
            if not _has_default(field):
                raise WireError(f"{field.name}: missing")
            continue
        hint = _optional_inner(hint)
        if typing.get_origin(hint) is list:
            out[field.name] = [encode(item) for item in value]
        elif hint is int and not field.metadata.get("number"):
            _check_text(field.name, str(value), field)
            out[field.name] = str(value)
        else:
            if isinstance(value, str):
                _check_text(field.name, value, field)
            out[field.name] = value
    return out


def encode_query(message: Any) -> dict[str, str]:
    """Query parameters of a GET call: every value a string."""
    return {key: str(value) for key, value in encode(message).items()}
