"""The sale being rung up: lines with quantities, and what it comes to. No Qt here."""

from dataclasses import dataclass

from payments.money import KEYED_NAME, MAX_QUANTITY, LineItem, Sale, vat_split


@dataclass
class CartLine:
    name: str
    unit_price: int
    quantity: int = 1

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity


class Cart:
    def __init__(self) -> None:
        self.lines: list[CartLine] = []

    def add(self, name: str, unit_price: int) -> None:
        """One more of an item; the same item again adds to its line."""
        for line in self.lines:
            if line.name == name and line.unit_price == unit_price:
                line.quantity = min(MAX_QUANTITY, line.quantity + 1)
                return
        self.lines.append(CartLine(name, unit_price))

    def add_keyed(self, amount: int) -> None:
        LineItem(KEYED_NAME, amount)  # refuses a zero or absurd amount, with a reason
        self.lines.append(CartLine(KEYED_NAME, amount))

    def change(self, index: int, delta: int) -> None:
        line = self.lines[index]
        line.quantity = min(MAX_QUANTITY, line.quantity + delta)
        if line.quantity <= 0:
            del self.lines[index]

    def clear(self) -> None:
        self.lines.clear()

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def vat(self) -> int:
        return vat_split(self.total)[1] if self.lines else 0

    def sale(self) -> Sale:
        """Refused (with a reason) when empty or over the limit a sale may be."""
        return Sale(tuple(LineItem(line.name, line.unit_price, line.quantity)
                          for line in self.lines))
