"""Time to render an 80 mm receipt and send it to a network printer, until the printer has
taken all of it (the status answer after the job).

The printer is `kiosk sim printer`'s, on loopback, in this process. The receipt is a
twelve-item Korean sale laid out by the payments package, with its QR code.

    python benchmarks/printer_receipt.py [--receipts 50]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from hardware.device_spec import parse_device
from hardware.printer.base import PAPERS
from hardware.printer.escpos_job import encode
from hardware.printer.factory import make_printer
from hardware.printer.sim_network import SimNetworkPrinter
from kiosk.printing import receipt_document
from payments.receipts import Merchant, Receipt, ReceiptItem

ITEMS = tuple(ReceiptItem(name, 1 + n % 3, price, price * (1 + n % 3)) for n, (name, price) in
              enumerate([("아메리카노", 4500), ("카페라테", 5000), ("바닐라라테", 5500),
                         ("녹차", 4000), ("치즈케이크", 6800), ("크루아상", 3800),
                         ("레몬에이드", 5200), ("초코쿠키", 2500), ("샌드위치", 7500),
                         ("생수", 1000), ("콜드브루", 5000), ("마들렌", 2200)]))
TOTAL = sum(item.amount for item in ITEMS)
RECEIPT = Receipt("sale", False, Merchant("데모 카페", "123-45-67890",
                                          "서울특별시 중구 세종대로 110", "02-1234-5678"),
                  "20261121-0042", "2026-11-21 12:34:56", "approved", ITEMS, TOTAL,
                  round(TOTAL / 1.1), TOTAL - round(TOTAL / 1.1), "qr", "KB국민은행",
                  "385551849***", "0B2107FC71C543908319")


def percentiles(times: list[float]) -> str:
    times = sorted(times)
    return (f"median {statistics.median(times):.1f} ms, p95 "
            f"{times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=50)
    args = parser.parse_args()
    paper = PAPERS[80]
    document = receipt_document(RECEIPT, paper)
    with tempfile.TemporaryDirectory() as out:
        sim = SimNetworkPrinter(Path(out), paper, port=0).start()
        for mode in ("raster", "cp949"):
            printer = make_printer(parse_device(sim.address, "printer"), 80, mode)
            printer.print(document)  # warm: the font loaded, the first connection made
            render, whole = [], []
            for _ in range(args.receipts):
                start = time.perf_counter()
                encode(document, paper, mode)  # raster: drawing the receipt is most of it
                render.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                printer.print(document)
                whole.append((time.perf_counter() - start) * 1000)
            size = len(encode(document, paper, mode))
            print(f"{mode}: {len(document.lines)} lines, {size:,} bytes a job")
            print(f"  render and encode: {percentiles(render)}")
            print(f"  render, encode, send, confirmed: {percentiles(whole)}")
        sim.stop()


if __name__ == "__main__":
    main()
