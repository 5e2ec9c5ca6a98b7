"""A chain's report over a span of days: approved money only, by day, hour, method and
counter; refunds on the day they were paid back under their payment's counter and method;
VAT that adds up; and a CSV whose rows add up to the page's totals. On a kiosk's SQLite books
and on a chain's PostgreSQL (`books`, tests/books.py) alike."""

import csv
import io

import pytest

from payments.chain_report import CSV_HEADER, MAX_DAYS, chain_report, report_csv, span
from payments.export import rows
from payments.ledger import Ledger
from payments.money import vat_split
from payments.reports import day_report
from tests.payments.chain_books import FINTECH, ChainBooks, kst

FIRST, SECOND, THIRD = "2026-11-20", "2026-11-21", "2026-11-22"
FIGURES = ("count", "gross", "refund_count", "refunds", "net", "supply_value", "vat")


@pytest.fixture
def empty(books) -> Ledger:
    return Ledger(books.open())


@pytest.fixture
def chain(empty) -> ChainBooks:
    """Two counters over three days, and what must not count."""
    books = ChainBooks(empty)
    latte = books.sale("1번 계산대", "qr", 11_000, kst(FIRST, 9, 5))
    books.sale("1번 계산대", "nfc", 4_500, kst(FIRST, 9, 40))
    books.sale("2번 계산대", "qr", 33_000, kst(FIRST, 13))
    books.sale("2번 계산대", "qr", 7_777, kst(FIRST, 14), status="declined")
    books.sale("2번 계산대", "nfc", 8_000, kst(SECOND, 18))
    books.sale("1번 계산대", "qr", 2_000, kst(SECOND, 19), status="unknown")
    books.rung_up("1번 계산대", 9_999, kst(SECOND, 20))
    # Part of the first day's latte, paid back at the other counter on the second day.
    books.refund(latte, 3_300, kst(SECOND, 10))
    books.refund(latte, 1_000, kst(SECOND, 11), status="declined")
    books.sale("1번 계산대", "qr", 50_000, kst(THIRD, 12))  # after the span
    return books


def test_approved_sales_less_approved_refunds_by_day_hour_method_and_counter(chain):
    report = chain_report(chain.ledger, FIRST, SECOND)
    assert {key: report[key] for key in ("count", "gross", "refund_count", "refunds", "net")} \
        == {"count": 4, "gross": 56_500, "refund_count": 1, "refunds": 3_300, "net": 53_200}
    assert (report["declined"], report["pending"], report["pending_amount"]) == (1, 1, 2_000)

    assert [(d["date"], d["count"], d["net"]) for d in report["by_day"]] == [
        (FIRST, 3, 48_500), (SECOND, 1, 4_700)]
    hours = {h["hour"]: h["net"] for h in report["by_hour"] if h["count"] or h["refunds"]}
    assert hours == {9: 15_500, 10: -3_300, 13: 33_000, 18: 8_000}
    assert len(report["by_hour"]) == 24

    assert {m: (b["count"], b["gross"], b["refunds"], b["net"])
            for m, b in report["by_method"].items()} == {
        "nfc": (2, 12_500, 0, 12_500), "qr": (2, 44_000, 3_300, 40_700)}
    counters = report["by_counter"]
    assert list(counters) == ["1번 계산대", "2번 계산대"]
    assert {name: (c["count"], c["gross"], c["refunds"], c["net"], c["pending"], c["declined"])
            for name, c in counters.items()} == {
        "1번 계산대": (2, 15_500, 3_300, 12_200, 1, 0),
        "2번 계산대": (2, 41_000, 0, 41_000, 0, 1)}


def test_one_counters_report_is_its_share_of_the_chains(chain):
    whole = chain_report(chain.ledger, FIRST, SECOND)
    ones = [chain_report(chain.ledger, FIRST, SECOND, name) for name in whole["by_counter"]]
    first = ones[0]
    assert (first["counter"], list(first["by_counter"])) == ("1번 계산대", ["1번 계산대"])
    assert first["by_counter"]["1번 계산대"] == whole["by_counter"]["1번 계산대"]
    assert (first["net"], first["refunds"], first["pending"], first["declined"]) == (
        12_200, 3_300, 1, 0)  # the refund made elsewhere is still this counter's
    for figure in (*FIGURES, "declined", "pending", "pending_amount"):
        assert sum(one[figure] for one in ones) == whole[figure], figure
    assert [d["net"] for d in first["by_day"]] == [15_500, -3_300]
    assert chain_report(chain.ledger, FIRST, SECOND, "no such counter")["count"] == 0


def test_vat_is_each_sales_own_less_each_refunds_own_and_adds_up(chain):
    report = chain_report(chain.ledger, FIRST, SECOND)
    sales_vat = sum(vat_split(amount)[1] for amount in (11_000, 4_500, 33_000, 8_000))
    assert report["vat"] == sales_vat - vat_split(3_300)[1]
    assert report["supply_value"] + report["vat"] == report["net"]
    for group in ("by_day", "by_hour", "cells"):
        assert sum(b["vat"] for b in report[group]) == report["vat"], group
    for group in ("by_method", "by_counter"):
        assert sum(b["vat"] for b in report[group].values()) == report["vat"], group
    # The accountant's CSV of single payments and refunds says the same, to the won.
    approved = [row for row in rows(chain.ledger, FIRST, SECOND) if row[4] == "approved"]
    assert (sum(row[11] for row in approved), sum(row[13] for row in approved)) == (
        report["net"], report["vat"])


def test_one_day_of_the_chain_is_that_days_z_report(chain):
    span, day = chain_report(chain.ledger, SECOND, SECOND), day_report(chain.ledger, SECOND)
    for key in (*FIGURES, "declined", "pending", "pending_amount"):
        assert span[key] == day[key], key


def test_a_refund_of_a_sale_before_the_span_is_a_negative_day(chain):
    report = chain_report(chain.ledger, SECOND, THIRD)
    assert [(d["date"], d["count"], d["gross"], d["refunds"], d["net"])
            for d in report["by_day"]] == [(SECOND, 1, 8_000, 3_300, 4_700),
                                           (THIRD, 1, 50_000, 0, 50_000)]
    assert report["by_counter"]["1번 계산대"]["net"] == 50_000 - 3_300
    assert report["by_method"]["qr"]["count"] == 1  # the refund is no sale of its own


def test_the_csv_has_one_row_per_day_counter_method_and_hour_adding_up(chain):
    report = chain_report(chain.ledger, FIRST, SECOND)
    data = report_csv(report)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # as a spreadsheet needs
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(table[0]) == CSV_HEADER
    assert [(r["영업일"], r["시"], r["계산대"], r["결제수단"], r["순매출"]) for r in table] == [
        (FIRST, "9", "1번 계산대", "nfc", "4500"), (FIRST, "9", "1번 계산대", "qr", "11000"),
        (FIRST, "13", "2번 계산대", "qr", "33000"), (SECOND, "10", "1번 계산대", "qr", "-3300"),
        (SECOND, "18", "2번 계산대", "nfc", "8000")]
    for column, figure in zip(CSV_HEADER[4:], FIGURES, strict=True):
        assert sum(int(r[column]) for r in table) == report[figure], column
    assert FINTECH.encode() not in data


def test_a_counter_a_spreadsheet_would_run_as_a_formula_is_quoted(empty):
    books = ChainBooks(empty)
    books.sale("=cmd()", "qr", 1_000, kst(FIRST, 9))
    table = report_csv(chain_report(empty, FIRST, FIRST)).decode("utf-8-sig")
    assert ",'=cmd()," in table


def test_an_empty_span_is_every_day_with_nothing(empty):
    report = chain_report(empty, FIRST, THIRD)
    assert (report["count"], report["net"], report["vat"], report["pending"]) == (0, 0, 0, 0)
    assert [d["date"] for d in report["by_day"]] == [FIRST, SECOND, THIRD]
    assert report["by_method"] == report["by_counter"] == {} and report["cells"] == []
    assert report_csv(report).decode("utf-8-sig") == ",".join(CSV_HEADER) + "\r\n"


@pytest.mark.parametrize(("first", "last", "why"), [
    (SECOND, FIRST, "ends"), ("2026-01-01", "2027-01-02", f"more than {MAX_DAYS} days"),
    ("20261122", THIRD, "not a date"), ("2026-W47-1", THIRD, "not a date"),
    (FIRST, "2026-02-30", "not a date"), ("", THIRD, "not a date")])
def test_a_span_that_is_no_span_is_refused_saying_why(first, last, why):
    with pytest.raises(ValueError, match=why):
        span(first, last)


def test_a_leap_year_is_one_span():
    assert len(span("2028-01-01", "2028-12-31")) == MAX_DAYS
