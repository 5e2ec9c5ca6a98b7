"""QR decoding on real photographs: zxing's black-box test set (qrcode-1, -3, -4, -5: 129
photographs taken with phone cameras), read where it lies, never copied into the project.

Split in two by file number: even-numbered photographs are the tune half (the pipeline's
rescues may be chosen looking at them), odd-numbered the held-out half (never looked at
while choosing). For each decoder: photographs read, per set and per half, the CPU time a
photograph costs, and which photographs it misses. Markdown on stdout.

    python benchmarks/qr_photos.py [--photos ../shared/data/qr-photos]
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import cv2

from hardware.qr.decoders import PyzbarDecoder, ZxingDecoder, make_decoder
from hardware.qr.pipeline import ScanPipeline

SETS = ("qrcode-1", "qrcode-3", "qrcode-4", "qrcode-5")


def half(name: str) -> str:
    """'tune' for even-numbered photographs, 'held-out' for odd-numbered ones."""
    return "tune" if int(Path(name).stem) % 2 == 0 else "held-out"


def photographs(root: Path) -> list[tuple[str, str]]:
    """(image path relative to root, expected text) for every camera photograph."""
    truth = json.loads((root / "truth.json").read_text())["images"]
    return sorted((name, entry["text"]) for name, entry in truth.items()
                  if entry["kind"] == "photo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared/data/qr-photos")
    args = parser.parse_args()
    if not (args.photos / "truth.json").is_file():
        parser.exit(1, f"qr_photos: no truth.json in {args.photos}: pass --photos with the "
                       "folder of zxing's qrcode-1..6 photographs\n")
    cv2.setNumThreads(1)
    photos = photographs(args.photos)
    images = {name: cv2.imread(str(args.photos / name), cv2.IMREAD_COLOR) for name, _ in photos}
    zxing, pyzbar = ZxingDecoder(), PyzbarDecoder()
    zxing_only, auto = ScanPipeline(zxing), ScanPipeline(make_decoder())
    scanners = {
        "zxing-cpp alone": lambda i: zxing.decode(cv2.cvtColor(i, cv2.COLOR_BGR2GRAY)),
        "pyzbar alone": lambda i: pyzbar.decode(cv2.cvtColor(i, cv2.COLOR_BGR2GRAY)),
        "pipeline, zxing only": lambda i: zxing_only.scan(i).detections,
        "pipeline, auto": lambda i: auto.scan(i).detections,
    }
    counts = {h: sum(half(n) == h for n, _ in photos) for h in ("tune", "held-out")}
    print(f"{len(photos)} photographs: tune (even-numbered) {counts['tune']}, "
          f"held-out (odd-numbered) {counts['held-out']}; CPU time, one thread")
    print()
    print("| | read | tune | held-out | " + " | ".join(SETS) + " | median ms | missed |")
    print("|---|---|---|---|" + "---|" * len(SETS) + "---|---|")
    for label, scan in scanners.items():
        read, times = set(), []
        for name, text in photos:
            started = time.process_time()
            found = scan(images[name])
            times.append((time.process_time() - started) * 1000)
            if text in {d.text for d in found}:
                read.add(name)
        per_half = [sum(half(n) == h for n in read) for h in ("tune", "held-out")]
        per_set = [f"{sum(n.startswith(s) for n in read)}/"
                   f"{sum(n.startswith(s) for n, _ in photos)}" for s in SETS]
        missed = ", ".join(sorted(n for n, _ in photos if n not in read))
        print(f"| {label} | {len(read)}/{len(photos)} | {per_half[0]}/{counts['tune']} | "
              f"{per_half[1]}/{counts['held-out']} | " + " | ".join(per_set) +
              f" | {statistics.median(times):.1f} | {missed} |")


if __name__ == "__main__":
    main()
