"""The client against the testbed over real sockets: every class of answer and every fault.

The journal (`/_sim/transfers`) is the bank's own record, so each test can say exactly how
many times money moved.
"""

import dataclasses
import time

import pytest

from payments.openbanking.outcomes import Outcome
from payments.openbanking.tokens import TokenStore
from tests.conftest import (
    SEALING_KEY,
    ask_result,
    enroll,
    journal,
    make_client,
    refund_request,
    set_faults,
    withdraw_request,
)


@pytest.fixture
def minjun(client, testbed):
    return enroll(client, testbed, "김민준")


def charge(client, customer, amount, **changes):
    request = withdraw_request(client, customer, amount, **changes)
    return request, client.withdraw(customer.user_seq_no, request)


def result_of(client, request):
    return ask_result(client, "1", request.bank_tran_id, request.tran_amt,
                      request.fintech_use_num)


class TestAnswers:
    def test_an_approved_withdrawal_moves_the_money_once(self, client, testbed, minjun):
        request, answer = charge(client, minjun, 4500)
        assert answer.outcome is Outcome.APPROVED
        assert answer.message.tran_amt == 4500
        assert answer.message.account_num_masked.endswith("***")
        assert [t["bank_tran_id"] for t in journal(testbed)] == [request.bank_tran_id]
        assert result_of(client, request).outcome is Outcome.APPROVED

    @pytest.mark.parametrize(("name", "amount", "rsp_code", "bank_code"), [
        ("박지호", 5_000, "A0002", "453"),  # 300 won on the account
        ("강하은", 18_000, "A0002", "454"),  # 35,000 but 20,000 of it held
        ("최수아", 60_000, "A0002", "455"),  # the bank's per-transfer limit is 50,000
        ("강하은", 25_000, "A0111", ""),  # Open Banking's per-transfer limit is 20,000
    ])
    def test_a_decline_says_why_and_moves_nothing(self, client, testbed, name, amount,
                                                  rsp_code, bank_code):
        customer = enroll(client, testbed, name)
        request, answer = charge(client, customer, amount)
        assert (answer.outcome, answer.rsp_code, answer.bank_rsp_code) == (
            Outcome.DECLINED, rsp_code, bank_code)
        assert answer.reason.ko and answer.reason.en
        assert journal(testbed) == []
        assert result_of(client, request).outcome is Outcome.DECLINED

    def test_daily_limits_count_what_was_approved_today(self, client, testbed):
        sua = enroll(client, testbed, "최수아")
        assert charge(client, sua, 50_000)[1].outcome is Outcome.APPROVED
        assert charge(client, sua, 50_000)[1].outcome is Outcome.APPROVED
        _, third = charge(client, sua, 1_000)
        assert (third.outcome, third.bank_rsp_code) == (Outcome.DECLINED, "456")

    def test_a_reused_bank_tran_id_is_refused_and_moves_no_money(self, client, testbed,
                                                                  minjun):
        request, first = charge(client, minjun, 1000)
        second = client.withdraw(minjun.user_seq_no, request)
        assert first.outcome is Outcome.APPROVED
        assert (second.outcome, second.rsp_code) == (Outcome.REJECTED, "A0326")
        assert len(journal(testbed)) == 1

    def test_another_customers_fintech_number_is_refused(self, client, testbed, minjun):
        seoyeon = enroll(client, testbed, "이서연")
        _, answer = charge(client, minjun, 1000, fintech_use_num=seoyeon.fintech_use_num,
                           req_client_fintech_use_num=seoyeon.fintech_use_num)
        assert (answer.outcome, answer.rsp_code) == (Outcome.DECLINED, "A0304")

    def test_a_malformed_request_is_rejected_as_our_bug(self, client, testbed, minjun):
        _, answer = charge(client, minjun, 1000, cntr_account_num="1111")
        assert (answer.outcome, answer.rsp_code) == (Outcome.REJECTED, "A0004")

    def test_a_refund_pays_back_and_can_be_queried(self, client, testbed, minjun):
        charge(client, minjun, 10_000)
        refund = refund_request(client, minjun, 4_000)
        answer = client.deposit(refund)
        assert answer.outcome is Outcome.APPROVED
        assert [t["kind"] for t in journal(testbed)] == ["withdraw", "deposit"]
        item = refund.req_list[0]
        queried = ask_result(client, "2", item.bank_tran_id, 4_000)
        assert queried.outcome is Outcome.APPROVED

    def test_inquiries_read_the_customer_and_the_account(self, client, testbed, minjun):
        charge(client, minjun, 4_500)
        me = client.user_me(minjun.user_seq_no)
        assert me.outcome is Outcome.APPROVED
        assert me.message.user_name == "김민준"
        assert [a.fintech_use_num for a in me.message.res_list] == [minjun.fintech_use_num]
        balance = client.balance(minjun.user_seq_no, minjun.fintech_use_num)
        assert balance.message.balance_amt == 2_500_000 - 4_500
        history = client.transactions(minjun.user_seq_no, minjun.fintech_use_num,
                                      client.today(), client.today())
        assert [(t.inout_type, t.tran_amt) for t in history.message.res_list] == [("출금", 4500)]

    def test_a_query_for_a_transfer_the_bank_never_saw_is_not_found(self, client, minjun):
        request = withdraw_request(client, minjun, 1000)
        answer = result_of(client, request)
        assert (answer.outcome, answer.rsp_code) == (Outcome.NOT_FOUND, "A0310")


class TestFaults:
    """Each fault, with and without the transfer applied: the client never says approved
    unless the money moved, and transfer/result always finds the truth."""

    @pytest.mark.parametrize("code", ["A0007", "A0001", "A0017", "A0003"])
    @pytest.mark.parametrize("applied", [True, False])
    def test_an_in_doubt_code_is_unknown_until_queried(self, client, testbed, minjun, code,
                                                       applied):
        set_faults(testbed, {"api": "withdraw", "fault": "rsp_code", "code": code,
                             "apply": applied, "times": 1})
        request, answer = charge(client, minjun, 3000)
        assert answer.outcome is Outcome.UNKNOWN
        expected = Outcome.APPROVED if applied else Outcome.NOT_FOUND
        assert result_of(client, request).outcome is expected
        assert len(journal(testbed)) == int(applied)

    @pytest.mark.parametrize("bank_code", ["400", "803", "804", "819"])
    def test_an_in_doubt_bank_code_is_unknown(self, client, testbed, minjun, bank_code):
        set_faults(testbed, {"api": "withdraw", "fault": "rsp_code", "code": "A0002",
                             "bank_code": bank_code, "apply": True, "times": 1})
        request, answer = charge(client, minjun, 3000)
        assert answer.outcome is Outcome.UNKNOWN
        assert result_of(client, request).outcome is Outcome.APPROVED

    @pytest.mark.parametrize("fault", ["drop", "http_error", "garbage"])
    @pytest.mark.parametrize("applied", [True, False])
    def test_no_readable_answer_is_unknown(self, client, testbed, minjun, fault, applied):
        set_faults(testbed, {"api": "withdraw", "fault": fault, "apply": applied, "times": 1})
        request, answer = charge(client, minjun, 3000)
        assert answer.outcome is Outcome.UNKNOWN
        assert answer.detail
        expected = Outcome.APPROVED if applied else Outcome.NOT_FOUND
        assert result_of(client, request).outcome is expected
        assert len(journal(testbed)) == int(applied)

    def test_a_slow_bank_times_out_as_unknown_and_the_transfer_is_found(self, testbed,
                                                                       db):
        with make_client(testbed.url, db, timeout_s=0.3) as client:
            minjun = enroll(client, testbed, "김민준")
            set_faults(testbed, {"api": "withdraw", "fault": "delay", "seconds": 1.0,
                                 "times": 1})
            request, answer = charge(client, minjun, 3000)
            assert answer.outcome is Outcome.UNKNOWN
            assert result_of(client, request).outcome is Outcome.APPROVED

    def test_a_failing_result_query_stays_unknown(self, client, testbed, minjun):
        set_faults(testbed, {"api": "withdraw", "fault": "drop", "apply": True, "times": 1},
                   {"api": "result", "fault": "http_error", "code": "503", "times": 1})
        request, _ = charge(client, minjun, 3000)
        assert result_of(client, request).outcome is Outcome.UNKNOWN
        assert result_of(client, request).outcome is Outcome.APPROVED

    def test_an_unreachable_bank_is_a_decline_with_nothing_sent(self, db):
        with make_client("http://127.0.0.1:9", db) as client:
            answer = client.institution_token()
        assert answer.outcome is Outcome.DECLINED
        assert "nothing was charged" in answer.reason.en


class TestTokens:
    def test_the_institution_token_is_kept_and_reused(self, client):
        first = client.institution_token().message
        assert client.institution_token().message.access_token == first.access_token

    def test_a_token_about_to_lapse_is_renewed_before_it_is_used(self, client, db,
                                                                 minjun):
        store = TokenStore(db, SEALING_KEY)
        old = store.get(minjun.user_seq_no)
        store.put(dataclasses.replace(old, expires_at=time.time() + 60))
        answer = client.balance(minjun.user_seq_no, minjun.fintech_use_num)
        assert answer.outcome is Outcome.APPROVED
        renewed = store.get(minjun.user_seq_no)
        assert renewed.access_token != old.access_token
        assert renewed.expires_at > time.time() + 86_400

    def test_an_expired_token_is_renewed_and_an_inquiry_retried_once(self, client, testbed,
                                                                     minjun):
        testbed.bank.expire_tokens()  # the bank says O0003; the client's copy looks fresh
        answer = client.balance(minjun.user_seq_no, minjun.fintech_use_num)
        assert answer.outcome is Outcome.APPROVED
        assert ask_result(client, "1", client.tran_ids.next(), 1).rsp_code == "A0310"

    def test_a_transfer_on_a_rejected_token_is_not_retried(self, client, testbed, minjun):
        testbed.bank.expire_tokens()
        _, answer = charge(client, minjun, 1000)
        assert (answer.outcome, answer.rsp_code) == (Outcome.AUTH, "O0003")
        assert journal(testbed) == []
        _, again = charge(client, minjun, 1000)  # a new attempt, with a new bank_tran_id
        assert again.outcome is Outcome.APPROVED
        assert len(journal(testbed)) == 1

    def test_wrong_credentials_are_an_auth_problem(self, testbed, db):
        with make_client(testbed.url, db, secret="wrong") as client:
            answer = client.institution_token()
        assert (answer.outcome, answer.rsp_code) == (Outcome.AUTH, "O0001")

    def test_a_customer_with_no_token_is_not_registered_here(self, client):
        answer = client.balance("1234567890", "1" * 24)
        assert answer.outcome is Outcome.AUTH
        assert "not registered" in answer.reason.en

    def test_a_refresh_gives_a_new_token(self, client, minjun):
        answer = client.refresh(minjun.user_seq_no)
        assert answer.outcome is Outcome.APPROVED
        assert client.refresh(minjun.user_seq_no).outcome is Outcome.APPROVED
