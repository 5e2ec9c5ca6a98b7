"""A shop's day on the command line: enroll, pay, refund, reconcile, list, report, receipt."""

import csv
import io
import json
import socket
import time

import pytest

from kiosk.config import DEMO_CONFIG
from tests.kiosk.conftest import kiosk
from tests.ports import free_port

KEYS = {"payment_id", "status", "amount", "reason", "reason_ko", "bank_tran_id", "approval_no",
        "account_masked", "approval_code"}


@pytest.fixture(scope="module")
def minjun(counter):
    account = next(a for a in counter.accounts() if a["holder_name"] == "김민준")
    run = counter.run("enroll", "--follow", "--user-hint", account["user_seq_no"], "--json")
    assert run.returncode == 0, run.stderr
    enrolled = json.loads(run.stdout)["enrolled"]
    assert [a["holder_name"] for a in enrolled] == ["김민준"]
    assert account["fintech_use_num"] not in run.stdout + run.stderr
    return account["fintech_use_num"]


def test_a_customer_the_bank_does_not_know_is_said_at_once_not_after_the_timeout(counter):
    started = time.monotonic()
    run = counter.run("enroll", "--follow", "--user-hint", "99999", "--timeout", "60")
    assert (run.returncode, run.stderr) == (1, (
        "kiosk: the bank's consent page refused (HTTP 400: no demo user '99999'): "
        "nothing was registered\n"))
    assert time.monotonic() - started < 30


def pay(counter, *args):
    run = counter.run("pay", *args, "--json")
    return run.returncode, json.loads(run.stdout)


def test_an_approved_payment_exits_0_with_the_contract_keys(counter, minjun):
    status, result = pay(counter, "--item", "아메리카노:4500:2", "--code", minjun)
    assert status == 0 and set(result) == KEYS
    assert (result["status"], result["amount"]) == ("approved", 9000)


def test_a_refused_code_exits_2(counter, minjun):
    status, result = pay(counter, "--amount", "3000", "--code", "not-a-code")
    assert (status, result["status"]) == (2, "declined")
    assert result["reason"] == "not a payment code"


def test_a_bad_amount_is_an_error_before_anything(counter, minjun):
    run = counter.run("pay", "--amount", "12.5", "--code", minjun)
    assert run.returncode == 1 and "whole won" in run.stderr


def test_an_error_has_the_contract_keys_too(env):
    for command in (("pay", "--amount", "0", "--code", "x"), ("refund", "last")):
        run = kiosk(*command, "--json", env=env)
        assert run.returncode == 1
        result = json.loads(run.stdout)
        assert set(result) == KEYS and (result["status"], result["approval_code"]) == ("error", "")


def test_an_unknown_outcome_exits_3_until_reconciled(counter, minjun):
    counter.faults({"api": "withdraw", "fault": "drop", "apply": True, "times": 1},
                   {"api": "result", "fault": "http_error"})
    status, result = pay(counter, "--amount", "2500", "--code", minjun)
    assert (status, result["status"]) == (3, "unknown")
    assert counter.run("reconcile").returncode == 3
    counter.faults()
    settled = counter.run("reconcile", "--json")
    assert settled.returncode == 0
    assert json.loads(settled.stdout)["checked"] == {result["bank_tran_id"]: "approved"}


def test_refunds_exit_as_pay_and_never_exceed_the_payment(counter, minjun):
    _, paid = pay(counter, "--amount", "7000", "--code", minjun)
    run = counter.run("refund", paid["payment_id"], "--amount", "2000", "--json")
    assert run.returncode == 0 and json.loads(run.stdout)["status"] == "approved"
    too_much = counter.run("refund", paid["payment_id"], "--amount", "6000", "--json")
    assert too_much.returncode == 1
    assert "at most 5,000 won" in json.loads(too_much.stdout)["reason"]


def test_the_books_list_report_and_reprint(counter, minjun):
    _, paid = pay(counter, "--item", "케이크:6500", "--code", minjun, "--method", "nfc")
    listed = json.loads(counter.run("payments", "--json").stdout)
    mine = next(p for p in listed if p["payment_id"] == paid["payment_id"])
    assert (mine["status"], mine["method"], mine["amount"]) == ("approved", "nfc", 6500)
    assert minjun not in json.dumps(listed)
    report = json.loads(counter.run("report", "--json").stdout)
    assert report["by_method"]["nfc"]["gross"] >= 6500
    assert report["net"] == report["gross"] - report["refunds"]
    receipt = counter.run("receipt", paid["payment_id"])
    assert receipt.returncode == 0 and "재발행" in receipt.stdout and "케이크" in receipt.stdout
    as_json = json.loads(counter.run("receipt", "last", "--format", "json").stdout)
    assert as_json["reprint"] is True and as_json["method"] == "nfc"


def listed(counter, *args) -> dict:
    return {p["payment_id"]: p for p in json.loads(counter.run("payments", "--json",
                                                               *args).stdout)}


def test_refunds_are_part_of_a_payments_story_everywhere(counter, minjun):
    _, paid = pay(counter, "--item", "마들렌:2500:4", "--code", minjun)
    payment_id = paid["payment_id"]
    run = counter.run("refund", payment_id, "--amount", "2500")
    assert run.returncode == 0
    assert run.stdout.startswith(f"refunded: 2,500 won, payment {payment_id}")
    code = run.stdout.split("approval ")[1].split()[0]
    assert len(code) == 8 and code.isdigit()
    mine = listed(counter)[payment_id]
    assert (mine["status"], mine["refunded"], mine["remaining"]) == ("partly_refunded", 2500,
                                                                     7500)
    assert payment_id in listed(counter, "--status", "partly_refunded")
    text = counter.run("payments").stdout
    assert "refunded 2,500, remaining 7,500" in text and "partly_refunded" in text
    refund_receipt = counter.run("receipt", code)  # the number the refund printed
    assert refund_receipt.returncode == 0, refund_receipt.stderr
    assert "취소(환불) 영수증" in refund_receipt.stdout and "-2,500원" in refund_receipt.stdout
    reprint = counter.run("receipt", payment_id).stdout
    assert "부분 환불" in reprint and "7,500원" in reprint
    assert counter.run("refund", payment_id).returncode == 0
    assert listed(counter, "--status", "refunded")[payment_id]["remaining"] == 0
    again = counter.run("refund", payment_id)  # the clerk's second try: one line, no money
    assert (again.returncode, again.stderr) == (1, (
        "kiosk: this payment is already refunded in full: nothing is left to refund "
        "(이미 전액 환불된 결제입니다)\n"))
    assert payment_id not in listed(counter, "--status", "approved")


def test_a_number_on_no_receipt_says_so(counter, minjun):
    run = counter.run("receipt", "99999999")
    assert run.returncode == 1
    assert run.stderr.strip() == (
        "kiosk: there is no payment, refund or approval number '99999999' (없는 결제 번호입니다); "
        "`kiosk payments --date YYYY-MM-DD` lists a day's payments with their ids")


def test_the_day_and_any_span_as_csv_for_the_accountant(counter, minjun, tmp_path):
    _, paid = pay(counter, "--amount", "3000", "--code", minjun)
    assert counter.run("refund", paid["payment_id"], "--amount", "1000").returncode == 0
    day = json.loads(counter.run("report", "--json").stdout)["date"]
    as_csv = counter.run("report", "--csv", text=False)
    assert as_csv.returncode == 0 and as_csv.stdout.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(as_csv.stdout.decode("utf-8-sig"))))
    assert {"결제", "환불"} == {row["구분"] for row in table}
    assert sum(int(r["금액"]) for r in table if r["상태"] == "approved") == json.loads(
        counter.run("report", "--json").stdout)["net"]
    out = tmp_path / "books.csv"
    export = counter.run("export", "--from", day, "--to", day, "--csv", "--out", str(out))
    assert export.returncode == 0 and out.read_bytes() == as_csv.stdout
    backwards = counter.run("export", "--from", day, "--to", "2020-01-01")
    assert backwards.returncode == 1 and "is after --to" in backwards.stderr
    assert "not a date" in counter.run("export", "--from", "2026-02-30", "--to", day).stderr


def test_the_z_report_names_the_shop_and_the_time_zone(counter, minjun):
    text = counter.run("report").stdout
    assert text.splitlines()[0].strip() == "일일 마감 보고서 (Z)"
    assert "상호: 테스트 상점" in text and "UTC+9" in text and "출력일시" in text


def test_the_books_agree_with_the_bank(counter, minjun):
    assert counter.run("reconcile").returncode == 0
    counter.assert_books_agree()


@pytest.mark.integration  # the demo's testbed on loopback
def test_books_another_process_keeps_locked_are_one_line_and_nothing_is_sent(
        tmp_path, monkeypatch, capsys):
    import sqlite3

    import payments.database
    from kiosk.cli import main
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setattr(payments.database, "BUSY_TIMEOUT_S", 0.2)
    demo = ["--demo", "--data-dir", str(tmp_path)]
    assert main([*demo, "reconcile"]) == 0  # the demo's books and bank exist
    capsys.readouterr()
    other = sqlite3.connect(tmp_path / "ledger.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # a backup, or a kiosk, mid-write
    try:
        assert main([*demo, "pay", "--amount", "4500", "--code", "0" * 24]) == 1
        said = capsys.readouterr()
    finally:
        other.rollback()
    assert "Traceback" not in said.err and len(said.err.strip().splitlines()) == 1
    assert "in use by another process" in said.err and "left as they were" in said.err
    assert "restore" not in said.err  # a backup would lose the payments made since


@pytest.mark.integration  # commands in their own processes, a refused connection on loopback
def test_a_terminal_whose_server_is_away_pays_and_refunds_nothing_in_one_line(tmp_path, env):
    config = tmp_path / "counter.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8")
                      + f'\n[server]\nurl = "http://127.0.0.1:{free_port(socket.SOCK_STREAM)}"\n',
                      encoding="utf-8")
    at_counter = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    assert kiosk(*at_counter, "terminal", "key", env=env).returncode == 0
    for command in (("pay", "--amount", "1000", "--code", "0" * 24), ("refund", "20260101-0001")):
        run = kiosk(*at_counter, *command, env=env)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert run.stderr.splitlines()[-1] == (
            "kiosk: the chain's server cannot be reached, so no payment or refund can be made "
            "now: nothing was charged or refunded (결제 서버에 연결할 수 없어 결제와 환불을 "
            "받을 수 없습니다. 처리된 것은 없습니다)")
