"""Receipts laid out for 58 mm (32 columns) and 80 mm (42 columns) paper, to Korean norms.

What a Korean card-terminal receipt carries, in its order: the title (영수증 [고객용]),
the shop (상호, 대표자, 사업자등록번호, 주소, 전화), 거래일시 and 거래번호, the items, 공급가액
and 부가세, an emphasised 합계, then how it was paid (결제수단, bank, masked account) and the
approval number. A refund is a 취소(환불) 영수증 that names the sale it pays back; a
payment that was not approved gets a slip that says plainly it is not a receipt.

Hangul takes two columns on a receipt printer, so every line is measured in display
columns. Nothing is cut: long names, addresses and reasons wrap. Emphasised lines are
listed apart so a printer can print them double height; as plain text they sit between
double rules.
"""

from dataclasses import dataclass

from payments.receipts import METHODS, Receipt
from payments.standing import STATUS_KO
from payments.textlayout import center, ljust, pair, rjust, width, wrap

PRICE_W, QUANTITY_W, AMOUNT_W = 9, 5, 10  # the item table's number columns
SLIP_TITLES = {"declined": "결제 거절 안내", "unknown": "결제 확인 중 안내",
               "error": "결제 오류 안내", "new": "미결제 안내"}


@dataclass(frozen=True)
class Layout:
    lines: tuple[str, ...]
    strong: tuple[int, ...]  # indexes of the lines to print emphasised (double height)

    @property
    def text(self) -> str:
        """As plain text: each emphasised line but the title between double rules (which
        stand in for a single rule beside them)."""
        out: list[str] = []
        titled = False
        for index, line in enumerate(self.lines):
            if index not in self.strong or not titled:
                titled = titled or index in self.strong
                if not (set(line) == {"-"} and out and set(out[-1]) == {"="}):
                    out.append(line)
                continue
            if out and set(out[-1]) == {"-"}:
                out.pop()
            out += ["=" * width(line), line, "=" * width(line)]
        return "\n".join(out) + "\n"


class Sheet:
    """Lines being laid out, `columns` wide, some of them emphasised."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.lines: list[str] = []
        self.strong: list[int] = []

    def add(self, *lines: str) -> None:
        self.lines += lines

    def emphasise(self, line: str) -> None:
        self.strong.append(len(self.lines))
        self.lines.append(line)

    def rule(self) -> None:
        self.lines.append("-" * self.columns)

    def pair(self, label: str, value: str) -> None:
        """Label left, value right; on two lines where one cannot hold both."""
        if width(label) + 1 + width(value) <= self.columns:
            self.lines.append(pair(label, value, self.columns))
        else:
            self.lines += [label, *(rjust(part, self.columns)
                                    for part in wrap(value, self.columns))]

    def field(self, label: str, value: str) -> None:
        """`label: value`, the value wrapped under itself where it is long."""
        if not value:
            return
        first, *rest = wrap(f"{label}: {value}", self.columns)
        self.lines.append(first)
        if rest:
            self.lines += [f"  {line}" for line in wrap(" ".join(rest), self.columns - 2)]

    def paragraph(self, text: str) -> None:
        self.lines += wrap(text, self.columns)

    def layout(self) -> Layout:
        return Layout(tuple(self.lines), tuple(self.strong))


def lay_out(receipt: Receipt, columns: int = 42) -> Layout:
    sheet = Sheet(columns)
    if receipt.reprint:
        sheet.add(center("** 재발행 (REPRINT) **", columns))
    slip = receipt.kind == "sale" and receipt.status in SLIP_TITLES
    if slip:
        sheet.emphasise(center(SLIP_TITLES[receipt.status], columns))
        sheet.add(center("(영수증이 아닙니다)", columns))
    elif receipt.kind == "refund":
        sheet.emphasise(center("취소(환불) 영수증 [고객용]", columns))
    else:
        sheet.emphasise(center("영수증 [고객용]", columns))
    _shop(sheet, receipt)
    if receipt.kind == "refund":
        _refund(sheet, receipt)
    elif slip:
        _slip(sheet, receipt)
    else:
        _sale(sheet, receipt)
    return sheet.layout()


def render_text(receipt: Receipt, columns: int = 42) -> str:
    return lay_out(receipt, columns).text


def _shop(sheet: Sheet, receipt: Receipt) -> None:
    merchant = receipt.merchant
    sheet.rule()
    for label, value in (("상호", merchant.name), ("대표자", merchant.representative),
                         ("사업자등록번호", merchant.business_number),
                         ("주소", merchant.address), ("전화", merchant.phone)):
        sheet.field(label, value)
    sheet.rule()


def _sale(sheet: Sheet, receipt: Receipt) -> None:
    _when_and_what(sheet, receipt)
    sheet.pair("공급가액", f"{receipt.supply_value:,}원")
    sheet.pair("부가세", f"{receipt.vat:,}원")
    sheet.emphasise(pair("합계", f"{receipt.total:,}원", sheet.columns))
    if receipt.refunded:
        sheet.pair("환불", f"{-receipt.refunded:,}원")
        sheet.pair("결제 잔액", f"{receipt.remaining:,}원")
    sheet.rule()
    _paid_with(sheet, receipt, "승인번호")
    if receipt.status != "approved":
        sheet.pair("상태", STATUS_KO.get(receipt.status, receipt.status))
    sheet.rule()


def _refund(sheet: Sheet, receipt: Receipt) -> None:
    sheet.pair("환불일시", receipt.issued_at)
    sheet.pair("거래번호", receipt.payment_id)
    sheet.pair("원거래일시", receipt.original_issued_at)
    if receipt.original_approval_code:
        sheet.pair("원승인번호", receipt.original_approval_code)
    sheet.rule()
    sheet.add("[원거래 품목]")
    _items(sheet, receipt)
    sheet.pair("원거래 합계", f"{receipt.original_total:,}원")
    sheet.rule()
    sheet.pair("환불 공급가액", f"{-receipt.supply_value:,}원")
    sheet.pair("환불 부가세", f"{-receipt.vat:,}원")
    sheet.emphasise(pair("환불 금액", f"{-receipt.total:,}원", sheet.columns))
    sheet.pair("환불 후 결제 잔액", f"{receipt.remaining:,}원")
    sheet.rule()
    _paid_with(sheet, receipt, "환불 승인번호")
    if receipt.status != "approved":
        sheet.pair("상태", STATUS_KO.get(receipt.status, receipt.status))
        _reason(sheet, receipt)
    sheet.rule()


def _slip(sheet: Sheet, receipt: Receipt) -> None:
    _when_and_what(sheet, receipt)
    sheet.emphasise(pair("요청 금액", f"{receipt.total:,}원", sheet.columns))
    sheet.rule()
    if receipt.method:
        sheet.pair("결제수단", f"{METHODS.get(receipt.method, receipt.method)} 계좌이체")
    sheet.pair("상태", STATUS_KO.get(receipt.status, receipt.status))
    _reason(sheet, receipt)
    sheet.paragraph("결제되지 않았습니다. 청구된 금액은 없습니다." if receipt.status != "unknown"
                    else "은행의 확인을 기다리는 중입니다. 두 번 청구되지 않습니다.")
    sheet.rule()


def _when_and_what(sheet: Sheet, receipt: Receipt) -> None:
    """A sale's (or its slip's) time and number, then its items."""
    sheet.pair("거래일시", receipt.issued_at)
    sheet.pair("거래번호", receipt.payment_id)
    sheet.rule()
    _items(sheet, receipt)


def _reason(sheet: Sheet, receipt: Receipt) -> None:
    if receipt.reason:
        sheet.field("사유", receipt.reason)


def _items(sheet: Sheet, receipt: Receipt) -> None:
    columns = sheet.columns
    name_w = columns - PRICE_W - QUANTITY_W - AMOUNT_W
    sheet.add(ljust("상품명", name_w) + rjust("단가", PRICE_W) + rjust("수량", QUANTITY_W)
              + rjust("금액", AMOUNT_W))
    sheet.rule()
    for item in receipt.items:
        numbers = (rjust(f"{item.unit_price:,}", PRICE_W) + rjust(str(item.quantity), QUANTITY_W)
                   + rjust(f"{item.amount:,}", AMOUNT_W))
        price = f"{item.unit_price:,}"
        if width(item.name) < name_w + PRICE_W - width(price):  # a space before the price
            sheet.add(ljust(item.name, name_w) + numbers)
        else:  # the whole name first, over as many lines as it takes, the numbers under it
            sheet.add(*wrap(item.name, columns), " " * name_w + numbers)
    sheet.rule()


def _paid_with(sheet: Sheet, receipt: Receipt, approval_label: str) -> None:
    sheet.pair("결제수단", f"{METHODS.get(receipt.method, receipt.method)} 계좌이체")
    if receipt.account_masked:
        sheet.pair("은행", receipt.bank_name or "-")
        sheet.pair("계좌", receipt.account_masked)
    if receipt.approval_code:
        sheet.pair(approval_label, receipt.approval_code)
        sheet.pair("거래고유번호", receipt.approval_no)
