"""The approval number a person reads out, and finding a transfer by any number it has.

The bank's own id of an approved transfer (`api_tran_id`, kept as `approval_no`) is twenty
letters and digits: nobody can read that to a call centre. A Korean receipt's 승인번호 is
eight digits, so the kiosk shows eight digits derived from the bank's id (the same every
time, stored nowhere) and prints the bank's full id beside it, so either finds the
transfer. Eight digits may, rarely, be shared by two transfers; a search by them then says
so and asks for the full id instead of guessing.
"""

import hashlib
import re

from payments.ledger import Ledger, Transfer
from payments.reasons import Refused

CODE_DIGITS = 8


def approval_code(approval_no: str) -> str:
    """Eight digits for the bank's approval id; "" when there is none."""
    if not approval_no:
        return ""
    number = int.from_bytes(hashlib.sha256(approval_no.encode()).digest()[:8], "big")
    return f"{number % 10 ** CODE_DIGITS:0{CODE_DIGITS}d}"


def find_transfer(ledger: Ledger, wanted: str) -> Transfer | None:
    """The transfer with this bank_tran_id, full approval id or eight-digit approval code
    (spaces and dashes ignored); None when no transfer has it."""
    text = wanted.strip()
    found = ledger.row("SELECT bank_tran_id FROM transfers WHERE bank_tran_id = ? OR "
                       "(approval_no != '' AND upper(approval_no) = upper(?))", (text, text))
    if found:
        return ledger.transfer(found["bank_tran_id"])
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(rf"\d{{{CODE_DIGITS}}}", digits):
        return None
    matches = [row["bank_tran_id"] for row in ledger.rows(
        "SELECT bank_tran_id, approval_no FROM transfers WHERE approval_no != ''")
        if approval_code(row["approval_no"]) == digits]
    if len(matches) > 1:
        raise Refused("같은 승인번호가 여럿입니다. 영수증의 은행 거래고유번호로 찾으세요",
                      f"approval number {digits} belongs to {len(matches)} transfers: give "
                      "the bank's full id printed under it on the receipt instead")
    return ledger.transfer(matches[0]) if matches else None
