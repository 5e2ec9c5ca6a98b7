"""Sales in whole won: line items or a keyed amount, and the VAT split a Korean receipt shows.

Prices include 10% VAT. THE ROUNDING RULE, applied once per sale and nowhere else: the supply
value is the total divided by 1.1, rounded half up to the won; the VAT is what remains
(total − supply). So supply + VAT always equals the total the customer paid.
"""

import re
from dataclasses import dataclass

from payments.reasons import Refused

MAX_SALE_WON = 100_000_000  # above this a sale is a typo, not a coffee
MAX_QUANTITY = 999
MAX_NAME = 40
KEYED_NAME = "직접 입력"  # the line of a keyed-amount sale


def vat_split(total: int) -> tuple[int, int]:
    """(supply value, VAT) of a VAT-inclusive total: supply = round_half_up(total / 1.1)."""
    supply = (total * 20 + 11) // 22  # total·10/11, rounded half up, in integers
    return supply, total - supply


def vat_sql(amount: str) -> str:
    """The VAT of the integer SQL expression `amount` by vat_split's rule, in arithmetic
    SQLite and PostgreSQL do alike (integer division truncates; amounts are positive): so
    that a report can sum refunds' VAT, each split as its own, without a row per refund."""
    return f"({amount} - ({amount} * 20 + 11) / 22)"


def manwon(amount: int) -> str:
    """An amount in 만원 (ten thousand won) to one decimal, as Korean charts and tills count
    larger sums: 335,000 → "33.5만", 4,500 → "0.5만" (rounded half up, away from zero)."""
    tenths = (abs(amount) + 500) // 1000
    sign = "-" if amount < 0 and tenths else ""
    return f"{sign}{tenths // 10:,}.{tenths % 10}만"


def parse_won(text: str) -> int:
    """A clerk's amount: "4500", "4,500" or "4500원"; anything else is refused with why."""
    cleaned = text.strip().removesuffix("원").strip()
    if re.fullmatch(r"(?a)\d{1,3}(,\d{3})+", cleaned):
        cleaned = cleaned.replace(",", "")
    if re.fullmatch(r"(?a)-\s*\d+([.,]\d+)?", cleaned):
        raise Refused("음수 금액은 받을 수 없습니다", f"{text!r}: a negative amount")
    if re.fullmatch(r"(?a)\d+[.]\d+", cleaned):
        raise Refused("원 단위 정수로 입력하세요", f"{text!r}: amounts are whole won")
    if not re.fullmatch(r"(?a)\d+", cleaned):
        raise Refused("금액을 숫자로 입력하세요", f"{text!r} is not an amount in won")
    digits = len(cleaned.lstrip("0"))
    if digits > len(str(MAX_SALE_WON)):  # int() of thousands of digits would be slow
        raise _over_the_most(f"an amount of {digits} digits")
    return check_won(int(cleaned), "amount")


def check_won(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused("원 단위 정수만 가능합니다", f"{what} must be a whole number of won")
    if value <= 0:
        raise Refused("금액은 1원 이상이어야 합니다", f"{what} must be at least 1 won")
    if value > MAX_SALE_WON:
        raise _over_the_most(f"{what} {value:,} won")
    return value


def _over_the_most(what: str) -> Refused:
    return Refused(f"{MAX_SALE_WON:,}원을 넘을 수 없습니다",
                   f"{what} is over the {MAX_SALE_WON:,} won a sale may be")


@dataclass(frozen=True)
class LineItem:
    name: str
    unit_price: int
    quantity: int = 1

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > MAX_NAME or not self.name.isprintable():
            raise Refused("상품명이 올바르지 않습니다",
                          f"item name {self.name[:50]!r}: 1 to {MAX_NAME} printable characters")
        check_won(self.unit_price, f"the price of {self.name}")
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int) or not (
                1 <= self.quantity <= MAX_QUANTITY):
            raise Refused("수량은 1에서 999 사이입니다",
                          f"quantity of {self.name}: a whole number from 1 to {MAX_QUANTITY}")

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Sale:
    items: tuple[LineItem, ...]

    def __post_init__(self) -> None:
        if not self.items:
            raise Refused("상품이 없습니다", "a sale needs at least one item")
        check_won(self.total, "the total")

    @classmethod
    def keyed(cls, amount: int) -> "Sale":
        return cls((LineItem(KEYED_NAME, amount),))

    @property
    def total(self) -> int:
        return sum(item.amount for item in self.items)

    @property
    def supply_value(self) -> int:
        return vat_split(self.total)[0]

    @property
    def vat(self) -> int:
        return vat_split(self.total)[1]

    def to_json(self) -> list[dict]:
        return [{"name": i.name, "unit_price": i.unit_price, "quantity": i.quantity}
                for i in self.items]

    @classmethod
    def from_json(cls, items: list[dict]) -> "Sale":
        return cls(tuple(LineItem(i["name"], i["unit_price"], i["quantity"]) for i in items))


def parse_item(text: str) -> LineItem:
    """`NAME:PRICE[:QTY]`, as `kiosk pay --item` takes it."""
    parts = text.rsplit(":", 2)
    if len(parts) == 3 and not re.fullmatch(r"(?a)\s*\d+\s*", parts[2]):
        parts = [f"{parts[0]}:{parts[1]}", parts[2]]  # a colon in the name, no quantity
    if len(parts) < 2:
        raise Refused("상품은 이름:가격[:수량] 형식입니다",
                      f"{text!r}: an item is NAME:PRICE or NAME:PRICE:QTY")
    quantity = int(parts[2]) if len(parts) == 3 else 1
    return LineItem(parts[0].strip(), parse_won(parts[1]), quantity)
