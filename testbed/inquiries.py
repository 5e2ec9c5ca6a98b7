"""The inquiry APIs: who the user is, their accounts, balances and transactions, and the
real-name and receiving-account checks a transfer relies on.
"""

from typing import Any

from payments.koreatime import bank_date
from payments.openbanking.messages.inquiries import (
    BalanceRequest,
    RealNameRequest,
    ReceiveRequest,
    TransactionListRequest,
)
from payments.openbanking.messages.users import AccountListRequest, UserMeRequest
from testbed.api_base import ACCOUNT_IN_USE, PAGE_SIZE, ApiBase, ApiError
from testbed.demo_data import (
    MERCHANT_BUSINESS_NUMBER,
    holder_named,
    mask_account,
)


class InquiryApis(ApiBase):

    def _user_me(self, db, token, params: Any) -> dict:
        request = self._parse(UserMeRequest, params)
        user = self._token_user(db, token, request.user_seq_no)
        profile = holder_named(user["name"])
        accounts = self._user_accounts(db, user["user_seq_no"])
        return {**self.common("A0000"), "user_seq_no": user["user_seq_no"],
                "user_ci": user["ci"], "user_name": user["name"],
                "user_info": profile.birth_date, "user_gender": profile.gender,
                "user_cell_no": "010" + user["user_seq_no"][-8:],
                "user_email": f"{user['user_seq_no']}@testbed.example",
                "res_cnt": str(len(accounts)),
                "res_list": [self._account_item(a) for a in accounts]}

    def _account_list(self, db, token, params: Any) -> dict:
        """Every account the user registered; the testbed never cancels one, so
        include_cancel_yn changes nothing."""
        request = self._parse(AccountListRequest, params)
        user = self._token_user(db, token, request.user_seq_no)
        accounts = self._user_accounts(db, user["user_seq_no"])
        if request.sort_order == "D":
            accounts.reverse()
        return {**self.common("A0000"), "user_name": user["name"],
                "res_cnt": str(len(accounts)),
                "res_list": [{**self._account_item(a), "account_state": ACCOUNT_IN_USE}
                             for a in accounts]}

    @staticmethod
    def _token_user(db, token, user_seq_no: str):
        """The user a login token was issued to, who alone may be looked up with it."""
        if user_seq_no != token["user_seq_no"]:
            raise ApiError("O0004", "다른 사용자의 정보는 조회할 수 없습니다", 403)
        user = db.execute("SELECT * FROM users WHERE user_seq_no = ?",
                          (user_seq_no,)).fetchone()
        if user is None:
            raise ApiError("A0002", "사용자 없음")
        return user

    @staticmethod
    def _user_accounts(db, user_seq_no: str) -> list:
        return db.execute("SELECT * FROM accounts WHERE user_seq_no = ? AND merchant = 0 "
                          "ORDER BY rowid", (user_seq_no,)).fetchall()

    @staticmethod
    def _account_item(a) -> dict:
        return {"fintech_use_num": a["fintech_use_num"], "account_alias": a["bank_name"],
                "bank_code_std": a["bank_code_std"],
                "bank_code_sub": a["bank_code_std"] + "0001",
                "bank_name": a["bank_name"], "savings_bank_name": "",
                "account_num_masked": mask_account(a["account_num"]), "account_seq": "",
                "account_holder_name": a["holder_name"], "account_holder_type": "P",
                "inquiry_agree_yn": "Y", "inquiry_agree_dtime": a["agreed_at"],
                "transfer_agree_yn": "Y", "transfer_agree_dtime": a["agreed_at"],
                "payer_num": ""}

    def _real_name(self, db, token, params: Any) -> dict:
        """Whose account this is, when the real-name number (birth date or business number)
        matches the holder's: the check before a refund to an account number."""
        request = self._parse(RealNameRequest, params)
        today = self._claim_id(db, request.bank_tran_id)
        account = self._by_account_num(db, request.bank_code_std, request.account_num)
        if account is None:
            bank_code = "412"
        else:
            expected = ("6", MERCHANT_BUSINESS_NUMBER) if account["merchant"] else (
                " ", holder_named(account["holder_name"]).birth_date[2:])
            given = (request.account_holder_info_type, request.account_holder_info)
            bank_code = "000" if given == expected else "499"
        answer = {**self.common("A0000" if bank_code == "000" else "A0002"),
                  **self._bank_block(request.bank_tran_id, today, request.bank_code_std,
                                     bank_code),
                  "bank_code_std": request.bank_code_std,
                  "bank_code_sub": request.bank_code_std + "0001",
                  "bank_name": account["bank_name"] if account else "", "savings_bank_name": "",
                  "account_num": request.account_num, "account_seq": "",
                  "account_holder_info_type": request.account_holder_info_type,
                  "account_holder_info": request.account_holder_info,
                  "account_holder_name": "", "account_type": ""}
        if bank_code == "000":
            answer.update(account_holder_name=account["holder_name"], account_type="1")
        return answer

    def _receive(self, db, token, params: Any) -> dict:
        """Whether an account can take a deposit, and the holder's name, moving nothing."""
        request = self._parse(ReceiveRequest, params)
        self._check_contract(request.cntr_account_type, request.cntr_account_num)
        today = self._claim_id(db, request.bank_tran_id)
        account = self._by_account_num(db, request.bank_code_std, request.account_num)
        merchant = self._merchant(db)
        bank_code = "000" if account is not None else "412"
        return {**self.common("A0000" if account is not None else "A0002"),
                **self._bank_block(request.bank_tran_id, today, request.bank_code_std,
                                   bank_code),
                "bank_code_std": request.bank_code_std,
                "bank_code_sub": request.bank_code_std + "0001",
                "bank_name": account["bank_name"] if account else "", "savings_bank_name": "",
                "account_num": request.account_num, "account_seq": request.account_seq,
                "account_num_masked": mask_account(request.account_num),
                "print_content": request.print_content,
                "account_holder_name": account["holder_name"] if account else "",
                "wd_bank_code_std": merchant["bank_code_std"],
                "wd_bank_code_sub": merchant["bank_code_std"] + "0001",
                "wd_bank_name": merchant["bank_name"],
                "wd_account_num_masked": mask_account(merchant["account_num"]),
                "tran_amt": str(request.tran_amt), "cms_num": request.cms_num}

    def _claim_id(self, db, bank_tran_id: str) -> str:
        """Check and use up a `bank_tran_id` for today; today's bank date."""
        self._check_tran_id(bank_tran_id)
        today = bank_date(self._clock())
        self._claim(db, today, bank_tran_id)
        return today

    @staticmethod
    def _by_account_num(db, bank_code: str, account_num: str):
        return db.execute("SELECT * FROM accounts WHERE bank_code_std = ? AND account_num = ?",
                          (bank_code, account_num)).fetchone()

    def _balance(self, db, token, params: Any) -> dict:
        request = self._parse(BalanceRequest, params)
        today = self._claim_id(db, request.bank_tran_id)
        account = self._own_account(db, token, request.fintech_use_num)
        last = db.execute("SELECT max(bank_tran_date) FROM transfers WHERE fintech_use_num = ? "
                          "AND applied = 1", (account["fintech_use_num"],)).fetchone()[0]
        return {**self.common("A0000"),
                **self._bank_block(request.bank_tran_id, today, account["bank_code_std"], "000"),
                "bank_name": account["bank_name"], "savings_bank_name": "",
                "fintech_use_num": account["fintech_use_num"],
                "balance_amt": str(account["balance"]),
                "available_amt": str(max(0, account["balance"] - account["held"])),
                "account_type": "1", "product_name": "입출금통장",
                "account_issue_date": "20200101", "maturity_date": "",
                "last_tran_date": last or ""}

    def _transactions(self, db, token, params: Any) -> dict:
        request = self._parse(TransactionListRequest, params)
        today = self._claim_id(db, request.bank_tran_id)
        account = self._own_account(db, token, request.fintech_use_num)
        kinds = {"A": ("withdraw", "deposit"), "I": ("deposit",), "O": ("withdraw",)}
        chosen = kinds[request.inquiry_type]
        descending = request.sort_order == "D"
        cursor = int(request.befor_inquiry_trace_info or (2**62 if descending else 0))
        rows = db.execute(
            f"SELECT * FROM transfers WHERE fintech_use_num = ? AND applied = 1 "
            f"AND bank_tran_date BETWEEN ? AND ? AND kind IN ({','.join('?' * len(chosen))}) "
            f"AND seq {'<' if descending else '>'} ? ORDER BY seq "
            f"{'DESC' if descending else 'ASC'} LIMIT ?",
            (account["fintech_use_num"], request.from_date, request.to_date, *chosen, cursor,
             PAGE_SIZE + 1)).fetchall()
        page, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
        return {**self.common("A0000"),
                **self._bank_block(request.bank_tran_id, today, account["bank_code_std"], "000"),
                "bank_name": account["bank_name"], "savings_bank_name": "",
                "fintech_use_num": account["fintech_use_num"],
                "balance_amt": str(account["balance"]), "page_record_cnt": str(len(page)),
                "next_page_yn": "Y" if more else "N",
                "befor_inquiry_trace_info": str(page[-1]["seq"]) if more else "",
                "res_list": [{
                    "tran_date": row["bank_tran_date"], "tran_time": row["tran_time"],
                    "inout_type": "출금" if row["kind"] == "withdraw" else "입금",
                    "tran_type": "이체", "print_content": row["print_content"],
                    "tran_amt": str(row["tran_amt"]),
                    "after_balance_amt": str(row["after_balance"]), "branch_name": ""}
                    for row in page]}
