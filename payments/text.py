"""Reading text that machines and people type: case is folded over ASCII only.

`str.lower` folds Unicode: the Kelvin sign U+212A becomes `k` and the dotted capital I
becomes two characters, so a scheme or a command compared after `lower()` can be spelled
with look-alikes that pass the check and then mean something else further on.
"""

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FOLD = str.maketrans(_UPPER, _UPPER.lower())


def ascii_lower(text: str) -> str:
    """`text` with A-Z made a-z and every other character left exactly as it is."""
    return text.translate(_FOLD)
