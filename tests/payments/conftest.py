"""Fixtures of the payments tests: an engine with every demo customer enrolled."""

import pytest

from payments.engine import EngineSettings, PaymentEngine
from payments.enrollment import complete_enrollment
from payments.ledger import Ledger
from payments.money import LineItem, Sale
from testbed import demo_data
from testbed.consent import auto_consent
from tests.conftest import DEMO_POLICY, accounts, make_client

SETTINGS = EngineSettings(
    merchant_name="데모 카페", contract_account_num=demo_data.DEMO_CONTRACT_ACCOUNT,
    contract_bank_code="011", codes=DEMO_POLICY, result_deadline_s=2.0, result_poll_s=0.05,
    not_found_after_s=0.2)
COFFEE = Sale((LineItem("아메리카노", 4500, 2),))


@pytest.fixture
def ledger(tmp_path):
    """The books, on the same file as the `db` connection the client keeps its tokens in."""
    books = Ledger(tmp_path / "ledger.sqlite3")
    yield books
    books.close()


@pytest.fixture
def engine(testbed, ledger, db):
    client = make_client(testbed.url, db)
    for account in accounts(testbed):
        if not account["merchant"]:
            complete_enrollment(client, ledger,
                               auto_consent(client.authorize_url(), account["user_seq_no"]))
    yield PaymentEngine(ledger, client, SETTINGS)
    client.close()


def fintech(testbed, name: str) -> str:
    return next(a["fintech_use_num"] for a in accounts(testbed) if a["holder_name"] == name)


@pytest.fixture
def minjun(testbed):
    return fintech(testbed, "김민준")


