"""What a person may read of an account or a secret.

A full fintech number lets anyone who reads it charge the account (a static payment code is
exactly that number), and a token moves money, so neither may reach a log, a receipt or a
screen. Masking is done where a value is shown; `redact` is the safety net for text that
was not built with care (library log lines, exception messages).
"""

import re

_FINTECH = re.compile(r"(?<!\d)(\d{3})\d{18}(\d{3})(?!\d)")
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")
_SECRET_FIELD = re.compile(
    r"(?i)((?:access_token|refresh_token|client_secret|code)[\"']?\s*[=:]\s*[\"']?)[^\s&\"',}]+"
)
_JWS = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")


def mask_fintech(fintech_use_num: str) -> str:
    """Show at most the first and last three digits: enough to tell accounts apart."""
    if len(fintech_use_num) <= 6:
        return "*" * len(fintech_use_num)
    return f"{fintech_use_num[:3]}{'*' * (len(fintech_use_num) - 6)}{fintech_use_num[-3:]}"


def redact(text: str) -> str:
    """Mask fintech numbers and hide bearer tokens, secrets and signed codes in free text."""
    text = _FINTECH.sub(lambda m: f"{m[1]}{'*' * 18}{m[2]}", text)
    text = _BEARER.sub(r"\1[hidden]", text)
    text = _SECRET_FIELD.sub(r"\1[hidden]", text)
    return _JWS.sub("[signed code]", text)


class Secret:
    """A credential that prints as stars, so a log of a config or an exception cannot leak it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)
