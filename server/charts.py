"""Bar charts drawn on the server as inline SVG: no script, nothing from another site, and
the page's Content-Security-Policy (no inline styles) holds, since colours come from the
stylesheet's classes.

Each chart is a fixed coordinate box (viewBox) that scales to its column's width: WIDTH is
chosen so that text stays readable both on a phone (scaled down a little) and in a desktop's
two-column grid (scaled up a little). Every bar carries a <title>, the exact figure a mouse
or a screen reader gets; the axis says the scale in a short form.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 360
LABEL_H = 16  # the row of labels under vertical bars
AXIS_W = 56  # the column of scale labels left of vertical bars
MAX_LABELS = 8  # under vertical bars; more would overlap on a phone
MAX_BAR_W = 40  # a span of two days is two bars, not two walls


@dataclass(frozen=True)
class Bar:
    label: str  # short, under or beside the bar
    value: int
    title: str  # the exact figure, for a hover and a screen reader
    kind: str = ""  # a class for its colour (e.g. method-qr)


def columns(bars: Sequence[Bar], name: str, short: Callable[[int], str],
            height: int = 170) -> Markup:
    """Vertical bars from a zero line (negative ones below it, in red), the scale's top and
    bottom labelled by `short`."""
    top = max([0, *(bar.value for bar in bars)])
    bottom = min([0, *(bar.value for bar in bars)])
    span = (top - bottom) or 1
    plot_h = height - LABEL_H - 8
    zero = 4 + plot_h * top / span
    slot = (WIDTH - AXIS_W) / max(len(bars), 1)
    every = -(-len(bars) // MAX_LABELS)  # ceil: a label on every n-th bar
    parts = [_line(AXIS_W, zero, WIDTH, zero, "zero")]
    for value, y in ((top, 4), (bottom, 4 + plot_h)):
        if value:
            parts.append(_line(AXIS_W, y, WIDTH, y, "grid"))
            parts.append(_text(AXIS_W - 4, y + 4, short(value), "scale", "end"))
    if not top and not bottom:
        parts.append(_text(AXIS_W - 4, zero + 4, short(0), "scale", "end"))
    for n, bar in enumerate(bars):
        bar_w = min(slot * 0.7, MAX_BAR_W)
        x = AXIS_W + n * slot + (slot - bar_w) / 2
        if bar.value:
            length = max(plot_h * abs(bar.value) / span, 1.0)
            y = zero - length if bar.value > 0 else zero
            kind = " ".join(filter(None, ("mark", bar.kind, "neg" if bar.value < 0 else "")))
            parts.append(f'<rect class="{kind}" x="{x:.1f}" y="{y:.1f}" '
                         f'width="{bar_w:.1f}" height="{length:.1f}">'
                         f"<title>{escape(bar.title)}</title></rect>")
        if n % every == 0:
            parts.append(_text(x + bar_w / 2, height - 4, bar.label, "label", "middle"))
    return _svg(name, height, parts)


def rows(bars: Sequence[Bar], name: str, short: Callable[[int], str]) -> Markup:
    """One horizontal bar per item, its label above it and its figure at its end: names
    of any length fit a phone's width this way."""
    row_h = 38
    height = max(len(bars), 1) * row_h
    largest = max([1, *(abs(bar.value) for bar in bars)])
    room = WIDTH - 70  # the figure's room at the bar's end
    parts = []
    for n, bar in enumerate(bars):
        y = n * row_h
        length = max(room * abs(bar.value) / largest, 0.5)
        kind = " ".join(filter(None, ("mark", bar.kind, "neg" if bar.value < 0 else "")))
        parts.append(_text(0, y + 13, bar.label, "label", "start"))
        parts.append(f'<rect class="{kind}" x="0" y="{y + 18}" width="{length:.1f}" '
                     f'height="14" rx="2"><title>{escape(bar.title)}</title></rect>')
        parts.append(_text(length + 6, y + 30, short(bar.value), "value", "start"))
    return _svg(name, height, parts)


def split(parts: Sequence[Bar], name: str) -> Markup:
    """One bar cut in the parts' shares (the method split), each share's percentage on it
    when it is wide enough to hold it."""
    total = sum(max(part.value, 0) for part in parts)
    height = 30
    shapes, x = [], 0.0
    for part in parts:
        if part.value <= 0 or not total:
            continue
        width = WIDTH * part.value / total
        shapes.append(f'<rect class="mark {part.kind}" x="{x:.1f}" y="0" width="{width:.1f}" '
                      f'height="{height}"><title>{escape(part.title)}</title></rect>')
        if width >= 44:
            shapes.append(_text(x + width / 2, 20, f"{part.label} {100 * part.value / total:.0f}%",
                                "on-bar", "middle"))
        x += width
    if not shapes:
        shapes.append(f'<rect class="empty" x="0" y="0" width="{WIDTH}" height="{height}"/>')
    return _svg(name, height, shapes)


def _svg(name: str, height: int, parts: list[str]) -> Markup:
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
                  f'aria-label="{escape(name)}" preserveAspectRatio="xMinYMin meet">'
                  + "".join(parts) + "</svg>")


def _line(x1: float, y1: float, x2: float, y2: float, kind: str) -> str:
    return f'<line class="{kind}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>'


def _text(x: float, y: float, text: str, kind: str, anchor: str) -> str:
    return (f'<text class="{kind}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">'
            f"{escape(text)}</text>")
