"""The corpus's frames, seeded: a counter, maybe the customer's code (and another) placed on
it, then the camera. `split("tune")` and `split("held-out")` are the same distribution from
seeds that never meet, so what the pipeline is tuned on is never what it is judged on."""

import math
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from hardware.qr.corpus.camera import photograph, where_seen
from hardware.qr.corpus.scene import add_code, add_other_thing, counter

SPLITS = {"tune": 1_000_003, "held-out": 7_000_001}
NO_CODE_SHARE = 0.15


@dataclass(frozen=True)
class Sample:
    image: np.ndarray  # BGR
    text: str | None  # the code the customer presents, None for a frame with no code
    conditions: dict
    in_view: frozenset[str] = field(default_factory=frozenset)  # every code in the frame
    # The ground truth of the presented code: its modules (True for dark) and each module
    # centre's (x, y) in the frame, for measuring what an ideal reader could read.
    modules: np.ndarray | None = field(default=None, repr=False, compare=False)
    centres: np.ndarray | None = field(default=None, repr=False, compare=False)


def split(name: str, count: int) -> Iterator[Sample]:
    """The first `count` frames of the named split ("tune" or "held-out")."""
    if name not in SPLITS:
        raise ValueError(f"split {name!r}: use one of {', '.join(SPLITS)}")
    return generate(count, SPLITS[name])


def _payload(rng: random.Random) -> str:
    """What customers present: short numbers and URIs, bytes a text mode would mangle, and
    signed codes long enough to need a high QR version."""
    digits = "".join(rng.choice(string.digits) for _ in range(24))
    choice = rng.random()
    if choice < 0.25:
        return digits
    if choice < 0.35:
        return f"kpay:{digits}"
    if choice < 0.45:  # bytes a text mode would rewrite: group separators, a tab, a DEL
        return "\x1d".join(("]C1", digits[:12], "\t" + digits[12:] + "\x7f"))
    alphabet = string.ascii_letters + string.digits + "-_"
    parts = (rng.randint(30, 40), rng.randint(120, 200), 86)
    return ".".join("".join(rng.choice(alphabet) for _ in range(n)) for n in parts)


def generate(count: int, seed: int = 2026) -> Iterator[Sample]:
    """`count` frames from one seed: the same seed gives the same frames, pixel for pixel, so
    a number measured on them can be measured again."""
    rng = random.Random(seed)
    for _ in range(count):
        width, height = (1280, 720) if rng.random() < 0.25 else (640, 480)
        frame = counter(rng, width, height)
        conditions: dict = {"size": f"{width}x{height}"}
        if rng.random() < NO_CODE_SHARE:
            conditions["code"] = None
            frame = add_other_thing(rng, frame, conditions)
            yield Sample(photograph(rng, frame, 4.0, conditions), None, conditions)
            continue
        in_view = set()
        if rng.random() < 0.15:  # a second code in view: another phone, a poster behind
            other = _payload(rng)
            frame, _, _ = add_code(rng, frame, other, rng.uniform(2.5, 6), {})
            in_view.add(other)
            conditions["second_code"] = True
        text = _payload(rng)
        module_px = math.exp(rng.uniform(math.log(2.2), math.log(14)))
        conditions.update(code="jws" if "." in text else "short", module_px=round(module_px, 1))
        frame, modules, centres = add_code(rng, frame, text, module_px, conditions)
        module_px = conditions["module_px"]
        in_view.add(text)
        yield Sample(photograph(rng, frame, module_px, conditions), text, conditions,
                     frozenset(in_view), modules,
                     where_seen(centres, conditions, (width, height)))
