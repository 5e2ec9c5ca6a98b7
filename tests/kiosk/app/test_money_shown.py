"""Amounts as the screens show them, in either language: a refund's minus before the won sign
in English, as a bank statement writes it."""

import pytest

from kiosk.app.i18n import Language, won


@pytest.fixture
def language(qapp):
    language = Language()
    yield language
    language.set("ko")


def test_korean_amounts_carry_won_after_them(language):
    assert (won(15_800), won(-1_000), won(0)) == ("15,800원", "-1,000원", "0원")


def test_english_refunds_read_minus_won_not_won_minus(language):
    """Before: the report screen's refunds read ₩-1,000."""
    language.set("en")
    assert (won(15_800), won(-1_000), won(0)) == ("₩15,800", "-₩1,000", "₩0")
