"""Whole won only; VAT split by one rule that always adds up."""

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments.money import LineItem, Sale, parse_item, parse_won, vat_split, vat_sql
from payments.reasons import Refused


@pytest.mark.parametrize(("total", "supply", "vat"), [
    (11_000, 10_000, 1_000),
    (4_500, 4_091, 409),  # 4090.9… rounds up
    (1, 1, 0),
    (5, 5, 0),  # 4.545… rounds up
    (6, 5, 1),  # 5.4545… rounds down
    (16_500, 15_000, 1_500),
    (99_999, 90_908, 9_091),  # 90908.18…
    (100_000_000, 90_909_091, 9_090_909),
])
def test_vat_split_on_awkward_totals(total, supply, vat):
    assert vat_split(total) == (supply, vat)


@given(st.integers(min_value=1, max_value=100_000_000))
def test_supply_and_vat_always_add_up_and_vat_is_about_a_tenth_of_supply(total):
    supply, vat = vat_split(total)
    assert supply + vat == total
    assert abs(vat - supply / 10) <= 1


@given(st.lists(st.integers(min_value=1, max_value=100_000_000), max_size=20))
def test_the_vat_a_report_sums_in_sql_is_the_rule_s_to_the_won(amounts):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE refunds (amount INTEGER NOT NULL)")
    db.executemany("INSERT INTO refunds VALUES (?)", [(amount,) for amount in amounts])
    summed = db.execute(f"SELECT coalesce(sum({vat_sql('amount')}), 0) FROM refunds")
    assert summed.fetchone()[0] == sum(vat_split(amount)[1] for amount in amounts)


@pytest.mark.parametrize(("text", "won"), [("4500", 4500), ("4,500", 4500), ("4500원", 4500),
                                           (" 12,000 원 ", 12000)])
def test_a_clerk_may_type_amounts_naturally(text, won):
    assert parse_won(text) == won


@pytest.mark.parametrize(("text", "why"), [
    ("0", "at least 1 won"), ("-500", "negative"), ("4500.5", "whole won"),
    ("45,00", "not an amount"), ("abc", "not an amount"), ("", "not an amount"),
    ("100000001", "over"), ("1e5", "not an amount"), ("４５００", "not an amount"),
    ("1000000000000000", "over the 100,000,000 won"), ("1,000,000,000,000,000", "over"),
    ("9" * 5000, "over"),
])
def test_bad_amounts_are_refused_with_a_reason(text, why):
    with pytest.raises(Refused, match=why) as refused:
        parse_won(text)
    assert refused.value.reason.ko


def test_a_sale_of_items_totals_and_splits():
    sale = Sale((LineItem("아메리카노", 4500, 2), LineItem("크루아상", 3800)))
    assert (sale.total, sale.supply_value, sale.vat) == (12_800, 11_636, 1_164)
    assert Sale.from_json(sale.to_json()) == sale


@pytest.mark.parametrize("bad", [
    lambda: LineItem("커피", 0), lambda: LineItem("커피", 100, 0), lambda: LineItem("", 100),
    lambda: LineItem("커피", 1000, True), lambda: LineItem("커피", 99.5),
    lambda: Sale(()), lambda: Sale((LineItem("금괴", 60_000_000, 2),)),
])
def test_bad_sales_are_refused(bad):
    with pytest.raises(Refused):
        bad()


def test_items_from_the_command_line():
    assert parse_item("아메리카노:4500:2") == LineItem("아메리카노", 4500, 2)
    assert parse_item("케이크:6,500") == LineItem("케이크", 6500)
    with pytest.raises(Refused, match="NAME:PRICE"):
        parse_item("커피")
