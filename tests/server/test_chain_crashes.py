"""The chain's database killed -9 mid-charge: no charge lost or doubled, and the terminal
recovers by itself once PostgreSQL is back (issue 21). The books equal the bank's journal
at the end of each (running_chain checks)."""

import threading

import pytest

from tests.conftest import demo_code
from tests.server.conftest import customer_fin, running_chain
from tests.server.test_chain import enroll_at


@pytest.mark.parametrize("step", ["charge-admitted", "charge-committed", "charge-answered"])
def test_postgresql_killed_mid_charge_charges_once(own_cluster, tmp_path, step):
    with running_chain(own_cluster.url, tmp_path) as chain:
        counter = chain.terminal("a", deadline_s=30, poll_s=0.2)
        enroll_at(chain, counter)
        fin = customer_fin(chain.bank)
        engine = chain.chain.engine
        back = threading.Event()

        def kill_then_restart(name: str) -> None:
            if name == step and not back.is_set():
                back.set()
                own_cluster.kill()
                threading.Timer(1.0, own_cluster.start).start()
        engine.checkpoint = kill_then_restart
        paid = counter.pay(4500, demo_code(fin))
        assert back.is_set()
        if paid.status == "unknown":  # the books could not take the bank's answer
            chain.chain.settle()
            counter.engine.reconcile()
            paid = counter.engine.result(paid.payment_id)
        # Charged once or not at all (the database gone before the request left the
        # server: declined once the bank surely has nothing), and the counter knows which.
        moved = chain.moved()
        assert (paid.status, moved) in (("approved", 4500), ("declined", 0))
        assert counter.engine.outbox.waiting() == []
        again = counter.pay(3000, demo_code(fin))  # and the counter goes on by itself
        assert again.status == "approved" and chain.moved() == moved + 3000
