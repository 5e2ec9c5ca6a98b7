"""The books for the accountant: one CSV row per payment and per refund, amounts in won.

A spreadsheet opens it with Korean intact: UTF-8 with a byte-order mark (Excel reads a CSV
without one in the machine's legacy code page), CRLF line ends. A payment's row is its
charge, with the charge's status; its refunds are rows of their own with negative amounts,
on the business day they were paid back, so the amounts of approved rows add up to the
day's net as the Z report has it. Payments never charged (rung up, no code) are left out.
Text that a spreadsheet would run as a formula (a clerk's item named "=1+1") is quoted.
"""

import csv
import io

from payments.approval import approval_code
from payments.koreatime import now_kst
from payments.ledger import Ledger, Payment, Transfer, TransferKind
from payments.money import vat_split

HEADER = ("거래일시", "영업일", "구분", "거래번호", "상태", "결제수단", "은행", "계좌",
          "승인번호", "거래고유번호", "원승인번호", "금액", "공급가액", "부가세", "품목")
KINDS = {"payment": "결제", "refund": "환불"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows(ledger: Ledger, first_day: str, last_day: str) -> list[list[str | int]]:
    """The rows of business days `first_day` to `last_day` (YYYY-MM-DD), in time order."""
    payments = ledger.rows("SELECT id FROM payments WHERE business_date BETWEEN ? AND ? AND "
                           "status != 'new'", (first_day, last_day))
    refunds = ledger.rows("SELECT bank_tran_id FROM transfers WHERE kind = 'deposit' AND "
                          "business_date BETWEEN ? AND ?", (first_day, last_day))
    found = [_payment_row(ledger, ledger.payment(row["id"])) for row in payments]
    found += [_refund_row(ledger, ledger.transfer(row["bank_tran_id"])) for row in refunds]
    return [row for _, row in sorted(found, key=lambda pair: pair[0])]


def to_csv(table: list[list[str | int]], header: tuple[str, ...] = HEADER) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in table])
    return out.getvalue().encode("utf-8-sig")


def _payment_row(ledger: Ledger, payment: Payment) -> tuple[float, list[str | int]]:
    charge = _charge(ledger, payment.id)
    status = "unknown" if payment.status == "sending" else str(payment.status)
    return payment.created_at, [
        _when(payment.created_at), payment.business_date, KINDS["payment"], payment.id, status,
        payment.method, charge.bank_name if charge else "",
        charge.account_masked if charge else "",
        approval_code(charge.approval_no) if charge else "",
        charge.approval_no if charge else "", "", payment.amount, payment.supply_value,
        payment.vat, _items(payment)]


def _refund_row(ledger: Ledger, refund: Transfer) -> tuple[float, list[str | int]]:
    payment = ledger.payment(refund.payment_id)
    charge = _charge(ledger, payment.id)
    supply, vat = vat_split(refund.amount)
    status = "unknown" if refund.status == "sending" else str(refund.status)
    return refund.sent_at, [
        _when(refund.sent_at), refund.business_date, KINDS["refund"], payment.id, status,
        payment.method, refund.bank_name, refund.account_masked,
        approval_code(refund.approval_no), refund.approval_no,
        approval_code(charge.approval_no) if charge else "", -refund.amount, -supply, -vat,
        _items(payment)]


def _charge(ledger: Ledger, payment_id: str) -> Transfer | None:
    charges = [t for t in ledger.transfers_of(payment_id) if t.kind is TransferKind.WITHDRAW]
    return charges[-1] if charges else None


def _items(payment: Payment) -> str:
    return ", ".join(f"{i['name']} x{i['quantity']}" for i in payment.line_items())


def _when(epoch: float) -> str:
    return now_kst(epoch).strftime("%Y-%m-%d %H:%M:%S")


def _cell(value: str | int) -> str | int:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
