"""QR decoding on the synthetic camera corpus: each backend alone, and the kiosk's pipeline.

For each: the share of code frames decoded, false positives (a text that is not in view),
and the CPU time a frame costs (time.process_time, one thread: the machine is shared, so
wall time would measure the neighbours), median and p95 at 640x480 and 1280x720, the median
for a frame with no code and for an empty counter, the mean, and what a 30 fps camera costs
if every frame were scanned. Markdown on stdout, for docs/benchmarks.md.

    python benchmarks/qr_pipeline.py [--split held-out|tune] [--frames 600]

The held-out split is the one to quote; the tune split is what the rescues were chosen on.
"""

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import cv2

from hardware.qr.corpus.frames import split
from hardware.qr.decoders import PyzbarDecoder, ZxingDecoder, make_decoder
from hardware.qr.pipeline import ScanPipeline


def measure(name: str, scan, samples) -> dict:
    times: dict[str, list[float]] = {"640x480": [], "1280x720": []}
    no_code, empty, decoded, false_positives = [], [], 0, 0
    for sample in samples:
        started = time.process_time()
        texts = scan(sample.image)
        ms = (time.process_time() - started) * 1000
        times[sample.conditions["size"]].append(ms)
        false_positives += bool(texts - sample.in_view)
        if sample.text is None:
            no_code.append(ms)
            if sample.conditions.get("thing") == "empty":
                empty.append(ms)
        else:
            decoded += sample.text in texts
    codes = sum(s.text is not None for s in samples)
    every = times["640x480"] + times["1280x720"]
    return {"name": name, "decoded": decoded, "share": decoded / codes,
            "false_positives": false_positives,
            **{f"{size} median": statistics.median(t) for size, t in times.items()},
            **{f"{size} p95": sorted(t)[int(len(t) * 0.95)] for size, t in times.items()},
            "no code median": statistics.median(no_code),
            "empty median": statistics.median(empty) if empty else float("nan"),
            "mean": statistics.mean(every), "camera_core": statistics.mean(every) * 30 / 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("held-out", "tune"), default="held-out")
    parser.add_argument("--frames", type=int, default=600)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    samples = list(split(args.split, args.frames))
    zxing, pyzbar = ZxingDecoder(), PyzbarDecoder()

    def grey(image):
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)

    rows = [measure("zxing-cpp alone", lambda i: {d.text for d in zxing.decode(grey(i))},
                    samples),
            measure("pyzbar alone", lambda i: {d.text for d in pyzbar.decode(grey(i))},
                    samples)]
    for label, decoder in (("pipeline, zxing only", zxing), ("pipeline, auto", make_decoder())):
        pipeline = ScanPipeline(decoder)
        rows.append(measure(label, lambda i, p=pipeline: {d.text for d in p.scan(i).detections},
                            samples))
    codes = sum(s.text is not None for s in samples)
    print(f"corpus: {args.split} split, {len(samples)} frames, {codes} with a code; "
          f"{platform.machine()}, Python {platform.python_version()}, OpenCV {cv2.__version__}"
          f" (one thread); CPU time")
    print()
    print("| | decoded | false positives | 640x480 median / p95 ms | 1280x720 median / p95 ms"
          " | no code median ms | empty counter median ms | mean ms | 30 fps camera, cores |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['name']} | {r['decoded']}/{codes} = {r['share']:.1%} | "
              f"{r['false_positives']} | "
              f"{r['640x480 median']:.1f} / {r['640x480 p95']:.1f} | "
              f"{r['1280x720 median']:.1f} / {r['1280x720 p95']:.1f} | "
              f"{r['no code median']:.1f} | {r['empty median']:.1f} | {r['mean']:.1f} | "
              f"{r['camera_core']:.2f} |")


if __name__ == "__main__":
    main()
