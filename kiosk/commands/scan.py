"""`kiosk scan`: decode payment QR codes in images or videos, as the kiosk's camera would."""

import argparse
import json
import sys
import time
from pathlib import Path

import cv2

from hardware.camera.adapters import IMAGE_SUFFIXES, load_image
from hardware.camera.base import CameraError
from hardware.qr.decoders import DecoderUnavailable, make_decoder
from hardware.qr.pipeline import ScanPipeline
from kiosk.context import Context

MAX_VIDEO_FRAMES = 3000  # 100 s at 30 fps


def define_scan(parser: argparse.ArgumentParser) -> None:
    parser.description = "Decode the QR codes in images or videos with the kiosk's own pipeline."
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--decoder", choices=("auto", "pyzbar", "zxing"),
                        help="the QR backend (default: the configuration's devices.decoder)")
    parser.add_argument("--json", action="store_true",
                        help='one JSON line per input: {"path", "codes", "ms"}')
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    try:
        pipeline = ScanPipeline(make_decoder(args.decoder or context.config.devices.decoder))
    except DecoderUnavailable as missing:
        print(f"kiosk: {missing}", file=sys.stderr)
        return 1
    status = 0
    for path in map(Path, args.paths):
        started = time.perf_counter()
        try:
            codes = _scan(pipeline, path)
        except (ValueError, CameraError) as problem:
            print(f"kiosk: {problem}", file=sys.stderr)
            status = 1
            continue
        ms = round((time.perf_counter() - started) * 1000, 1)
        if args.json:
            print(json.dumps({"path": str(path), "codes": codes, "ms": ms}), flush=True)
        else:
            print(f"{path}: {len(codes)} code(s), {ms} ms")
            for code in codes:
                print(f"  {code}")
    return status


def _scan(pipeline: ScanPipeline, path: Path) -> list[str]:
    """The codes in an image, or every distinct code of a video in order of appearance."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return list(dict.fromkeys(d.text for d in pipeline.scan(load_image(path)).detections))
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    video = cv2.VideoCapture(str(path))
    if not video.isOpened():
        raise ValueError(f"{path}: neither an image nor a video OpenCV can read")
    codes: dict[str, None] = {}
    try:
        for _ in range(MAX_VIDEO_FRAMES):
            ok, frame = video.read()
            if not ok:
                break
            codes.update(dict.fromkeys(d.text for d in pipeline.scan(frame).detections))
    finally:
        video.release()
    return list(codes)
