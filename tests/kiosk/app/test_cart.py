"""The cart and the catalogue: pure Python, what the sale screen shows and sells."""

import pytest

from kiosk.app.cart import Cart
from kiosk.app.catalogue import load_catalogue
from kiosk.config import ConfigError
from payments.reasons import Refused


def test_the_same_item_again_adds_to_its_line_and_the_total_carries_its_vat():
    cart = Cart()
    cart.add("아메리카노", 4500)
    cart.add("아메리카노", 4500)
    cart.add("치즈케이크", 6800)
    assert [(line.name, line.quantity) for line in cart.lines] == [("아메리카노", 2),
                                                                   ("치즈케이크", 1)]
    assert cart.total == 15_800 and cart.vat == 1436
    cart.change(0, -2)
    assert [line.name for line in cart.lines] == ["치즈케이크"]
    assert cart.sale().total == 6800


def test_an_empty_cart_or_a_zero_amount_cannot_be_sold():
    cart = Cart()
    with pytest.raises(Refused):
        cart.sale()
    with pytest.raises(Refused):
        cart.add_keyed(0)


def test_the_bundled_catalogue_loads(tmp_path):
    items = load_catalogue("")
    assert items[0].name == "아메리카노" and items[0].label("en") == "Americano"


def test_a_catalogue_mistake_names_the_item(tmp_path):
    bad = tmp_path / "menu.toml"
    bad.write_text('[[item]]\nname = "라테"\nprice = 0\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"item 1: .*price"):
        load_catalogue(str(bad))
    bad.write_text('[[item]]\nname = "라테"\ncost = 5000\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"item 1: .*name, price"):
        load_catalogue(str(bad))
