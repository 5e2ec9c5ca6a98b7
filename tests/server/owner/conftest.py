"""The owner's page over a small chain's books it can be checked on by hand: two counters,
yesterday and today, one partial refund and one declined charge (KNOWN), served on
loopback for Debian's Chromium (tests/browser.py), or through Starlette's TestClient."""

import socket
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from payments.koreatime import business_date
from payments.ledger import Ledger
from tests.payments.chain_books import ChainBooks, kst
from tests.ports import free_port
from tests.server.owner.owner_site import PASSWORD, serving, site

with warnings.catch_warnings():
    # Starlette would rather its TestClient ran on httpx2; the project's httpx serves it.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

GANGNAM, YEOKSAM = "강남점 1번", "역삼점 1번"
# What the books below add up to, by hand (VAT: each sale's own less the refund's).
KNOWN = {"count": 4, "gross": 58_300, "refund_count": 1, "refunds": 2_000, "net": 56_300,
         "vat": 1_091 + 409 + 3_000 + 800 - 182}
KNOWN_COUNTERS = {GANGNAM: {"count": 2, "gross": 16_500, "refunds": 2_000, "net": 14_500,
                             "vat": 1_091 + 409 - 182},
                  YEOKSAM: {"count": 2, "gross": 41_800, "refunds": 0, "net": 41_800,
                            "vat": 3_000 + 800}}


@dataclass
class Site:
    url: str
    ledger: Ledger
    password_file: Path
    today: str
    yesterday: str

    def report(self, first: str | None = None, last: str | None = None) -> str:
        return f"{self.url}/owner/report?from={first or self.yesterday}&to={last or self.today}"


def known_books(ledger: Ledger) -> tuple[str, str]:
    today = date.fromisoformat(business_date(time.time()))
    yesterday = (today - timedelta(days=1)).isoformat()
    books = ChainBooks(ledger)
    latte = books.sale(GANGNAM, "qr", 12_000, kst(yesterday, 9, 10))
    books.sale(GANGNAM, "nfc", 4_500, kst(yesterday, 13, 30))
    books.sale(YEOKSAM, "qr", 33_000, kst(yesterday, 18))
    books.sale(YEOKSAM, "nfc", 8_800, kst(today.isoformat(), 11))
    books.sale(YEOKSAM, "qr", 5_000, kst(today.isoformat(), 12), status="declined")
    books.refund(latte, 2_000, kst(today.isoformat(), 10))
    return today.isoformat(), yesterday


@pytest.fixture
def owner_site(tmp_path) -> Iterator[Site]:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    today, yesterday = known_books(ledger)
    password_file = tmp_path / "owner-password"
    with serving(site(ledger, password_file), free_port(socket.SOCK_STREAM)) as url:
        yield Site(url, ledger, password_file, today, yesterday)
    ledger.close()


@pytest.fixture
def owner_client(tmp_path) -> Iterator[tuple[TestClient, Site]]:
    """The same site through TestClient, over https so that its Secure cookie is sent."""
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    today, yesterday = known_books(ledger)
    password_file = tmp_path / "owner-password"
    with TestClient(site(ledger, password_file), base_url="https://testserver") as client:
        yield client, Site("https://testserver", ledger, password_file, today, yesterday)
    ledger.close()


def sign_in(client: TestClient, password: str = PASSWORD, next_page: str = ""):
    return client.post("/owner/login", data={"password": password, "next": next_page},
                       follow_redirects=False)
