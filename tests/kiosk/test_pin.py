"""The clerk's PIN is kept only as a salted, slow hash."""

from kiosk.pin import PIN_ITERATIONS_MIN, hash_pin, verify_pin


def test_the_right_pin_and_only_it_matches():
    stored = hash_pin("1234", iterations=PIN_ITERATIONS_MIN)
    assert verify_pin("1234", stored)
    assert not verify_pin("1235", stored)
    assert not verify_pin("", stored)


def test_the_same_pin_hashes_differently_each_time():
    assert hash_pin("1234") != hash_pin("1234")


def test_a_malformed_hash_matches_nothing():
    assert not verify_pin("1234", "not a hash")
    assert not verify_pin("1234", "md5$1$AAAA$BBBB")
