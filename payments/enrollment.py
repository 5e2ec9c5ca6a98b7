"""Enrolling a customer: after consent, their tokens and their accounts are kept here.

The 3-legged flow ends with a redirect to the kiosk's redirect URI; this checks that redirect,
trades its authorization code for the customer's tokens (kept by the client's token store),
reads user/me, and records the accounts the kiosk may then charge. Driving the browser side
is the caller's business.
"""

import time

from payments.ledger import Ledger
from payments.masking import mask_fintech
from payments.openbanking.client import OpenBankingClient
from payments.openbanking.outcomes import Outcome
from payments.reasons import Refused


def finish_consent(client: OpenBankingClient, ledger: Ledger, query: dict[str, str],
                   state: str) -> list[dict]:
    """The accounts registered by the bank's redirect back to us (its query); Refused when
    the redirect is not the one we asked for or the customer did not consent."""
    if query.get("state") != state:
        raise Refused("다른 등록 요청의 응답입니다. 등록을 처음부터 다시 하세요",
                      "the redirect's state does not match: ignored (a stale or forged "
                      "redirect); start the registration again")
    if "code" not in query:
        raise Refused("고객이 계좌 등록에 동의하지 않았습니다",
                      f"the customer did not consent ({query.get('error', 'no code')})")
    return complete_enrollment(client, ledger, query["code"])


def complete_enrollment(client: OpenBankingClient, ledger: Ledger, code: str) -> list[dict]:
    """The customer's accounts now registered here, each without its full fintech number
    exposed beyond the ledger; raises Refused when the bank would not say who they are."""
    token = client.exchange_code(code)
    if token.message is None:
        raise Refused(f"계좌 등록 실패: {token.reason.ko}",
                      f"enrollment failed: {token.reason.en}")
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


def shown(account: dict) -> dict:
    """An enrolled account as it may be shown or printed: the fintech number masked."""
    return {"user_seq_no": account["user_seq_no"], "holder_name": account["holder_name"],
            "bank_name": account["bank_name"],
            "account_num_masked": account["account_num_masked"],
            "fintech_masked": mask_fintech(account["fintech_use_num"])}
