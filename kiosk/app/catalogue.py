"""The shop's items, from a TOML file: the bundled demo menu, or the shop's own."""

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kiosk.config import ConfigError
from payments.money import LineItem
from payments.reasons import Refused


@dataclass(frozen=True)
class CatalogueItem:
    name: str  # as printed on the receipt
    price: int
    category: str = ""
    name_en: str = ""
    category_en: str = ""

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Category:
    name: str  # "" for items filed under none
    name_en: str = ""

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


def categories(items: list[CatalogueItem]) -> list[Category]:
    """The menu's categories in the order they first appear: the sale screen's tabs."""
    found: dict[str, Category] = {}
    for item in items:
        if item.category not in found or (item.category_en and not found[item.category].name_en):
            found[item.category] = Category(item.category, item.category_en)
    return list(found.values())


def load_catalogue(path: str) -> list[CatalogueItem]:
    """`path` empty: the bundled menu. Mistakes stop the kiosk with the item that is wrong."""
    if path:
        where = Path(path)
        try:
            text = where.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"kiosk.catalogue: cannot read {where}: {exc.strerror}") from None
    else:
        where = Path("assets/catalogue.toml")
        text = (resources.files("assets") / "catalogue.toml").read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    items = items_of(table, where)
    if not items:
        raise ConfigError(f"{where}: no [[item]] entries: the sale screen needs at least one")
    return items


def items_of(table: dict, where: Path) -> list[CatalogueItem]:
    """The [[item]] entries of a parsed menu file, each checked as any sale's line is."""
    items = []
    for n, entry in enumerate(table.get("item", []), 1):
        try:
            item = CatalogueItem(**entry)
            LineItem(item.name, item.price)  # the same rules as any sale's line
        except TypeError as exc:
            raise ConfigError(f"{where}: item {n}: {exc}; an item has name, price, "
                              "and optionally category, name_en and category_en") from None
        except Refused as refusal:
            raise ConfigError(f"{where}: item {n}: {refusal.reason.en}") from None
        items.append(item)
    return items
