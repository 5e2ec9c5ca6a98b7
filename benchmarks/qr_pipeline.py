"""QR decoding on the seeded corpus: each backend alone, and the kiosk's whole pipeline.

For each: the share of code frames decoded, false positives on frames with no code, and
ms per frame (median and p95) at 640x480 and 1280x720, on one core; then the mean cost per
frame and what a 30 fps camera costs. The table goes to stdout as Markdown, for
docs/benchmarks.md.

    python benchmarks/qr_pipeline.py [--frames 400] [--seed 2026]
"""

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import cv2

from hardware.qr.corpus import generate
from hardware.qr.decoders import PyzbarDecoder, ZxingDecoder
from hardware.qr.pipeline import ScanPipeline


def measure(name: str, scan, samples) -> dict:
    times: dict[str, list[float]] = {"640x480": [], "1280x720": []}
    empty, decoded, false_positives = [], 0, 0
    for sample in samples:
        started = time.perf_counter()
        texts = scan(sample.image)
        ms = (time.perf_counter() - started) * 1000
        times[sample.conditions["size"]].append(ms)
        if sample.text is None:
            false_positives += bool(texts)
            empty.append(ms)
        else:
            decoded += sample.text in texts
    codes = sum(s.text is not None for s in samples)
    every = times["640x480"] + times["1280x720"]
    return {"name": name, "decoded": decoded / codes, "false_positives": false_positives,
            **{f"{size} median": statistics.median(t) for size, t in times.items()},
            **{f"{size} p95": sorted(t)[int(len(t) * 0.95)] for size, t in times.items()},
            "no code median": statistics.median(empty), "mean": statistics.mean(every),
            "camera_core": statistics.mean(every) * 30 / 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    samples = list(generate(args.frames, args.seed))
    zxing, pyzbar = ZxingDecoder(), PyzbarDecoder()

    def grey(image):
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)

    rows = [measure("zxing-cpp alone", lambda i: {d.text for d in zxing.decode(grey(i))},
                    samples),
            measure("pyzbar alone", lambda i: {d.text for d in pyzbar.decode(grey(i))},
                    samples)]
    for decoder in (zxing, pyzbar):
        pipeline = ScanPipeline(decoder)
        rows.append(measure(f"pipeline ({decoder.name})",
                            lambda i, p=pipeline: {d.text for d in p.scan(i).detections},
                            samples))
    codes = sum(s.text is not None for s in samples)
    print(f"corpus: {len(samples)} frames (seed {args.seed}), {codes} with a code; "
          f"{platform.machine()}, Python {platform.python_version()}, one core")
    print()
    print("| | decoded | false positives | 640x480 median / p95 ms | 1280x720 median / p95 ms"
          " | no code median ms | mean ms | 30 fps camera, cores |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['name']} | {r['decoded']:.1%} | {r['false_positives']} | "
              f"{r['640x480 median']:.1f} / {r['640x480 p95']:.1f} | "
              f"{r['1280x720 median']:.1f} / {r['1280x720 p95']:.1f} | "
              f"{r['no code median']:.1f} | {r['mean']:.1f} | {r['camera_core']:.2f} |")


if __name__ == "__main__":
    main()
