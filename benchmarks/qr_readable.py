"""How many of the synthetic corpus's codes could be read at all: an ideal reader handed
the ground truth of where every module is, beside the kiosk's pipeline.

The corpus knows where each module's centre landed in the frame (hardware/qr/corpus). The
ideal reader takes those centres (no finding, no perspective, no bending to work out),
looks at the frame there, unsmoothed or smoothed over about a quarter or half of a module,
and calls each module dark or light against the mean of its neighbourhood (a Gaussian of
1.5 or 3 modules over the module grid) or against the code's mean. It redraws the modules
cleanly (the modules the standard fixes, which carry no data, drawn as it fixes them, as
the pipeline's bent-grid sampler draws them) and hands that to zxing-cpp, whose error
correction judges. A frame counts as readable if any of those nine ways reads the code.

That reader is better placed than any pipeline (it is told where the code is, however
small, bent or blurred), so a code it cannot read is beyond what looking at the frame can
give: the modules' information is not in the pixels any more (defocus wider than a module
mixes neighbours, a clipped reflection erases them, a finger covers them) and no rescue or
locator can bring it back. The codes it reads and the pipeline does not are the room left
for a better locator and sampler. It is not a person: it is told where a 2 px module is,
which no one looking at the frame is, so it stands for the most a person could make out;
a code whose finder pattern is under a finger counts as readable here, though no reader
that must find the code first would read it.

    python benchmarks/qr_readable.py [--split tune|held-out] [--frames 400]

Markdown on stdout: the totals, then the pipeline's misses by condition.
"""

import argparse
import os
from collections import Counter

os.environ.setdefault("OMP_NUM_THREADS", "1")

import cv2
import numpy as np

from hardware.qr.bent_grid import function_patterns, redraw
from hardware.qr.corpus.frames import Sample, split
from hardware.qr.decoders import ZxingDecoder, make_decoder
from hardware.qr.pipeline import ScanPipeline

SMOOTHING = (0.0, 0.125, 0.25)  # Gaussian sigma, modules: none, a quarter, half a module
NEIGHBOURHOOD = (1.5, 3.0, None)  # the local threshold's sigma in modules; None: the mean


def module_values(sample: Sample, sigma: float) -> np.ndarray:
    """The frame's brightness at every module's centre, smoothed by `sigma` modules."""
    grey = cv2.cvtColor(sample.image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    centres = sample.centres.astype(np.float32)
    pitch = float(np.median(np.linalg.norm(np.diff(centres, axis=1), axis=-1)))
    if sigma:
        grey = cv2.GaussianBlur(grey, (0, 0), sigma * pitch)
    return cv2.remap(grey, centres[..., 0], centres[..., 1], cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=float(grey.mean()))


def calls(values: np.ndarray, truth: np.ndarray) -> list[np.ndarray]:
    """Each module dark or light, against each NEIGHBOURHOOD. Which way round (dark mode)
    is told by the modules the standard fixes, as a reader tells it."""
    fixed, dark = function_patterns(truth.shape[0])
    if values[fixed & dark].mean() > values[fixed & ~dark].mean():
        values = -values  # light modules on a dark screen
    return [values < (values.mean() if sigma is None else
                      cv2.GaussianBlur(values, (0, 0), sigma, borderType=cv2.BORDER_REFLECT))
            for sigma in NEIGHBOURHOOD]


def ideal_read(sample: Sample, decoder: ZxingDecoder) -> tuple[bool, float]:
    """Whether the ideal reader reads the code, and the share of modules it calls wrong."""
    truth = sample.modules
    fixed, _ = function_patterns(truth.shape[0])
    read, wrong = False, 1.0
    every = [dark for sigma in SMOOTHING for dark in calls(module_values(sample, sigma), truth)]
    for dark in every:
        wrong = min(wrong, float((dark != truth)[~fixed].mean()))
        read = read or sample.text in {d.text for d in decoder.decode(redraw(dark))}
    return read, wrong


def buckets(conditions: dict) -> list[str]:
    """The conditions a miss is counted under (a frame can be under several)."""
    module = conditions["module_px"]
    names = []
    if module < 3:
        names.append("under 3 px a module")
    defocus = 2 * conditions.get("defocus_px", 0)
    if defocus > module:
        names.append("defocus disc wider than a module")
    elif defocus > module / 2:
        names.append("defocus disc half a module to a module")
    for key, name in (("reflection", "reflection on the screen"), ("curved", "curved card"),
                      ("hand", "a hand over the edges"), ("second_code", "a second code in view"),
                      ("dark_mode", "dark mode")):
        if conditions.get(key):
            names.append(name)
    return names or ["none of these"]


def share(count: int, total: int) -> str:
    return f"{count} ({count / total:.1%})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("held-out", "tune"), default="tune")
    parser.add_argument("--frames", type=int, default=400)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    zxing, pipeline = ZxingDecoder(), ScanPipeline(make_decoder())
    outcome: Counter = Counter()  # (the pipeline reads, the ideal reader reads): frames
    missed: dict[str, Counter] = {}  # condition: {the ideal reader reads: frames}
    wrong: dict[str, list[float]] = {"pipeline reads": [], "ideal only": [], "neither": []}
    for sample in split(args.split, args.frames):
        if sample.text is None:
            continue
        scanned = sample.text in {d.text for d in pipeline.scan(sample.image).detections}
        ideal, called_wrong = ideal_read(sample, zxing)
        outcome[(scanned, ideal)] += 1
        wrong["pipeline reads" if scanned else "ideal only" if ideal else "neither"].append(
            called_wrong)
        if not scanned:
            for name in buckets(sample.conditions):
                missed.setdefault(name, Counter())[ideal] += 1
    codes = sum(outcome.values())
    print(f"{args.split} split, first {args.frames} frames: {codes} with a code")
    print()
    print("| | frames | modules called wrong, median |")
    print("|---|---|---|")
    rows = (("pipeline reads", outcome[(True, True)] + outcome[(True, False)], "pipeline reads"),
            ("pipeline misses, the ideal reader reads", outcome[(False, True)], "ideal only"),
            ("neither reads", outcome[(False, False)], "neither"))
    for label, count, kind in rows:
        median = np.median(wrong[kind]) if wrong[kind] else float("nan")
        print(f"| {label} | {share(count, codes)} | {median:.1%} |")
    ideal_reads = outcome[(True, True)] + outcome[(False, True)]
    print(f"| the ideal reader reads | {share(ideal_reads, codes)} | |")
    print(f"| (the pipeline reads, the ideal reader not) | "
          f"{share(outcome[(True, False)], codes)} | |")
    print()
    print("| the pipeline's misses, by condition | missed | the ideal reader reads |")
    print("|---|---|---|")
    for name, counts in sorted(missed.items(), key=lambda item: -sum(item[1].values())):
        print(f"| {name} | {sum(counts.values())} | {counts[True]} |")


if __name__ == "__main__":
    main()
