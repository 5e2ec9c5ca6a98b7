"""Fixed-width text in display columns: Hangul and other wide characters take two.

Receipt printers and terminals draw a Korean character two columns wide, so padding by
`len()` misaligns every line that holds one.
"""

import unicodedata


def _size(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def width(text: str) -> int:
    return sum(_size(c) for c in text)


def fit(text: str, columns: int) -> str:
    """`text` cut to at most `columns`, never halving a wide character."""
    out, used = [], 0
    for char in text:
        if used + _size(char) > columns:
            break
        out.append(char)
        used += _size(char)
    return "".join(out)


def ljust(text: str, columns: int) -> str:
    text = fit(text, columns)
    return text + " " * (columns - width(text))


def rjust(text: str, columns: int) -> str:
    text = fit(text, columns)
    return " " * (columns - width(text)) + text


def center(text: str, columns: int) -> str:
    text = fit(text, columns)
    return " " * ((columns - width(text)) // 2) + text


def pair(left: str, right: str, columns: int) -> str:
    """`left` flush left and `right` flush right on one line; `left` gives way."""
    return ljust(left, columns - width(right) - 1) + " " + right
