"""Enrolling a customer: after consent, their tokens and their accounts are kept here.

The 3-legged flow ends with an authorization code at the kiosk's redirect URI; this trades it
for the customer's tokens (kept by the client's token store), reads user/me, and records the
accounts the kiosk may then charge. Driving the browser side is the caller's business.
"""

import time

from payments.ledger import Ledger
from payments.openbanking.client import OpenBankingClient
from payments.openbanking.outcomes import Outcome
from payments.reasons import Refused


def complete_enrolment(client: OpenBankingClient, ledger: Ledger, code: str) -> list[dict]:
    """The customer's accounts now registered here, each without its full fintech number
    exposed beyond the ledger; raises Refused when the bank would not say who they are."""
    token = client.exchange_code(code)
    if token.message is None:
        raise Refused(f"계좌 등록 실패: {token.reason.ko}",
                      f"enrolment failed: {token.reason.en}")
    user_seq_no = token.message.owner
    me = client.user_me(user_seq_no)
    if me.outcome is not Outcome.APPROVED or me.message is None:
        raise Refused(f"고객 정보 조회 실패: {me.reason.ko}",
                      f"could not read the customer's accounts: {me.reason.en}")
    accounts = [{"fintech_use_num": account.fintech_use_num, "user_seq_no": user_seq_no,
                 "holder_name": account.account_holder_name or me.message.user_name,
                 "bank_code_std": account.bank_code_std, "bank_name": account.bank_name,
                 "account_num_masked": account.account_num_masked}
                for account in me.message.res_list if account.transfer_agree_yn != "N"]
    with ledger.transaction():
        for account in accounts:
            ledger.add_customer(account, time.time())
    return accounts
