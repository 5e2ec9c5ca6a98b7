"""The crash matrix: `kill -9` the kiosk at every step of a charge and of a refund, with the
bank in its own process; after a restart and `reconcile`, the ledger and the bank's journal
agree to the won, every time."""

import json
import signal
import time

import pytest

CHARGE_STEPS = ["charge-admitted", "charge-committed", "charge-answered", "charge-recorded"]
REFUND_STEPS = ["refund-admitted", "refund-committed", "refund-answered", "refund-recorded"]


@pytest.fixture(scope="module")
def customer(counter):
    account = next(a for a in counter.accounts() if a["holder_name"] == "이서연")
    assert counter.run("enroll", "--follow", "--user-hint", account["user_seq_no"]).returncode == 0
    return account["fintech_use_num"]


def restart_and_reconcile(counter) -> None:
    """Reconcile as a restarted kiosk does, again while the bank's "no such transfer" is
    still too fresh to believe (result_not_found_after_s), until all is settled."""
    deadline = time.monotonic() + 10
    while True:
        run = counter.run("reconcile", "--json")
        if run.returncode == 0:
            return
        assert run.returncode == 3 and time.monotonic() < deadline, run.stdout + run.stderr
        time.sleep(0.3)


@pytest.mark.parametrize("step", CHARGE_STEPS)
def test_a_charge_killed_at_any_step(counter, customer, step):
    killed = counter.run("pay", "--amount", "1100", "--code", customer, crash_at=step)
    assert killed.returncode == -signal.SIGKILL
    restart_and_reconcile(counter)
    counter.assert_books_agree()


@pytest.mark.parametrize("step", REFUND_STEPS)
def test_a_refund_killed_at_any_step(counter, customer, step):
    paid = json.loads(counter.run("pay", "--amount", "3300", "--code", customer,
                                  "--json").stdout)
    assert paid["status"] == "approved"
    killed = counter.run("refund", paid["payment_id"], "--amount", "1000", crash_at=step)
    assert killed.returncode == -signal.SIGKILL
    restart_and_reconcile(counter)
    counter.assert_books_agree()


@pytest.mark.parametrize("api", ["withdraw", "deposit"])
def test_a_kiosk_killed_while_its_request_is_at_the_bank(counter, customer, api):
    if api == "deposit":
        paid = json.loads(counter.run("pay", "--amount", "2200", "--code", customer,
                                      "--json").stdout)
        command = ["refund", paid["payment_id"]]
    else:
        command = ["pay", "--amount", "2200", "--code", customer]
    before = len(counter.journal())
    counter.faults({"api": api, "fault": "delay", "seconds": 5, "times": 1})
    kiosk = counter.start(*command)
    deadline = time.monotonic() + 10
    while len(counter.journal()) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    kiosk.send_signal(signal.SIGKILL)  # the bank has done it; the kiosk never hears
    kiosk.wait()
    counter.faults()
    restart_and_reconcile(counter)
    counter.assert_books_agree()


REFUSED_QUERIES = [{"fault": "rsp_code", "code": "A0013"},
                   {"fault": "rsp_code", "code": "A0002", "bank_code": "111"},
                   {"fault": "rsp_code", "code": "A0002", "bank_code": "114"},
                   {"fault": "empty_list", "code": "A0013"},
                   {"fault": "http_error", "code": "401"}]


@pytest.mark.parametrize(("api", "refusal"), [
    *(("withdraw", refusal) for refusal in REFUSED_QUERIES),
    ("deposit", REFUSED_QUERIES[0]), ("deposit", REFUSED_QUERIES[3])],
    ids=lambda value: value if isinstance(value, str) else
    f"{value['fault']}-{value.get('code', '')}{value.get('bank_code', '')}")
def test_a_status_query_the_bank_refuses_is_no_answer(counter, customer, api, refusal):
    """The transfer went through, its answer was lost, and the bank refuses every question
    about it: unknown (exit 3), never declined, until it answers."""
    command = ["pay", "--amount", "1200", "--code", customer, "--json"]
    if api == "deposit":
        paid = json.loads(counter.run(*command).stdout)
        command = ["refund", paid["payment_id"], "--json"]
    counter.faults({"api": api, "fault": "drop", "apply": True, "times": 1},
                   {"api": "result", **refusal})
    sent = counter.run(*command)
    assert sent.returncode == 3 and json.loads(sent.stdout)["status"] == "unknown", sent.stdout
    assert counter.run("reconcile").returncode == 3
    counter.faults()
    restart_and_reconcile(counter)
    counter.assert_books_agree()
