"""The APIs that move money: withdrawal, deposit, and the transfer-result query that
settles a transfer in doubt. Money moves in the same state transaction as the journal row
that proves it, so the testbed's journal is the truth the kiosk's books are checked against.
"""

from typing import Any

from payments.koreatime import bank_date, now_kst
from payments.openbanking.messages.transfers import (
    DepositRequest,
    TransferResultRequest,
    WithdrawRequest,
)
from testbed.api_base import MAX_AMOUNT, RSP_MESSAGES, ApiBase, ApiError
from testbed.demo_data import (
    mask_account,
)


class TransferApis(ApiBase):

    def _withdraw(self, db, token, params: Any) -> dict:
        request = self._parse(WithdrawRequest, params)
        self._check_tran_id(request.bank_tran_id)
        self._check_contract(request.cntr_account_type, request.cntr_account_num)
        now = self._clock()
        today = bank_date(now)
        self._claim(db, today, request.bank_tran_id)
        account = self._own_account(db, token, request.fintech_use_num)
        user = db.execute("SELECT * FROM users WHERE user_seq_no = ?",
                          (account["user_seq_no"],)).fetchone()
        user_today = self._withdrawn_today(db, user["user_seq_no"], today)
        rsp_code, bank_code = self._withdraw_decision(
            db, user, account, request.tran_amt, today, user_today)
        merchant = self._merchant(db)
        after = account["balance"]
        if rsp_code == "A0000":
            after -= request.tran_amt
            self._move(db, account["fintech_use_num"], merchant["fintech_use_num"],
                       request.tran_amt)
            self._count_withdrawn(db, (user["user_seq_no"], account["fintech_use_num"]), today,
                                  request.tran_amt)
            user_today += request.tran_amt
        answer = self.common(rsp_code)
        self._record(db, "withdraw", request.bank_tran_id, today, now, account,
                     request.tran_amt, answer["api_tran_id"], request.dps_print_content,
                     rsp_code, bank_code, after)
        return {**answer,
                **self._bank_block(request.bank_tran_id, today, account["bank_code_std"],
                                   bank_code),
                "dps_bank_code_std": merchant["bank_code_std"],
                "dps_bank_code_sub": merchant["bank_code_std"] + "0001",
                "dps_bank_name": merchant["bank_name"],
                "dps_account_num_masked": mask_account(merchant["account_num"]),
                "dps_print_content": request.dps_print_content,
                "dps_account_holder_name": merchant["holder_name"],
                "fintech_use_num": account["fintech_use_num"],
                "account_alias": account["bank_name"],
                "bank_code_std": account["bank_code_std"],
                "bank_code_sub": account["bank_code_std"] + "0001",
                "bank_name": account["bank_name"], "savings_bank_name": "",
                "account_num_masked": mask_account(account["account_num"]),
                "print_content": request.wd_print_content or request.dps_print_content,
                "account_holder_name": account["holder_name"],
                "tran_amt": str(request.tran_amt),
                "wd_limit_remain_amt": str(min(MAX_AMOUNT,
                                               max(0, user["limit_daily"] - user_today)))}

    @staticmethod
    def _withdrawn_today(db, holder: str, today: str) -> int:
        """Approved withdrawals today of a user or an account (either key: they differ)."""
        row = db.execute("SELECT amount FROM withdrawn_per_day WHERE holder = ? AND "
                         "bank_tran_date = ?", (holder, today)).fetchone()
        return row[0] if row else 0

    @staticmethod
    def _count_withdrawn(db, holders: tuple[str, ...], today: str, amount: int) -> None:
        for holder in holders:
            db.execute("INSERT INTO withdrawn_per_day VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
                       "SET amount = amount + excluded.amount", (holder, today, amount))

    def _withdraw_decision(self, db, user, account, amount: int, today: str,
                           user_today: int) -> tuple[str, str]:
        """(rsp_code, bank_rsp_code): the centre's limits first, then the bank's."""
        if amount > user["limit_per_transfer"]:
            return "A0111", ""
        if user_today + amount > user["limit_daily"]:
            return "A0112", ""
        if amount > account["limit_per_transfer"]:
            return "A0002", "455"
        account_today = self._withdrawn_today(db, account["fintech_use_num"], today)
        if account_today + amount > account["limit_daily"]:
            return "A0002", "456"
        if amount > account["balance"]:
            return "A0002", "453"
        if amount > account["balance"] - account["held"]:
            return "A0002", "454"
        return "A0000", "000"

    @staticmethod
    def _move(db, source: str, target: str, amount: int) -> None:
        db.execute("UPDATE accounts SET balance = balance - ? WHERE fintech_use_num = ?",
                   (amount, source))
        db.execute("UPDATE accounts SET balance = balance + ? WHERE fintech_use_num = ?",
                   (amount, target))

    @staticmethod
    def _record(db, kind: str, bank_tran_id: str, today: str, now: float, account,
                amount: int, api_tran_id: str, print_content: str, rsp_code: str,
                bank_code: str, after_balance: int) -> None:
        db.execute(
            "INSERT INTO transfers (kind, bank_tran_id, bank_tran_date, tran_time, "
            "fintech_use_num, user_seq_no, tran_amt, api_tran_id, print_content, applied, "
            "rsp_code, bank_rsp_code, after_balance) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (kind, bank_tran_id, today, now_kst(now).strftime("%H%M%S"),
             account["fintech_use_num"], account["user_seq_no"], amount, api_tran_id,
             print_content, int(rsp_code == "A0000" and bank_code == "000"), rsp_code,
             bank_code, after_balance))

    def _deposit(self, db, token, params: Any) -> dict:
        request = self._parse(DepositRequest, params)
        self._check_contract(request.cntr_account_type, request.cntr_account_num)
        for item in request.req_list:
            self._check_tran_id(item.bank_tran_id)
        now = self._clock()
        today = bank_date(now)
        for item in request.req_list:
            self._claim(db, today, item.bank_tran_id)
        merchant = self._merchant(db)
        answer = self.common("A0000")
        results = []
        for item in request.req_list:
            account = db.execute(
                "SELECT * FROM accounts WHERE fintech_use_num = ? AND merchant = 0",
                (item.fintech_use_num,)).fetchone()
            balance = self._merchant(db)["balance"]
            bank_code = "412" if account is None else "453" if item.tran_amt > balance else "000"
            block = self._bank_block(item.bank_tran_id, today,
                                     account["bank_code_std"] if account else "", bank_code)
            result = {"tran_no": item.tran_no, **block, "tran_amt": str(item.tran_amt),
                      "print_content": item.print_content, "cms_num": item.cms_num,
                      "withdraw_bank_tran_id": item.withdraw_bank_tran_id}
            if account is not None:
                after = account["balance"]
                if bank_code == "000":
                    self._move(db, merchant["fintech_use_num"], account["fintech_use_num"],
                               item.tran_amt)
                    after += item.tran_amt
                self._record(db, "deposit", item.bank_tran_id, today, now, account,
                             item.tran_amt, answer["api_tran_id"], item.print_content,
                             "A0000" if bank_code == "000" else "A0002", bank_code, after)
                result.update({
                    "fintech_use_num": account["fintech_use_num"],
                    "account_alias": account["bank_name"],
                    "bank_code_std": account["bank_code_std"],
                    "bank_code_sub": account["bank_code_std"] + "0001",
                    "bank_name": account["bank_name"], "savings_bank_name": "",
                    "account_num_masked": mask_account(account["account_num"]),
                    "account_holder_name": account["holder_name"]})
            results.append(result)
        if any(r["bank_rsp_code"] != "000" for r in results):
            answer.update(rsp_code="A0009", rsp_message=RSP_MESSAGES["A0009"])
        return {**answer, "wd_bank_code_std": merchant["bank_code_std"],
                "wd_bank_code_sub": merchant["bank_code_std"] + "0001",
                "wd_bank_name": merchant["bank_name"],
                "wd_account_num_masked": mask_account(merchant["account_num"]),
                "wd_print_content": request.wd_print_content,
                "wd_account_holder_name": merchant["holder_name"],
                "res_cnt": str(len(results)), "res_list": results}

    def _result(self, db, token, params: Any) -> dict:
        request = self._parse(TransferResultRequest, params)
        kind = "withdraw" if request.check_type == "1" else "deposit"
        results = []
        for query in request.req_list:
            row = db.execute(
                "SELECT t.*, a.account_num, a.bank_code_std, a.bank_name FROM transfers t "
                "JOIN accounts a USING "
                "(fintech_use_num) WHERE t.bank_tran_date = ? AND t.bank_tran_id = ? "
                "AND t.kind = ?", (query.org_bank_tran_date, query.org_bank_tran_id, kind)
            ).fetchone()
            if row is None:
                results.append({"tran_no": query.tran_no, "rsp_code": "A0310",
                                "rsp_message": RSP_MESSAGES["A0310"]})
                continue
            if row["tran_amt"] != query.org_tran_amt:
                raise ApiError("A0004", "요청전문 형식 오류: org_tran_amt가 원거래 금액과 다릅니다")
            results.append({
                "tran_no": query.tran_no, "rsp_code": row["rsp_code"],
                "rsp_message": RSP_MESSAGES.get(row["rsp_code"], ""),
                **self._bank_block(row["bank_tran_id"], row["bank_tran_date"], row["bank_code_std"],
                                   row["bank_rsp_code"]),
                "fintech_use_num": row["fintech_use_num"], "bank_name": row["bank_name"],
                "account_num_masked": mask_account(row["account_num"]),
                "tran_amt": str(row["tran_amt"])})
        missing = sum(r["rsp_code"] == "A0310" for r in results)
        rsp_code = "A0000" if not missing else "A0310" if len(results) == 1 else "A0009"
        return {**self.common(rsp_code), "res_cnt": str(len(results)), "res_list": results}
