"""The receipts and the closing report of a demo day, as the printer's paper, into
docs/receipts:

    .venv/bin/python docs/receipts/make_receipts.py

Made the way a clerk makes them, with the `kiosk` command in the demo (its in-process
testbed bank, its `png:` printer): a sale with long item names, a partial and a full
refund, a declined slip (a code shown twice), each printed with `--print`; then a reprint
after the refund, and the Z report of the day, laid out as the app prints it.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hardware.printer.base import PAPERS
from hardware.printer.raster import png_bytes
from kiosk.bootstrap import merchant_of, open_ledger
from kiosk.context import make_context
from kiosk.printing import report_document
from payments.reports import day_report

HERE = Path(__file__).resolve().parent
ITEMS = ("시그니처 흑임자 크림 콜드브루 디카페인 변경:6500:2", "아이스 아메리카노:4500",
         "버터 크루아상:3800:3")


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        data = Path(home) / "data"
        env = {**os.environ, "HOME": home, "KIOSK_DATA_DIR": str(data), "KIOSK_CONFIG": ""}

        def kiosk(*args: str) -> dict:
            run = subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, text=True,
                                 capture_output=True, timeout=120)
            return json.loads(run.stdout) if "--json" in args else {"out": run.stdout}

        def code() -> str:
            return kiosk("sim", "code")["out"].splitlines()[0]

        items = [arg for item in ITEMS for arg in ("--item", item)]
        sale = kiosk("pay", *items, "--code", code(), "--print", "--json")
        kiosk("refund", sale["payment_id"], "--amount", "3800", "--print", "--json")
        whole = kiosk("pay", "--item", "아이스 아메리카노:4500:2", "--code", code(), "--print",
                      "--json")
        kiosk("refund", whole["payment_id"], "--print", "--json")
        used = code()
        kiosk("pay", "--amount", "5000", "--code", used, "--json")
        declined = kiosk("pay", "--item", "카페라테:5000", "--code", used, "--print", "--json")
        kiosk("receipt", sale["payment_id"], "--format", "png", "--out",
              str(HERE / "sale-reprint-after-refund.png"))
        printed = data / "receipts"
        for source, target in ((f"{sale['payment_id']}.png", "sale-long-names.png"),
                               (f"{sale['payment_id']}-refund.png", "refund-partial.png"),
                               (f"{whole['payment_id']}-refund.png", "refund-full.png"),
                               (f"{declined['payment_id']}.png", "declined-slip.png")):
            shutil.copyfile(printed / source, HERE / target)
        context = make_context(None, str(data), demo=True)
        ledger = open_ledger(context)
        try:
            report = day_report(ledger, ledger.payment(sale["payment_id"]).business_date)
        finally:
            ledger.close()
        document = report_document(report, merchant_of(context.config), PAPERS[80], time.time())
        (HERE / "z-report.png").write_bytes(png_bytes(document, PAPERS[80]))
    print(f"wrote the receipts into {HERE}")


if __name__ == "__main__":
    main()
