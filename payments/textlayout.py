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


def wrap(text: str, columns: int) -> list[str]:
    """`text` over as many lines as it takes, broken between words where it can be and
    inside a word only when the word alone is wider than a line: nothing is ever cut off."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if width(candidate) <= columns:
            line = candidate
            continue
        if line:
            lines.append(line)
        while width(word) > columns:
            head = fit(word, columns)
            lines.append(head)
            word = word[len(head):]
        line = word
    if line or not lines:
        lines.append(line)
    return lines
