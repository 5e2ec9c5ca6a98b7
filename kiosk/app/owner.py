"""The owner's own settings, changed at the counter behind the PIN: the menu (items, prices,
categories), the receipt's closing line, and the PIN itself.

They live in the data directory (`owner.toml`), beside the books, and override the menu and
PIN of the configuration file, which stays the installer's (the bank, the devices) on a root
that may be read-only. Every change is checked whole before anything is written, and written
atomically: a power cut leaves the old file or the new one, never half of either.
"""

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.app.catalogue import CatalogueItem, items_of
from kiosk.config import ConfigError
from payments.money import MAX_NAME, LineItem
from payments.passwords import hash_password
from payments.reasons import Reason, Refused

OWNER_FILE = "owner.toml"
MAX_FOOTER = 40  # one line of an 80 mm receipt, in Hangul (two columns each) and spaces
MAX_ITEMS = 200


@dataclass(frozen=True)
class OwnerSettings:
    items: tuple[CatalogueItem, ...] = ()  # none: the configuration's menu
    footer: str = ""
    pin_hash: str = ""  # "": the configuration's PIN
    source: Path | None = field(default=None, compare=False)


def load_owner(data_dir: Path) -> OwnerSettings:
    """The saved settings, or none at all; a damaged file stops the kiosk saying where."""
    where = data_dir / OWNER_FILE
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        return OwnerSettings(source=where)
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read it: {exc.strerror}") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None
    receipt, clerk = table.get("receipt", {}), table.get("clerk", {})
    return OwnerSettings(tuple(items_of(table, where)), str(receipt.get("footer", "")),
                         str(clerk.get("pin_hash", "")), where)


def checked(items: list[CatalogueItem], footer: str) -> tuple[CatalogueItem, ...]:
    """The menu and footer as they may be saved; Refused with the first thing that is wrong,
    said so the owner can find it (the row's number, what to type)."""
    if not items:
        raise Refused("메뉴에 상품이 하나는 있어야 합니다", "The menu needs at least one item")
    if len(items) > MAX_ITEMS:
        raise Refused(f"상품은 {MAX_ITEMS}개까지입니다", f"At most {MAX_ITEMS} items")
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        name = item.name.strip()
        if not name or len(name) > MAX_NAME or not name.isprintable():
            raise Refused(f"{n}번 상품: 이름은 1~{MAX_NAME}자로 적으세요",
                          f"Item {n}: a name of 1 to {MAX_NAME} characters")
        if name in seen:
            raise Refused(f"{n}번 상품: ‘{name}’이 두 번 있습니다",
                          f"Item {n}: '{name}' is on the menu twice")
        seen.add(name)
        try:
            LineItem(name, item.price)
        except Refused:
            raise Refused(f"{n}번 상품 ‘{name}’: 가격은 1원 이상의 정수로 적으세요",
                          f"Item {n} '{name}': a price of at least 1 won, in whole won"
                          ) from None
        for text, what in ((item.category, "분류"), (item.name_en, "영어 이름"),
                           (item.category_en, "영어 분류")):
            if len(text) > MAX_NAME or not text.isprintable():
                raise Refused(f"{n}번 상품: {what}은 {MAX_NAME}자까지입니다",
                              f"Item {n}: at most {MAX_NAME} printable characters")
    if len(footer) > MAX_FOOTER or not footer.isprintable():
        raise Refused(f"영수증 문구는 한 줄, {MAX_FOOTER}자까지입니다",
                      f"The receipt line is one line of at most {MAX_FOOTER} characters")
    return tuple(CatalogueItem(i.name.strip(), i.price, i.category.strip(), i.name_en.strip(),
                               i.category_en.strip()) for i in items)


def new_pin_hash(pin: str, again: str) -> str:
    if pin != again:
        raise Refused("두 번 입력한 PIN이 다릅니다", "The two PINs differ")
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        raise Refused("PIN은 숫자 4~8자리입니다", "A PIN is 4 to 8 digits")
    return hash_password(pin)


def save_owner(data_dir: Path, settings: OwnerSettings) -> Path:
    """Write the settings atomically (a temporary file, flushed, then renamed over)."""
    where = data_dir / OWNER_FILE
    lines = ["# The owner's settings, saved by the kiosk's settings screen.", ""]
    if settings.footer:
        lines += ["[receipt]", f"footer = {_string(settings.footer)}", ""]
    if settings.pin_hash:
        lines += ["[clerk]", f"pin_hash = {_string(settings.pin_hash)}", ""]
    for item in settings.items:
        lines += ["[[item]]", f"name = {_string(item.name)}", f"price = {item.price}"]
        lines += [f"{key} = {_string(value)}" for key, value in (
            ("category", item.category), ("name_en", item.name_en),
            ("category_en", item.category_en)) if value]
        lines.append("")
    text = "\n".join(lines)
    data_dir.mkdir(parents=True, exist_ok=True)
    temporary = where.with_suffix(".toml.new")
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, where)
    directory = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return where


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's."""
    return json.dumps(text, ensure_ascii=False)


SAVED = Reason("저장했습니다", "Saved")
