"""Why something was refused, in words a clerk can read, in Korean and in English."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    ko: str
    en: str

    def __str__(self) -> str:
        return self.en


class Refused(ValueError):
    """A refusal with its reason: nothing was sent to the bank."""

    def __init__(self, ko: str, en: str) -> None:
        super().__init__(en)
        self.reason = Reason(ko, en)
