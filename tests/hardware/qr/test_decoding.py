"""Decoding what phones show: static numbers, signed codes, kpay: URIs, dark mode, and
bytes a text mode would rewrite; every installed decoder before giving up."""

import logging
import random
import threading
import time

import cv2
import numpy as np
import pytest

from hardware.camera.adapters import counter_top
from hardware.qr import decoders
from hardware.qr.corpus.camera import photograph
from hardware.qr.corpus.frames import split
from hardware.qr.corpus.scene import add_code, counter
from hardware.qr.decoders import (
    Decoder,
    DecoderUnavailable,
    PyzbarDecoder,
    Reading,
    UnionDecoder,
    ZxingDecoder,
    make_decoder,
)
from hardware.qr.modules import qr_modules
from hardware.qr.pipeline import (
    BENDS,
    MAX_BENT,
    MAX_REGIONS,
    RESCUES,
    ScanPipeline,
    _after,
    _fine,
    candidate_regions,
)
from hardware.qr.render import held_up, phone, qr_image

STATIC = "120295815923150192272959"
JWS = ("eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsImtpZCI6ImRlbW8tMSJ9."
       "eyJmaW4iOiIxMjAyOTU4MTU5MjMxNTAxOTIyNzI5NTkiLCJpYXQiOjE3OTUyNDE3NzgsImV4cCI6MTc5NT"
       "I0MTgzOCwianRpIjoiUGlrLUpJREw1YUFiY2VvcExmc19YT0I5In0."
       "2r49Rohr0CSG4wuMWK0clTshnxnf_nMJQJ8SFCX2pM_I0nQg7gXJAAWA7kN6Lysy2Lw41Qg0gnNGzWnZfIacAQ")
CONTROL = "]C1\x1d0104912345123459\x1d10ABC\t\x7f"  # GS1-style separators, a tab, a DEL


@pytest.mark.parametrize("decoder", [ZxingDecoder, PyzbarDecoder])
@pytest.mark.parametrize("text", [STATIC, JWS, f"kpay:{STATIC}"])
@pytest.mark.parametrize("dark", [False, True])
def test_both_backends_read_a_plain_code(decoder, text, dark):
    if dark and decoder is PyzbarDecoder:
        pytest.skip("zbar does not read inverted codes; the pipeline's zxing-cpp does")
    found = decoder().decode(qr_image(text, 6, dark_mode=dark))
    assert [d.text for d in found] == [text]


@pytest.mark.parametrize("decoder", [ZxingDecoder, PyzbarDecoder])
def test_control_characters_pass_through_byte_exact(decoder):
    found = decoder().decode(qr_image(CONTROL, 6))
    assert [(d.text, d.raw) for d in found] == [(CONTROL, CONTROL.encode())]


def test_the_pipeline_passes_control_characters_through():
    frame = held_up(CONTROL, counter_top(640, 480))
    assert [d.text for d in ScanPipeline(make_decoder()).scan(frame).detections] == [CONTROL]


def test_auto_is_every_installed_decoder_best_first():
    assert [d.name for d in make_decoder("auto").backends] == ["zxing", "pyzbar"]


class Blind(Decoder):
    """A decoder that never finds anything, as zxing-cpp on a frame only zbar reads."""
    name = "blind"

    def decode(self, grey, global_threshold=False):
        return []


def test_auto_asks_the_next_decoder_before_giving_up():
    union = UnionDecoder((Blind(), PyzbarDecoder()))
    assert [d.text for d in union.decode(qr_image(STATIC, 6))] == [STATIC]
    frame = held_up(STATIC, counter_top(640, 480))
    result = ScanPipeline(union).scan(frame)
    assert ([d.text for d in result.detections], result.stage) == ([STATIC], "rescued")


@pytest.mark.parametrize("dark", [False, True])
def test_the_pipeline_reads_a_phone_held_up_and_outlines_the_code(dark):
    frame = held_up(JWS, counter_top(640, 480), dark_mode=dark)
    result = ScanPipeline(make_decoder()).scan(frame)
    assert [d.text for d in result.detections] == [JWS]
    xs = [x for x, _ in result.detections[0].corners]
    assert 200 < min(xs) < max(xs) < 440  # the code's corners, in the middle of the frame


def test_an_empty_counter_ends_cheaply_with_nothing():
    result = ScanPipeline(make_decoder()).scan(counter_top(640, 480))
    assert (result.detections, result.stage, result.steps) == ([], "none", 1)


def printed_text() -> np.ndarray:
    """A receipt or a leaflet on the counter: dense dark marks, nothing like a code."""
    frame = counter_top(640, 480).copy()
    cv2.rectangle(frame, (180, 100), (460, 400), (235, 235, 235), -1)
    rng = np.random.default_rng(1)
    for row in range(120, 390, 16):
        x = 190
        while x < 450:
            width = int(rng.integers(8, 40))
            cv2.rectangle(frame, (x, row), (min(x + width, 450), row + 8), (30, 30, 30), -1)
            x += width + 6
    return frame


@pytest.mark.parametrize("lens_sigma", [0, 1.0])
def test_texture_where_no_code_is_seen_gets_one_look_not_the_whole_ladder(lens_sigma):
    frame = printed_text()
    if lens_sigma:  # as a lens shows it: no edge is sharper than a pixel or so
        frame = cv2.GaussianBlur(frame, (0, 0), lens_sigma)
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    regions = candidate_regions(grey)
    assert regions  # it does look code-like to the texture look
    fine = sum(_fine(grey[y:y + h, x:x + w]) for x, y, w, h in regions)
    assert fine == (0 if lens_sigma else len(regions))  # sharp-edged text: one look more
    result = ScanPipeline(make_decoder()).scan(frame)
    assert (result.detections, result.stage, result.steps) == ([], "none",
                                                               1 + len(regions) + fine)


def small_code_on_a_screen() -> np.ndarray:
    """A phone screen showing a version 2 code at 2.6 px a module through the corpus's
    camera (seed 166: moire, sensor noise, JPEG), with nothing else in view."""
    rng = random.Random(166)
    conditions = {"module_px": 2.6}
    frame, _, _ = add_code(rng, counter(rng, 640, 480), f"kpay:{STATIC}", 2.6, conditions)
    return photograph(rng, frame, 2.6, conditions)


def test_fine_texture_where_no_code_is_seen_is_also_looked_at_enlarged():
    frame = small_code_on_a_screen()
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    (x, y, w, h), = candidate_regions(grey)
    region = grey[y:y + h, x:x + w]
    zxing = ZxingDecoder()
    for look in (grey, cv2.GaussianBlur(region, (0, 0), 1.5)):
        assert zxing.read(look) == Reading([], [])  # no look before the gate sees a code
    assert _fine(region)
    result = ScanPipeline(make_decoder()).scan(frame)
    assert ([d.text for d in result.detections], result.stage, result.steps) == (
        [f"kpay:{STATIC}"], "rescued", 3)


def test_where_no_code_is_seen_a_fine_texture_is_enlarged_and_gets_the_rest_if_that_sees_one():
    fine_grey = cv2.cvtColor(small_code_on_a_screen(), cv2.COLOR_BGR2GRAY)
    coarse_grey = cv2.cvtColor(cv2.GaussianBlur(printed_text(), (0, 0), 1.0),
                               cv2.COLOR_BGR2GRAY)
    fine, coarse = (grey[y:y + h, x:x + w] for grey in (fine_grey, coarse_grey)
                    for x, y, w, h in candidate_regions(grey)[:1])
    first, *rest = RESCUES
    enlarged = [r for r in rest if r.fine_only]
    assert enlarged and all(r.scale > 1 for r in enlarged)
    assert _after(coarse, [first], seen=False) == []
    assert _after(fine, [first], seen=False) == enlarged
    assert _after(fine, [first, *enlarged], seen=False) == []
    assert _after(fine, [first, *enlarged], seen=True) == [r for r in rest if not r.fine_only]
    assert _after(coarse, [first], seen=True) == rest  # a code seen: the ladder in order


def low_contrast_code_in_a_bezel() -> np.ndarray:
    """A faint, noisy code on a bright screen in a black bezel: the bezel's edges are all
    the texture look's threshold sees, but the first look sees the code's finder patterns."""
    frame = counter_top(640, 480).copy()
    cv2.rectangle(frame, (100, 40), (540, 440), (0, 0, 0), -1)
    cv2.rectangle(frame, (120, 60), (520, 420), (255, 255, 255), -1)
    code = (150 + (qr_image(f"kpay:{STATIC}", 5) > 128) * 56).astype(np.uint8)
    h, w = code.shape
    frame[240 - h // 2:240 - h // 2 + h, 320 - w // 2:320 - w // 2 + w] = code[:, :, None]
    noise = np.random.default_rng(1).normal(0, 20, frame.shape[:2])[:, :, None]
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def test_where_the_first_look_saw_a_code_is_looked_at_again():
    frame = low_contrast_code_in_a_bezel()
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    assert candidate_regions(grey) == []
    assert ZxingDecoder().read(grey).unread  # seen, not read
    result = ScanPipeline(make_decoder()).scan(frame)
    assert ([d.text for d in result.detections], result.stage) == ([f"kpay:{STATIC}"], "rescued")


def test_a_code_seen_but_not_read_is_reported_with_its_size():
    picture = qr_image(JWS, 6)
    rng = np.random.default_rng(7)
    data = picture[200:380, 200:380]  # the middle of the data: finders and format intact
    data[...] = np.where(rng.random((30, 30)) < 0.5, 0, 255).repeat(6, 0).repeat(6, 1)
    reading = ZxingDecoder().read(picture)
    assert reading.detections == []
    assert [s.dimension for s in reading.unread] == [qr_modules(JWS).shape[0] - 8]


class Slow(Decoder):
    """zxing-cpp on a machine many times slower: every call takes 30 ms longer."""
    name = "slow"

    def __init__(self):
        self._zxing = ZxingDecoder()

    def decode(self, grey, global_threshold=False):
        return self.read(grey, global_threshold).detections

    def read(self, grey, global_threshold=False):
        time.sleep(0.03)
        return self._zxing.read(grey, global_threshold)


@pytest.mark.integration
def test_a_slow_busy_machine_reads_the_same_codes_with_the_same_steps():
    samples = [s for s in split("tune", 10) if s.text]
    fast, slow = ScanPipeline(ZxingDecoder()), ScanPipeline(Slow())
    busy = threading.Event()

    def burn():
        while not busy.is_set():
            sum(range(10_000))

    burner = threading.Thread(target=burn, daemon=True)
    burner.start()
    try:
        for sample in samples:
            a, b = fast.scan(sample.image), slow.scan(sample.image)
            assert (a.detections, a.stage, a.steps) == (b.detections, b.stage, b.steps)
            assert a.steps <= 1 + (MAX_REGIONS + 1) * (len(RESCUES) + 1) + MAX_BENT * len(BENDS)
    finally:
        busy.set()


def test_the_pipeline_reads_more_than_the_decoder_alone_and_invents_nothing():
    samples = list(split("tune", 24))
    zxing, pipeline = ZxingDecoder(), ScanPipeline(make_decoder())
    alone = sum(s.text in {d.text for d in zxing.decode(cv2.cvtColor(s.image,
                                                                      cv2.COLOR_BGR2GRAY))}
                for s in samples if s.text)
    scanned = [(s, {d.text for d in pipeline.scan(s.image).detections}) for s in samples]
    assert sum(s.text in found for s, found in scanned if s.text) > alone
    assert all(found <= s.in_view for s, found in scanned)


def test_the_corpus_splits_are_seeded_and_disjoint():
    tune, again, held_out = (list(split(name, 3)) for name in ("tune", "tune", "held-out"))
    assert all(np.array_equal(a.image, b.image) for a, b in zip(tune, again, strict=True))
    assert not any(np.array_equal(a.image, b.image) for a in tune for b in held_out)
    with pytest.raises(ValueError, match="use one of tune, held-out"):
        split("test", 1)


def test_auto_falls_back_with_one_line_when_a_library_is_missing(monkeypatch, caplog):
    def missing():
        raise DecoderUnavailable("zxing-cpp is not installed: pip install zxing-cpp")
    monkeypatch.setitem(decoders.BACKENDS, "zxing", missing)
    with caplog.at_level(logging.WARNING):
        decoder = make_decoder("auto")
    assert decoder.name == "pyzbar"
    assert [r.message for r in caplog.records] == [
        "QR decoding falls back to pyzbar: zxing-cpp is not installed: pip install zxing-cpp"]


def test_the_phone_picture_decodes():
    assert [d.text for d in ScanPipeline(make_decoder()).scan(phone(STATIC)).detections] == [
        STATIC]
