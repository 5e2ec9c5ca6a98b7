"""Secrets at rest: the ledger holds customers' tokens only sealed, under a key kept apart
from it, so a copied ledger carries nothing that moves money."""

import os
import stat

import pytest

from payments.database import open_database
from payments.openbanking.outcomes import Outcome
from payments.openbanking.tokens import Token, TokenStore
from payments.sealing import KeyFileError, SealingKey, load_key
from tests.conftest import SEALING_KEY, enroll, make_client


def test_an_enrolled_customers_tokens_are_nowhere_in_the_ledger_file(testbed, tmp_path):
    """Before: the tokens table held every access and refresh token in the clear."""
    path = tmp_path / "ledger.sqlite3"
    db = open_database(path)
    with make_client(testbed.url, db) as client:
        customer = enroll(client, testbed, "김민준")
        token = client.user_token(customer.user_seq_no).message
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = path.read_bytes()
    assert token.access_token.encode() not in raw and token.refresh_token.encode() not in raw
    row = db.execute("SELECT access_token, refresh_token FROM tokens WHERE owner = ?",
                     (customer.user_seq_no,)).fetchone()
    assert row[0].startswith("sealed:v1:") and row[1].startswith("sealed:v1:")


def test_tokens_a_kiosk_left_in_the_clear_are_sealed_at_start(tmp_path):
    db = open_database(tmp_path / "ledger.sqlite3")
    db.execute("INSERT INTO tokens VALUES ('u1', 'clear-access', 'clear-refresh', 'transfer', "
               "9e9)")
    store = TokenStore(db, SEALING_KEY)
    assert db.execute("SELECT access_token FROM tokens").fetchone()[0].startswith("sealed:")
    assert store.get("u1").access_token == "clear-access"


def test_a_token_moved_to_another_customers_row_does_not_open(tmp_path):
    db = open_database(tmp_path / "ledger.sqlite3")
    store = TokenStore(db, SEALING_KEY)
    store.put(Token("victim", "victims-token", "transfer", 9e9, "victims-refresh"))
    store.put(Token("thief", "thiefs-token", "transfer", 9e9))
    db.execute("UPDATE tokens SET access_token = (SELECT access_token FROM tokens WHERE "
               "owner = 'victim') WHERE owner = 'thief'")
    assert store.get("thief") is None


def test_a_ledger_without_its_key_asks_customers_to_register_again(testbed, tmp_path):
    db = open_database(tmp_path / "ledger.sqlite3")
    with make_client(testbed.url, db) as client:
        customer = enroll(client, testbed, "김민준")
    elsewhere = SealingKey.generate()  # the ledger, restored on a kiosk without its key
    assert TokenStore(db, elsewhere).get(customer.user_seq_no) is None
    with make_client(testbed.url, db, key=elsewhere) as client:
        answer = client.user_token(customer.user_seq_no)
    assert answer.outcome is not Outcome.APPROVED and answer.message is None


def test_the_key_is_made_0600_in_a_0700_folder_and_read_back(tmp_path):
    path = tmp_path / "config" / "ledger.key"
    made = load_key(path, create=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    sealed = made.seal("secret", "u1:access")
    assert load_key(path, create=False).unseal(sealed, "u1:access") == "secret"


def test_a_key_open_to_others_or_missing_or_garbled_is_one_line(tmp_path):
    path = tmp_path / "ledger.key"
    with pytest.raises(KeyFileError, match=r"no sealing key at .* put the kept copy back"):
        load_key(path, create=False)
    load_key(path, create=True)
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match=r"open to others \(mode 0644\): chmod 600"):
        load_key(path, create=False)
    os.chmod(path, 0o600)
    path.write_text("not a key\n")
    with pytest.raises(KeyFileError, match="is not a sealing key"):
        load_key(path, create=False)


def test_the_ledger_is_made_0600_and_an_old_one_open_to_others_is_closed(tmp_path):
    """Before: the ledger was created 0644, readable by every user of the machine."""
    path = tmp_path / "data" / "ledger.sqlite3"
    open_database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    os.chmod(path, 0o644)
    db = open_database(path)
    db.execute("INSERT INTO settings VALUES ('x', 'y')")  # makes the -wal file
    for part in ("ledger.sqlite3", "ledger.sqlite3-wal", "ledger.sqlite3-shm"):
        assert stat.S_IMODE((path.parent / part).stat().st_mode) == 0o600, part
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1  # no token left in free pages
