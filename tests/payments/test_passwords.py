"""A PIN or a password is kept only as a salted, slow hash."""

from payments.passwords import ITERATIONS_MIN, hash_password, verify_password


def test_the_right_password_and_only_it_matches():
    stored = hash_password("1234", iterations=ITERATIONS_MIN)
    assert verify_password("1234", stored)
    assert not verify_password("1235", stored)
    assert not verify_password("", stored)


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("1234") != hash_password("1234")


def test_a_malformed_hash_matches_nothing():
    assert not verify_password("1234", "not a hash")
    assert not verify_password("1234", "md5$1$AAAA$BBBB")
