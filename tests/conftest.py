"""Shared fixtures: a testbed on loopback, the ledger's database (`db`), and a client
enrolled like a kiosk's."""

import atexit
import base64
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from payments.bootstrap import BankAccess, connect
from payments.code_signing import sign_code
from payments.codes import CodePolicy
from payments.database import open_database
from payments.koreatime import tran_dtime
from payments.masking import Secret
from payments.openbanking.client import OpenBankingClient
from payments.openbanking.messages import transfers as msg
from payments.sealing import SealingKey
from testbed import demo_data
from testbed.consent import auto_consent
from testbed.demo_wallet import demo_issuer_key
from testbed.server import TestbedServer, make_testbed
from testbed.settings import BankSettings

pytest_plugins = [
    "tests.tiers",     # which tests are integration
    "tests.postgres",  # a throwaway PostgreSQL cluster: postgres_cluster, postgres_url
    "tests.books",     # the books on SQLite and on PostgreSQL: books
    "tests.browser",   # Debian's Chromium through Playwright: browser
]

# python-escpos's printer database, parsed once for this test run and the commands it starts
# (hardware/printer/escpos_capabilities.py), never from or into the user's own cache.
if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
    _escpos_cache = tempfile.mkdtemp(prefix="kiosk-tests-escpos-")
    atexit.register(shutil.rmtree, _escpos_cache, ignore_errors=True)
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = _escpos_cache
    import hardware.printer  # noqa: F401  (writes the pickle now)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test stands alone: the suite runs on every core, one test at a time to whichever
    worker is free. pytest-xdist's `xdist_group` would keep some together, but under pytest
    9.2 it does so no more, silently (xdist 3.8 renames `item._nodeid`, which pytest no
    longer reads): a test that counted on it would fail now and then, so none may."""
    grouped = [item.nodeid for item in items if item.get_closest_marker("xdist_group")]
    if grouped:
        raise pytest.UsageError(f"{grouped[0]}: xdist_group keeps nothing together here; make "
                                "the test stand alone (tests/conftest.py says why)")


REDIRECT_URI = "http://localhost:8765/callback"
SEALING_KEY = SealingKey.generate()  # the tests' kiosk seals its tokens with this


@pytest.fixture
def testbed() -> Iterator[TestbedServer]:
    with make_testbed(BankSettings(auto_consent=True)) as server:
        yield server


@pytest.fixture
def db(tmp_path):
    db = open_database(tmp_path / "ledger.sqlite3")
    yield db
    db.close()


def make_client(url: str, db, *, secret: str = demo_data.DEMO_CLIENT_SECRET,
                timeout_s: float = 5.0, key: SealingKey = SEALING_KEY,
                **options) -> OpenBankingClient:
    access = BankAccess(url, demo_data.DEMO_CLIENT_ID, Secret(secret), REDIRECT_URI,
                        demo_data.DEMO_INSTITUTION_CODE, timeout_s=timeout_s,
                        connect_timeout_s=2.0)
    return connect(access, db, key, **options)


@pytest.fixture
def client(testbed, db) -> Iterator[OpenBankingClient]:
    with make_client(testbed.url, db) as c:
        yield c


@dataclass(frozen=True)
class Customer:
    user_seq_no: str
    fintech_use_num: str
    name: str


def accounts(testbed: TestbedServer) -> list[dict]:
    return httpx.get(f"{testbed.url}/_sim/accounts").json()


def journal(testbed: TestbedServer) -> list[dict]:
    return httpx.get(f"{testbed.url}/_sim/transfers").json()


def set_faults(testbed: TestbedServer, *rules: dict) -> None:
    answer = httpx.post(f"{testbed.url}/_sim/faults", json={"rules": list(rules)})
    assert answer.status_code == 200, answer.text


def enroll(client: OpenBankingClient, testbed: TestbedServer, name: str) -> Customer:
    """The 3-legged flow, as a customer would go through it (auto-consent for `name`)."""
    account = next(a for a in accounts(testbed) if a["holder_name"] == name)
    token = client.exchange_code(auto_consent(client.authorize_url(), account["user_seq_no"]))
    assert token.message is not None, token
    return Customer(account["user_seq_no"], account["fintech_use_num"], name)


def withdraw_request(client: OpenBankingClient, customer: Customer, amount: int,
                     **changes) -> msg.WithdrawRequest:
    fields = dict(
        bank_tran_id=client.tran_ids.next(), cntr_account_type="N",
        cntr_account_num=demo_data.DEMO_CONTRACT_ACCOUNT, dps_print_content="데모 카페",
        fintech_use_num=customer.fintech_use_num, wd_print_content="데모 카페 결제",
        tran_amt=amount, tran_dtime=tran_dtime(time.time()), req_client_name=customer.name,
        req_client_fintech_use_num=customer.fintech_use_num, req_client_num="CUST0001",
        transfer_purpose="ST", recv_client_name="데모 카페", recv_client_bank_code="011",
        recv_client_account_num=demo_data.DEMO_CONTRACT_ACCOUNT)
    return msg.WithdrawRequest(**{**fields, **changes})


def refund_request(client: OpenBankingClient, customer: Customer, amount: int
                   ) -> msg.DepositRequest:
    return msg.DepositRequest(
        cntr_account_type="N", cntr_account_num=demo_data.DEMO_CONTRACT_ACCOUNT,
        wd_pass_phrase="NONE", wd_print_content="환불", name_check_option="off",
        tran_dtime=tran_dtime(time.time()), req_cnt=1,
        req_list=[msg.DepositItem(
            tran_no="1", bank_tran_id=client.tran_ids.next(),
            fintech_use_num=customer.fintech_use_num, print_content="데모 카페 환불",
            tran_amt=amount, req_client_name=customer.name,
            req_client_fintech_use_num=customer.fintech_use_num, req_client_num="CUST0001",
            transfer_purpose="TR")])


DEMO_KID, DEMO_KEY = demo_issuer_key()
DEMO_POLICY = CodePolicy.from_config(True, {DEMO_KID: base64.b64encode(
    DEMO_KEY.public_key().public_bytes_raw()).decode()})


def ask_result(client: OpenBankingClient, check_type: str, bank_tran_id: str, amount: int,
               fintech_use_num: str = ""):
    """transfer/result about one transfer of today, as the engine asks it."""
    query = msg.ResultQuery(tran_no="1", org_bank_tran_id=bank_tran_id,
                            org_bank_tran_date=client.today(), org_tran_amt=amount)
    return client.transfer_result(check_type, query, fintech_use_num)


def demo_code(fintech_use_num: str, **kwargs) -> str:
    """A fresh signed payment code from the demo wallet issuer."""
    return sign_code(DEMO_KEY, DEMO_KID, fintech_use_num, now=time.time(), **kwargs)
