"""The owner's settings: checked whole, saved atomically, read back as they were."""

import os

import pytest

from kiosk.app.catalogue import CatalogueItem
from kiosk.app.owner import OWNER_FILE, OwnerSettings, checked, load_owner, new_pin_hash, save_owner
from kiosk.config import ConfigError
from payments.passwords import verify_password
from payments.reasons import Refused

MENU = [CatalogueItem("아메리카노", 4500, "커피", "Americano", "Coffee"),
        CatalogueItem('따옴표 "특제" \\ 라테', 6000, "커피")]


def test_the_settings_round_trip_through_the_file(tmp_path):
    owner = OwnerSettings(checked(MENU, "또 오세요!"), "또 오세요!", new_pin_hash("2468", "2468"))
    save_owner(tmp_path, owner)
    again = load_owner(tmp_path)
    assert again == owner
    assert verify_password("2468", again.pin_hash)
    assert [p.name for p in tmp_path.iterdir()] == [OWNER_FILE]  # no temporary left


def test_no_file_means_the_configurations_menu_and_pin(tmp_path):
    assert load_owner(tmp_path) == OwnerSettings()


@pytest.mark.parametrize(("items", "footer", "said"), [
    ([], "", "하나는"),
    ([CatalogueItem("", 1000)], "", "1번 상품: 이름"),
    ([CatalogueItem("라테", 0)], "", "1번 상품 ‘라테’: 가격"),
    ([CatalogueItem("라테", 5000), CatalogueItem("라테", 5500)], "", "2번 상품: ‘라테’이 두 번"),
    ([CatalogueItem("라" * 41, 5000)], "", "1~40자"),
    (MENU, "줄\n바꿈", "영수증 문구"),
    (MENU, "가" * 41, "영수증 문구"),
])
def test_a_mistake_is_refused_saying_which_row_and_what_to_type(items, footer, said):
    with pytest.raises(Refused) as refused:
        checked(items, footer)
    assert said in refused.value.reason.ko


def test_a_new_pin_is_typed_twice_and_is_4_to_8_digits():
    with pytest.raises(Refused, match="differ"):
        new_pin_hash("1234", "1243")
    with pytest.raises(Refused, match="4 to 8"):
        new_pin_hash("123", "123")


def test_a_save_that_fails_midway_leaves_the_old_file_whole(tmp_path, monkeypatch):
    save_owner(tmp_path, OwnerSettings(checked(MENU, ""), ""))
    before = (tmp_path / OWNER_FILE).read_bytes()

    def power_cut(*args):
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        save_owner(tmp_path, OwnerSettings(checked(MENU[:1], "bye"), "bye"))
    assert (tmp_path / OWNER_FILE).read_bytes() == before
    assert load_owner(tmp_path).items == checked(MENU, "")


def test_a_damaged_file_stops_the_kiosk_saying_where(tmp_path):
    (tmp_path / OWNER_FILE).write_text("[[item]]\nname = \"라테\"\nprice = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"{OWNER_FILE}: item 1"):
        load_owner(tmp_path)
