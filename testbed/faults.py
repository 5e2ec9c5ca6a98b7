"""Fault rules: the testbed misbehaving on purpose, the way banks and networks do.

A rule names an API and a fault. `apply` says whether the bank still does the work before the
fault hides the answer (money moved, the kiosk never heard) or not at all; `times` counts
down to the rule's removal; `probability` draws from the testbed's seeded generator, so a
failing test replays with the same seed.
"""

import random
import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

APIS = ("withdraw", "deposit", "result", "token", "balance", "transactions", "user_me",
        "account_list", "real_name", "receive", "*")
FAULTS = ("delay", "rsp_code", "drop", "http_error", "garbage", "empty_list")


class RuleError(ValueError):
    """A fault rule that cannot be understood; says which field and why."""


@dataclass(frozen=True)
class FaultRule:
    api: str
    fault: str
    # rsp_code for "rsp_code" and "empty_list" (default A0000), HTTP status for "http_error"
    # (default 502)
    code: str = ""
    bank_code: str = ""  # with "rsp_code": the bank_rsp_code to answer too
    seconds: float = 0.0  # for "delay": how late the answer comes
    apply: bool = False
    times: int | None = None  # None: until replaced
    probability: float = 1.0

    @classmethod
    def from_json(cls, data: Any) -> "FaultRule":
        if not isinstance(data, dict):
            raise RuleError("a rule must be a JSON object")
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise RuleError(f"unknown rule field(s): {', '.join(sorted(unknown))}")
        try:
            rule = cls(**data)
        except TypeError:
            raise RuleError("a rule needs at least api and fault") from None
        checks = [
            (rule.api in APIS, f"api must be one of {', '.join(APIS)}"),
            (rule.fault in FAULTS, f"fault must be one of {', '.join(FAULTS)}"),
            (isinstance(rule.code, str) and isinstance(rule.bank_code, str),
             "code and bank_code are strings"),
            (rule.fault != "rsp_code" or bool(rule.code), "an rsp_code fault needs a code"),
            (rule.fault != "http_error" or rule.code in ("", *map(str, range(400, 600))),
             "an http_error code is an HTTP status from 400 to 599"),
            (isinstance(rule.seconds, int | float) and 0 <= rule.seconds <= 600,
             "seconds is a number from 0 to 600"),
            (isinstance(rule.apply, bool), "apply is true or false"),
            (rule.times is None or (isinstance(rule.times, int) and rule.times >= 1),
             "times is a whole number of at least 1"),
            (isinstance(rule.probability, int | float) and 0 <= rule.probability <= 1,
             "probability is a number from 0 to 1"),
        ]
        for ok, problem in checks:
            if not ok:
                raise RuleError(problem)
        return rule


class FaultRules:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._rules: list[list] = []  # [rule, times left]
        self._lock = threading.Lock()

    def replace(self, raw_rules: Any) -> None:
        if not isinstance(raw_rules, list):
            raise RuleError('expected {"rules": [RULE, ...]}')
        rules = [FaultRule.from_json(raw) for raw in raw_rules]
        with self._lock:
            self._rules = [[rule, rule.times] for rule in rules]

    def describe(self) -> list[dict]:
        with self._lock:
            return [{**asdict(rule), "times": left} for rule, left in self._rules]

    def draw(self, api: str) -> FaultRule | None:
        """The first rule for `api` that fires now, counted down."""
        with self._lock:
            for entry in self._rules:
                rule, left = entry
                if rule.api not in (api, "*"):
                    continue
                if rule.probability < 1 and self._rng.random() >= rule.probability:
                    continue
                if left is not None:
                    entry[1] = left - 1
                    if entry[1] == 0:
                        self._rules.remove(entry)
                return rule
        return None

    def garbage(self) -> bytes:
        """A body no JSON parser accepts: the start of an answer cut off, then noise."""
        with self._lock:
            noise = self._rng.randbytes(self._rng.randrange(16, 256))
        return b'{"rsp_code":"A00' + noise
