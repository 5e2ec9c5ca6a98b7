"""The payments engine's own time per charge, beyond the bank call (goal: under 5 ms).

An in-process testbed with its customers enrolled, a ledger on disk (WAL, synchronous=FULL,
as in production), signed demo codes. For each charge it times the whole `pay` and the part
spent inside the client's withdraw call; the difference is the engine's: parsing and
verifying the code, the limit checks, the id sequence and the ledger commits.

    python benchmarks/engine_overhead.py [--charges 300]
"""

import argparse
import base64
import platform
import statistics
import tempfile
import time
from pathlib import Path

from payments.bootstrap import BankAccess, open_payments
from payments.code_signing import sign_code
from payments.codes import CodePolicy
from payments.engine import EngineSettings
from payments.enrollment import complete_enrollment
from payments.masking import Secret
from payments.money import Sale
from payments.sealing import SealingKey
from testbed import demo_data
from testbed.consent import auto_consent
from testbed.demo_wallet import demo_issuer_key
from testbed.server import make_testbed
from testbed.settings import BankSettings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charges", type=int, default=300)
    args = parser.parse_args()
    kid, key = demo_issuer_key()
    policy = CodePolicy.from_config(False, {kid: base64.b64encode(
        key.public_key().public_bytes_raw()).decode()})
    with tempfile.TemporaryDirectory() as scratch, \
            make_testbed(BankSettings(auto_consent=True)) as testbed:
        access = BankAccess(testbed.url, demo_data.DEMO_CLIENT_ID,
                            Secret(demo_data.DEMO_CLIENT_SECRET), demo_data.DEMO_REDIRECT_URI,
                            demo_data.DEMO_INSTITUTION_CODE)
        settings = EngineSettings("데모 카페", demo_data.DEMO_CONTRACT_ACCOUNT, "011", policy,
                                  max_per_payer_per_day=10**10, max_per_day=10**11)
        payments = open_payments(Path(scratch) / "ledger.sqlite3", access, settings,
                                 lambda db: SealingKey.generate())
        engine, client = payments.engine, payments.client
        payer = next(a for a in testbed.bank.accounts() if a["holder_name"] == "정예준")
        complete_enrollment(client, payments.ledger,
                            auto_consent(client.authorize_url(), payer["user_seq_no"]))

        in_bank = []
        withdraw = client.withdraw

        def timed_withdraw(*a, **kw):
            started = time.perf_counter()
            try:
                return withdraw(*a, **kw)
            finally:
                in_bank.append(time.perf_counter() - started)
        client.withdraw = timed_withdraw

        totals, statuses = [], set()
        for _ in range(args.charges):
            code = sign_code(key, kid, payer["fintech_use_num"], now=time.time())
            started = time.perf_counter()
            statuses.add(engine.pay(Sale.keyed(4500), code, "qr").status)
            totals.append(time.perf_counter() - started)
        overhead = sorted((t - b) * 1000 for t, b in zip(totals, in_bank, strict=True))
        print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
              f"{platform.system()} {platform.release()}")
        print(f"charges: {args.charges}, outcomes: {sorted(statuses)}")
        print(f"whole charge ms: median {statistics.median(totals) * 1000:.2f}")
        print(f"bank call ms:    median {statistics.median(in_bank) * 1000:.2f}")
        print(f"engine overhead ms: median {statistics.median(overhead):.2f}, "
              f"p95 {overhead[int(len(overhead) * 0.95) - 1]:.2f}, max {overhead[-1]:.2f}")


if __name__ == "__main__":
    main()
