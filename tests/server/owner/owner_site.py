"""The owner's page served over a SQLite ledger of a small chain's books: for the page's
tests, and to look at by hand (the chain's own server mounts the same routes):

    .venv/bin/python -m tests.server.owner.owner_site [--port 8700]

then open http://localhost:8700/owner/ and sign in with PASSWORD.
"""

import argparse
import random
import secrets
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from datetime import date, timedelta
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from payments.koreatime import business_date
from payments.ledger import Ledger
from server.owner import owner_routes
from server.owner_login import write_password_file
from tests.payments.chain_books import ChainBooks, kst

PASSWORD = "점주 비밀번호 2026"
COUNTERS = ("강남점 1번", "강남점 2번", "역삼점 1번")
PRICES = (4_500, 5_000, 5_500, 3_800, 12_000, 16_800, 6_300, 9_000)


def site(ledger: Ledger, password_file: Path) -> Starlette:
    write_password_file(password_file, PASSWORD)
    return Starlette(routes=[owner_routes(lambda request: nullcontext(ledger), password_file,
                                          secrets.token_bytes(32))])


def fill(books: ChainBooks, today: date, days: int = 14, seed: int = 1) -> None:
    """A fortnight of coffee at three counters: busy mornings and lunches, a few refunds,
    a declined charge now and then, one still being checked today."""
    rng = random.Random(seed)
    for back in range(days - 1, -1, -1):
        day = (today - timedelta(days=back)).isoformat()
        for counter in COUNTERS:
            for _ in range(rng.randrange(6, 16)):
                hour = rng.choice((8, 8, 9, 9, 10, 11, 12, 12, 12, 13, 15, 17, 18, 19))
                at = kst(day, hour, rng.randrange(60))
                amount = sum(rng.choice(PRICES) for _ in range(rng.randrange(1, 4)))
                status = "declined" if rng.random() < 0.04 else "approved"
                payment_id = books.sale(counter, "qr" if rng.random() < 0.7 else "nfc",
                                        amount, at, status)
                if status == "approved" and rng.random() < 0.05:
                    books.refund(payment_id, rng.choice((amount, amount // 2)), at + 1800)
    books.sale(COUNTERS[0], "qr", 4_500, kst(today.isoformat(), 8, 1), status="unknown")


@contextmanager
def serving(app: Starlette, port: int) -> Iterator[str]:
    """`app` on loopback at `port` in a thread, until the block ends."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the owner's page did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://localhost:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8700)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger(Path(folder) / "ledger.sqlite3")
        fill(ChainBooks(ledger), date.fromisoformat(business_date(time.time())))
        with serving(site(ledger, Path(folder) / "owner-password"), args.port) as url:
            print(f"{url}/owner/  password: {PASSWORD}  (Ctrl-C stops)")
            with suppress(KeyboardInterrupt):
                threading.Event().wait()


if __name__ == "__main__":
    main()
