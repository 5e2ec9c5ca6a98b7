"""bank_tran_ids: the reference's format, never the same twice, restarts and processes too."""

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from payments.database import open_database
from payments.openbanking.tran_ids import BankTranIds

INSTITUTION = "M202200382"


def test_the_format_is_institution_u_and_nine_characters(db):
    ids = BankTranIds(db, INSTITUTION, "K01")
    assert re.fullmatch(r"M202200382UK01[0-9A-Z]{6}", ids.next())


def test_ids_continue_after_a_restart_and_keep_their_terminal(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    first = BankTranIds(open_database(path), INSTITUTION)
    before = [first.next() for _ in range(3)]
    again = BankTranIds(open_database(path), INSTITUTION)
    after = again.next()
    assert after not in before
    assert after[:14] == before[0][:14]  # the same random terminal id, kept in the db


@pytest.mark.integration
def test_threads_never_share_an_id(db):
    ids = BankTranIds(db, INSTITUTION)
    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(lambda _: ids.next(), range(400)))
    assert len(set(made)) == 400


@pytest.mark.integration
def test_processes_sharing_a_ledger_never_share_an_id(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    open_database(path).close()
    script = ("import sys; from payments.database import open_database; "
              "from payments.openbanking.tran_ids import BankTranIds; "
              f"ids = BankTranIds(open_database(sys.argv[1]), {INSTITUTION!r}); "
              "print('\\n'.join(ids.next() for _ in range(150)))")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(path)],
                             stdout=subprocess.PIPE, text=True) for _ in range(3)]
    made = [line for run in runs for line in run.communicate()[0].split()]
    assert len(made) == 450 and len(set(made)) == 450
