"""The suite covers the whole testbed: every path it serves is called somewhere here, and
its own /_sim/ API answers in the shapes docs/testbed.md gives."""

from pathlib import Path

import pytest

from testbed.server import API_ROUTES
from tests.conformance.conftest import withdraw_body

SUITE = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py")
                if p.name != "test_coverage.py") + (Path(__file__).parent / "conftest.py"
                                                    ).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted({path for _, path in API_ROUTES}))
def test_every_open_banking_path_is_called_by_the_suite(path):
    assert f'"{path}' in SUITE, f"{path} is served but no conformance test calls it"


def test_the_admin_api(kftc, customer):
    kftc.post("/v2.0/transfer/withdraw/fin_num", customer["access_token"],
              withdraw_body(customer, "1000"))
    accounts = kftc.http.get("/_sim/accounts").json()
    assert {"fintech_use_num", "user_seq_no", "bank_code_std", "bank_name",
            "account_num_masked", "holder_name", "balance", "available", "merchant"} \
        == set(accounts[0]) and accounts[0]["merchant"]
    journal = kftc.http.get("/_sim/transfers").json()
    assert [set(t) for t in journal] == [{"kind", "bank_tran_id", "bank_tran_date",
                                          "fintech_use_num", "tran_amt", "api_tran_id"}]
    assert kftc.http.get("/_sim/faults").json() == {"rules": []}
    assert kftc.http.post("/_sim/reset", json={}).json() == {"reset": True}
    assert kftc.http.get("/_sim/transfers").json() == []
    assert kftc.http.get("/_sim/nothing").status_code == 404


def test_an_unknown_api_path_is_404_a0004(kftc, customer):
    answer = kftc.get("/v2.0/account/nothing", customer["access_token"])
    assert (answer.status_code, answer.json()["rsp_code"]) == (404, "A0004")


def test_the_demo_wallet_page(kftc, customer):
    page = kftc.http.get(f"/wallet/{customer['fintech_use_num']}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert kftc.http.get("/wallet/" + "0" * 24).status_code == 404
