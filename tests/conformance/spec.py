"""KFTC's API pages as a third-party client reads them: every answer field and its format.

Written from the pages (developers.kftc.or.kr, open-banking) and the public clients named in
docs/testbed.md, never from the project's own message classes: this is the other side of
the table that payments/openbanking/messages/ keeps, so a mistake in one shows in the other.
A field's format is a full-match regex over its JSON string; amounts and counts are strings
of digits, N(n) on the pages.
"""

import re

DIGITS = r"\d+"
AMOUNT = r"\d{1,12}"
DATE = r"\d{8}"  # YYYYMMDD
DTIME = r"\d{14}"  # YYYYMMDDhhmmss
BANK_CODE = r"\d{3}"
BANK_CODE_SUB = r"\d{7}"
BANK_TRAN_ID = r"[A-Z0-9]{10}U[A-Z0-9]{9}"
FINTECH = r"\d{24}"
MASKED = r"[0-9*-]*\*{3}[0-9*-]*"  # an account number with digits hidden
TEXT = r"[^\x00-\x1f]*"
YN = r"[YN]"


def text(max_len: int) -> str:
    return rf"[^\x00-\x1f]{{0,{max_len}}}"


COMMON = {"api_tran_id": r"[0-9A-Za-z-]{1,40}", "api_tran_dtm": r"\d{17}",
          "rsp_code": r"[AO]\d{4}", "rsp_message": text(300)}
BANK_BLOCK = {"bank_tran_id": BANK_TRAN_ID, "bank_tran_date": DATE, "bank_code_tran": BANK_CODE,
              "bank_rsp_code": r"\d{3}", "bank_rsp_message": text(100)}
ACCOUNT = {"fintech_use_num": FINTECH, "account_alias": text(50), "bank_code_std": BANK_CODE,
           "bank_code_sub": BANK_CODE_SUB, "bank_name": text(20), "savings_bank_name": text(20),
           "account_num_masked": MASKED, "account_seq": r"\d{0,3}",
           "account_holder_name": text(20), "account_holder_type": r"[PB]",
           "inquiry_agree_yn": YN, "inquiry_agree_dtime": DTIME, "transfer_agree_yn": YN,
           "transfer_agree_dtime": DTIME}

TOKEN_USER = {"access_token": TEXT, "token_type": "Bearer", "refresh_token": TEXT,
              "scope": r"[a-z]+( [a-z]+)*", "user_seq_no": r"\d{10}"}
TOKEN_OOB = {"access_token": TEXT, "token_type": "Bearer", "scope": "oob",
             "client_use_code": r"[A-Z0-9]{10}"}

ANSWERS: dict[str, dict] = {
    "user_me": {**COMMON, "user_seq_no": r"\d{10}", "user_ci": r"[0-9A-Za-z+/=]{1,100}",
                "user_name": text(20), "user_info": r"\d{8}", "user_gender": r"[MF]",
                "user_cell_no": r"\d{10,11}", "user_email": r"[^@\s]+@[^@\s]+",
                "res_cnt": DIGITS, "res_list": [ACCOUNT]},
    "account_list": {**COMMON, "user_name": text(20), "res_cnt": DIGITS,
                     "res_list": [{**ACCOUNT, "account_state": r"\d{2}"}]},
    "balance": {**COMMON, **BANK_BLOCK, "bank_name": text(20), "savings_bank_name": text(20),
                "fintech_use_num": FINTECH, "balance_amt": r"-?\d{1,12}",
                "available_amt": AMOUNT, "account_type": r"\d", "product_name": text(100),
                "account_issue_date": DATE, "maturity_date": r"(\d{8})?",
                "last_tran_date": r"(\d{8})?"},
    "transactions": {**COMMON, **BANK_BLOCK, "bank_name": text(20),
                     "savings_bank_name": text(20), "fintech_use_num": FINTECH,
                     "balance_amt": r"-?\d{1,12}", "page_record_cnt": DIGITS,
                     "next_page_yn": YN, "befor_inquiry_trace_info": r"[0-9A-Za-z]{0,20}",
                     "res_list": [{"tran_date": DATE, "tran_time": r"\d{6}",
                                   "inout_type": "입금|출금", "tran_type": text(10),
                                   "print_content": text(20), "tran_amt": AMOUNT,
                                   "after_balance_amt": r"-?\d{1,12}",
                                   "branch_name": text(20)}]},
    "withdraw": {**COMMON, **BANK_BLOCK, "dps_bank_code_std": BANK_CODE,
                 "dps_bank_code_sub": BANK_CODE_SUB, "dps_bank_name": text(20),
                 "dps_account_num_masked": MASKED, "dps_print_content": text(20),
                 "dps_account_holder_name": text(20), "fintech_use_num": FINTECH,
                 "account_alias": text(50), "bank_code_std": BANK_CODE,
                 "bank_code_sub": BANK_CODE_SUB, "bank_name": text(20),
                 "savings_bank_name": text(20), "account_num_masked": MASKED,
                 "print_content": text(20), "account_holder_name": text(20), "tran_amt": AMOUNT,
                 "wd_limit_remain_amt": AMOUNT},
    "deposit": {**COMMON, "wd_bank_code_std": BANK_CODE, "wd_bank_code_sub": BANK_CODE_SUB,
                "wd_bank_name": text(20), "wd_account_num_masked": MASKED,
                "wd_print_content": text(20), "wd_account_holder_name": text(20),
                "res_cnt": r"1", "res_list": [{
                    "tran_no": r"\d{1,5}", **BANK_BLOCK, "fintech_use_num": FINTECH,
                    "account_alias": text(50), "bank_code_std": BANK_CODE,
                    "bank_code_sub": BANK_CODE_SUB, "bank_name": text(20),
                    "savings_bank_name": text(20), "account_num_masked": MASKED,
                    "print_content": text(20), "account_holder_name": text(20),
                    "tran_amt": AMOUNT, "cms_num": r"[0-9A-Za-z]{0,32}",
                    "withdraw_bank_tran_id": rf"({BANK_TRAN_ID})?"}]},
    "result": {**COMMON, "res_cnt": DIGITS, "res_list": [{
        "tran_no": r"\d{1,5}", **BANK_BLOCK, "fintech_use_num": FINTECH, "bank_name": text(20),
        "account_num_masked": MASKED, "tran_amt": AMOUNT}]},
    "real_name": {**COMMON, **BANK_BLOCK, "bank_code_std": BANK_CODE,
                  "bank_code_sub": BANK_CODE_SUB, "bank_name": text(20),
                  "savings_bank_name": text(20), "account_num": r"\d{1,16}",
                  "account_seq": r"\d{0,3}", "account_holder_info_type": r"[ 6]",
                  "account_holder_info": r"\d{6,13}", "account_holder_name": text(20),
                  "account_type": r"\d"},
    "receive": {**COMMON, **BANK_BLOCK, "bank_code_std": BANK_CODE,
                "bank_code_sub": BANK_CODE_SUB, "bank_name": text(20),
                "savings_bank_name": text(20), "account_num": r"\d{1,16}",
                "account_seq": r"\d{0,3}", "account_num_masked": MASKED,
                "print_content": text(20), "account_holder_name": text(20),
                "wd_bank_code_std": BANK_CODE, "wd_bank_code_sub": BANK_CODE_SUB,
                "wd_bank_name": text(20), "wd_account_num_masked": MASKED, "tran_amt": AMOUNT,
                "cms_num": r"[0-9A-Za-z]{0,32}"},
}

JWT_CLAIMS = ("aud", "scope", "iss", "exp", "jti")
ISSUER = "https://www.openbanking.or.kr"


def problems(answer: object, spec: dict, path: str = "") -> list[str]:
    """Every way `answer` differs from `spec`: a field missing, not a string, or out of
    format. A list in the spec holds the format of each of the answer's list items."""
    if not isinstance(answer, dict):
        return [f"{path or 'answer'}: not an object"]
    found = []
    for name, form in spec.items():
        where = f"{path}{name}"
        if name not in answer:
            found.append(f"{where}: missing")
        elif isinstance(form, list):
            items = answer[name]
            if not isinstance(items, list):
                found.append(f"{where}: not a list")
                continue
            for i, item in enumerate(items):
                found += problems(item, form[0], f"{where}[{i}].")
        elif not isinstance(answer[name], str):
            found.append(f"{where}: {type(answer[name]).__name__}, not a string")
        elif not re.fullmatch(form, answer[name]):
            found.append(f"{where}: {answer[name][:40]!r} is not {form}")
    return found
