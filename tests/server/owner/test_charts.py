"""The report's charts: inline SVG bars that say the exact figure on each bar, draw a loss
below the zero line, and carry no markup of the data's own."""

import re
import xml.etree.ElementTree as ElementTree

from server.charts import MAX_LABELS, Bar, columns, rows, split
from server.owner import short_won

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def marks(svg: ElementTree.Element) -> list[ElementTree.Element]:
    return svg.findall(f"{SVG}rect")


def test_columns_rise_from_zero_and_a_loss_hangs_below_it_in_red():
    svg = parse(columns([Bar("1", 300, "a"), Bar("2", 0, "b"), Bar("3", -100, "c")], "net",
                        str))
    gain, loss = marks(svg)  # nothing drawn for a quiet hour
    zero = float(svg.find(f"{SVG}line[@class='zero']").get("y1"))
    assert float(gain.get("y")) + float(gain.get("height")) == zero
    assert float(loss.get("y")) == zero and "neg" in loss.get("class")
    assert float(gain.get("height")) == 3 * float(loss.get("height"))
    assert [mark.find(f"{SVG}title").text for mark in (gain, loss)] == ["a", "c"]
    assert {t.text for t in svg.iter(f"{SVG}text")} >= {"300", "-100"}  # the scale's ends


def test_a_month_of_days_is_labelled_sparsely_enough_to_read():
    svg = parse(columns([Bar(f"{n:02d}", n, str(n)) for n in range(1, 32)], "by day", str))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "label"]
    assert len(labels) <= MAX_LABELS and labels[0] == "01"
    assert len(marks(svg)) == 31


def test_rows_put_each_name_above_its_bar_and_the_figure_at_its_end():
    svg = parse(rows([Bar("강남점 1번", 200, "t1"), Bar("역삼점", 100, "t2")], "counters",
                     lambda won: f"{won}원"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["강남점 1번", "200원", "역삼점", "100원"]
    first, second = marks(svg)
    assert float(first.get("width")) == 2 * float(second.get("width"))


def test_the_split_shows_each_share_and_only_the_shares_that_exist():
    svg = parse(split([Bar("NFC", 250, "n", "method-nfc"), Bar("QR", 750, "q", "method-qr"),
                       Bar("X", 0, "x")], "methods"))
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["NFC 25%", "QR 75%"]
    assert [m.get("class") for m in marks(svg)] == ["mark method-nfc", "mark method-qr"]
    assert [m.get("class") for m in marks(parse(split([], "methods")))] == ["empty"]


def test_a_name_is_text_never_markup():
    markup = str(rows([Bar("<script>alert(1)</script>", 1, '"><img src=x>')], "c", str))
    assert "<script>" not in markup and "<img" not in markup
    assert re.search(r"&lt;script&gt;", markup)
    parse(markup)  # still well-formed


def test_a_scales_short_amounts_are_to_a_tenth_half_up_in_either_language():
    """Before: English rounded to whole thousands, half to even: 4,500 and 4,000 both read
    ₩4k beside bars of different lengths."""
    amounts = (4_500, 4_000, 950, 12_345_000, -2_550)
    assert [short_won("en", a) for a in amounts] == ["₩4.5k", "₩4.0k", "₩950", "₩12.3M",
                                                      "-₩2.6k"]
    assert [short_won("ko", a) for a in amounts] == ["0.5만", "0.4만", "0.1만", "1,234.5만",
                                                      "-0.3만"]
