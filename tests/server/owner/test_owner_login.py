"""The owner's login: one password in a file only the server may read, wrong tries locking
the login for longer and longer, and a session cookie no one can forge or stretch."""

import unicodedata

import pytest

from payments.passwords import hash_password
from server.owner_login import (
    FREE_TRIES,
    MAX_LOCK_S,
    SESSION_S,
    LoginUnavailable,
    OwnerLogin,
    lock_for,
    write_password_file,
)

PASSWORD = "a long owner's password"
SECRET = b"s" * 32


class Clocks:
    def __init__(self) -> None:
        self.wall, self.monotonic = 1_795_000_000.0, 100.0

    def pass_s(self, seconds: float) -> None:
        self.wall += seconds
        self.monotonic += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def login(tmp_path, clocks) -> OwnerLogin:
    write_password_file(tmp_path / "owner-password", PASSWORD)
    return OwnerLogin(tmp_path / "owner-password", SECRET, lambda: clocks.wall,
                      lambda: clocks.monotonic)


def test_the_password_file_is_the_servers_alone_and_holds_only_a_hash(tmp_path):
    path = tmp_path / "etc" / "owner-password"
    write_password_file(path, PASSWORD)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    text = path.read_text()
    assert text.startswith("pbkdf2-sha256$") and PASSWORD not in text
    for wrong in ("short", "x" * 257):
        with pytest.raises(ValueError, match="10 to 256 characters"):
            write_password_file(path, wrong)
    assert path.read_text() == text  # the old password stays


def test_the_right_password_and_only_it_signs_in(login):
    assert not login.attempt("a long owner's passworD").accepted
    assert login.attempt(PASSWORD).accepted
    assert login.failures == 0


def test_a_hangul_password_matches_however_the_device_composes_it(tmp_path, clocks):
    composed = "우리 가게 비밀번호"
    apart = unicodedata.normalize("NFD", composed)
    assert apart != composed
    write_password_file(tmp_path / "owner-password", apart)
    login = OwnerLogin(tmp_path / "owner-password", SECRET, lambda: clocks.wall)
    assert login.attempt(composed).accepted and login.attempt(apart).accepted


def test_wrong_tries_lock_the_login_for_longer_and_longer():
    assert [lock_for(n) for n in range(1, FREE_TRIES + 5)] == [
        *[0.0] * FREE_TRIES, 2.0, 4.0, 8.0, 16.0]
    assert lock_for(100) == MAX_LOCK_S


def test_while_locked_not_even_the_right_password_is_checked(login, clocks):
    for _ in range(FREE_TRIES):
        assert login.attempt("guess").wait_s == 0
    assert login.attempt("guess").wait_s == 2.0
    locked = login.attempt(PASSWORD)
    assert not locked.accepted and locked.wait_s == 2.0
    clocks.pass_s(2.0)
    assert login.attempt("guess").wait_s == 4.0  # and the next lock is longer
    clocks.pass_s(4.0)
    assert login.attempt(PASSWORD).accepted
    assert login.attempt("guess").wait_s == 0  # a right one starts the count again


def test_a_session_is_good_until_it_expires(login, clocks):
    session = login.new_session()
    assert login.signed_in(session)
    clocks.pass_s(SESSION_S - 1)
    assert login.signed_in(session)
    clocks.pass_s(1)
    assert not login.signed_in(session)


def test_a_session_cannot_be_forged_or_stretched(login, tmp_path, clocks):
    session = login.new_session()
    expires, signature = session.split(".")
    assert not login.signed_in(f"{int(expires) + 86400}.{signature}")
    assert not login.signed_in(f"{expires}.{signature[:-1]}")
    for garbage in ("", ".", "x.y", f"{expires}", "-1.abc", "١٢٣.abc"):
        assert not login.signed_in(garbage)
    other = OwnerLogin(tmp_path / "owner-password", b"another secret, 32 bytes long!!",
                       lambda: clocks.wall)
    assert not other.signed_in(session)


def test_a_new_password_ends_every_session(login, tmp_path):
    session = login.new_session()
    write_password_file(tmp_path / "owner-password", "a new password for the owner")
    assert not login.signed_in(session)
    assert not login.attempt(PASSWORD).accepted


def test_without_a_usable_password_file_nobody_signs_in_and_it_says_why(tmp_path, clocks):
    path = tmp_path / "owner-password"
    login = OwnerLogin(path, SECRET, lambda: clocks.wall)
    with pytest.raises(LoginUnavailable, match="missing"):
        login.attempt(PASSWORD)
    path.write_text(hash_password(PASSWORD))
    path.chmod(0o644)
    with pytest.raises(LoginUnavailable, match="chmod 600"):
        login.attempt(PASSWORD)
    path.chmod(0o600)
    assert login.attempt(PASSWORD).accepted
    path.write_text("hunter2\n")
    with pytest.raises(LoginUnavailable, match="no password hash"):
        login.attempt("hunter2")
    assert not login.signed_in("99999999999.abc")


def test_a_short_session_secret_is_refused(tmp_path):
    with pytest.raises(ValueError, match="16 bytes"):
        OwnerLogin(tmp_path / "owner-password", b"short")
