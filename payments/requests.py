"""What the kiosk asks the bank to do: a charge (withdraw) and a refund (deposit), built from
the shop's contract account and the enrolled customer.

The shop's name is what the customer reads on their bank statement, cut to the field's 20
characters (17 and " 환불" for a refund, so the statement says what it was).
"""

from typing import Protocol

from payments.koreatime import tran_dtime
from payments.ledger import Customer
from payments.openbanking.messages.transfers import DepositItem, DepositRequest, WithdrawRequest


class Contract(Protocol):
    merchant_name: str
    contract_account_num: str
    contract_bank_code: str


def withdraw_request(contract: Contract, bank_tran_id: str, amount: int, customer: Customer,
                     now: float) -> WithdrawRequest:
    shop = contract.merchant_name[:20]
    return WithdrawRequest(
        bank_tran_id=bank_tran_id, cntr_account_type="N",
        cntr_account_num=contract.contract_account_num, dps_print_content=shop,
        fintech_use_num=customer.fintech_use_num, wd_print_content=shop,
        tran_amt=amount, tran_dtime=tran_dtime(now),
        req_client_name=customer.holder_name[:20],
        req_client_fintech_use_num=customer.fintech_use_num,
        req_client_num=customer.user_seq_no, transfer_purpose="ST",
        recv_client_name=shop, recv_client_bank_code=contract.contract_bank_code,
        recv_client_account_num=contract.contract_account_num)


def deposit_request(contract: Contract, bank_tran_id: str, amount: int, customer: Customer,
                    now: float) -> DepositRequest:
    statement = f"{contract.merchant_name[:17]} 환불"
    return DepositRequest(
        cntr_account_type="N", cntr_account_num=contract.contract_account_num,
        wd_pass_phrase="NONE", wd_print_content=statement, name_check_option="off",
        tran_dtime=tran_dtime(now), req_cnt=1,
        req_list=[DepositItem(
            tran_no="1", bank_tran_id=bank_tran_id, fintech_use_num=customer.fintech_use_num,
            print_content=statement, tran_amt=amount,
            req_client_name=customer.holder_name[:20],
            req_client_fintech_use_num=customer.fintech_use_num,
            req_client_num=customer.user_seq_no, transfer_purpose="TR")])
