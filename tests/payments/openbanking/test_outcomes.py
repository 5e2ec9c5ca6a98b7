"""The one table: what each code means for the money."""

import pytest

from payments.openbanking.outcomes import BANK_CODES, RSP_CODES, Outcome, classify


@pytest.mark.parametrize(("rsp", "bank", "outcome"), [
    ("A0000", "000", Outcome.APPROVED),
    ("A0000", "", Outcome.UNKNOWN),  # success without the bank's own "000" is not yet success
    ("A0000", None, Outcome.APPROVED),  # a call with no bank block (user/me)
    ("A0002", "453", Outcome.DECLINED),
    ("A0002", "400", Outcome.UNKNOWN),
    ("A0002", "804", Outcome.UNKNOWN),
    ("A0002", "999", Outcome.UNKNOWN),  # a bank code we do not know: ask, never assume
    ("A0002", None, Outcome.UNKNOWN),
    ("A0001", "", Outcome.UNKNOWN),
    ("A0004", "", Outcome.REJECTED),
    ("A0326", "", Outcome.REJECTED),  # our id was another terminal's: refused, nothing moved
    ("A0310", "", Outcome.NOT_FOUND),
    ("A0111", "", Outcome.DECLINED),
    ("O0003", "", Outcome.AUTH),
    ("Z9999", "", Outcome.UNKNOWN),
])
def test_codes_classify_once(rsp, bank, outcome):
    assert classify(rsp, bank).outcome is outcome


def test_only_token_codes_ask_for_a_new_token():
    assert {code for code, v in RSP_CODES.items() if v.renew_token} == {"O0002", "O0003"}


def test_every_verdict_has_a_reason_in_korean_and_english():
    for verdict in [*RSP_CODES.values(), *BANK_CODES.values()]:
        assert verdict.reason.ko and verdict.reason.en


def test_in_doubt_codes_of_the_reference_are_unknown():
    for code in ("A0001", "A0003", "A0007", "A0008", "A0017"):
        assert RSP_CODES[code].outcome is Outcome.UNKNOWN
    for code in ("400", "803", "804", "819", "822"):
        assert BANK_CODES[code].outcome is Outcome.UNKNOWN
