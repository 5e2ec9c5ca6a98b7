"""What the wallet remembers: enrollment states are good once, rate limits count a window,
a phone is found only by its own token and can be signed out."""

from wallet.store import EnrollmentState, SqliteWalletStore


def test_an_enrollment_state_is_good_once_and_only_while_fresh(tmp_path):
    store = SqliteWalletStore(tmp_path / "w.sqlite3")
    store.begin_enrollment("s1", now=1000)
    store.begin_enrollment("s2", now=1000)
    assert store.use_enrollment("s1", 1100, lifetime_s=600) == EnrollmentState.FRESH
    assert store.use_enrollment("s1", 1101, lifetime_s=600) == EnrollmentState.USED
    assert store.use_enrollment("s2", 1601, lifetime_s=600) == EnrollmentState.EXPIRED
    assert store.use_enrollment("never", 1100, lifetime_s=600) == EnrollmentState.UNKNOWN


def test_a_rate_limit_counts_a_sliding_window(tmp_path):
    store = SqliteWalletStore(tmp_path / "w.sqlite3")
    assert all(store.hit("enroll:1.2.3.4", 100 + n, 600, 3) for n in range(3))
    assert not store.hit("enroll:1.2.3.4", 200, 600, 3)
    assert store.hit("enroll:5.6.7.8", 200, 600, 3)  # another phone is not held up
    assert store.hit("enroll:1.2.3.4", 701, 600, 3)  # the window moved on


def test_a_phone_is_found_by_its_token_only_and_can_be_signed_out(tmp_path):
    store = SqliteWalletStore(tmp_path / "w.sqlite3")
    store.add_device("AB12CD34", "token-of-the-phone", "1100000001", "Chromium", 10, 100)
    device = store.device_by_token("token-of-the-phone")
    assert device.id == "AB12CD34" and device.revoked_at is None
    assert store.device_by_token("token-of-another") is None
    assert store.revoke("AB12CD34", 20) and not store.revoke("AB12CD34", 21)
    assert store.device_by_token("token-of-the-phone").revoked_at == 20
    row = store._db.execute("SELECT token_hash FROM devices").fetchone()[0]
    assert row != "token-of-the-phone"  # kept as a hash
