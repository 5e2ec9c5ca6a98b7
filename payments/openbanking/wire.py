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


@dataclasses.dataclass(frozen=True)
class _Slot:
    """How one field is read and written, worked out once per message class."""

    field: dataclasses.Field
    kind: str  # "str", "int", "number" or "list"
    item: type | None  # the message class of a list's items
    required: bool


@cache
def _slots(cls: type) -> tuple[_Slot, ...]:
    hints = typing.get_type_hints(cls)
    slots = []
    for f in dataclasses.fields(cls):
        hint = _optional_inner(hints[f.name])
        item = None
        if typing.get_origin(hint) is list:
            kind, (item,) = "list", typing.get_args(hint)
        elif hint is int:
            kind = "number" if f.metadata.get("number") else "int"
        elif hint is str:
            kind = "str"
        else:
            raise TypeError(f"{cls.__name__}.{f.name}: no codec for {hint}")  # our bug
        required = (f.default is dataclasses.MISSING
                    and f.default_factory is dataclasses.MISSING)
        slots.append(_Slot(f, kind, item, required))
    return tuple(slots)


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


_DIGITS = re.compile(r"-?\d{1,18}")


def decode(cls: type[M], data: Any, path: str = "") -> M:
    """Build a message from parsed JSON, or raise WireError naming the first bad field."""
    if not isinstance(data, dict):
        raise WireError(f"{path or 'body'}: expected an object, got {type(data).__name__}")
    values: dict[str, Any] = {}
    for slot in _slots(cls):
        key = slot.field.name
        raw = data.get(key)
        if raw is None or raw == "":
            if slot.required:
                raise WireError(f"{path}{key}: missing")
            continue
        values[key] = _decode_value(f"{path}{key}", raw, slot)
    try:
        return cls(**values)
    except WireError:
        raise
    except (TypeError, ValueError) as exc:
        raise WireError(f"{path or 'body'}: {exc}") from None


def _decode_value(name: str, raw: Any, slot: _Slot) -> Any:
    if slot.kind == "list":
        if not isinstance(raw, list):
            raise WireError(f"{name}: expected a list")
        return [decode(slot.item, item, f"{name}[{i}].") for i, item in enumerate(raw)]
    if slot.kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise WireError(f"{name}: expected a whole number")
        return raw
    if not isinstance(raw, str):
        expected = "a string of digits" if slot.kind == "int" else "a string"
        raise WireError(f"{name}: expected {expected}, got {type(raw).__name__}")
    if slot.kind == "int" and not _DIGITS.fullmatch(raw):
        raise WireError(f"{name}: expected a string of digits, got {raw[:40]!r}")
    _check_text(name, raw, slot.field)
    return int(raw) if slot.kind == "int" else raw


def encode(message: Any) -> dict[str, Any]:
    """The JSON object of a message, checking every field's format on the way out."""
    out: dict[str, Any] = {}
    for slot in _slots(type(message)):
        key = slot.field.name
        value = getattr(message, key)
        if value is None or value == "":
            if slot.required:
                raise WireError(f"{key}: missing")
            continue
        if slot.kind == "list":
            out[key] = [encode(item) for item in value]
        elif slot.kind == "int":
            _check_text(key, str(value), slot.field)
            out[key] = str(value)
        else:
            if slot.kind == "str":
                _check_text(key, value, slot.field)
            out[key] = value
    return out


def encode_query(message: Any) -> dict[str, str]:
    """Query parameters of a GET call: every value a string."""
    return {key: str(value) for key, value in encode(message).items()}
