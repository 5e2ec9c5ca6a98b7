"""Decoding what phones show: static numbers, signed codes, kpay: URIs, dark mode."""

import logging

import cv2
import pytest

from hardware.camera.adapters import counter_top
from hardware.qr import decoders
from hardware.qr.corpus import generate
from hardware.qr.decoders import DecoderUnavailable, PyzbarDecoder, ZxingDecoder, make_decoder
from hardware.qr.pipeline import ScanPipeline
from hardware.qr.render import held_up, phone, qr_image

STATIC = "120295815923150192272959"
JWS = ("eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsImtpZCI6ImRlbW8tMSJ9."
       "eyJmaW4iOiIxMjAyOTU4MTU5MjMxNTAxOTIyNzI5NTkiLCJpYXQiOjE3OTUyNDE3NzgsImV4cCI6MTc5NT"
       "I0MTgzOCwianRpIjoiUGlrLUpJREw1YUFiY2VvcExmc19YT0I5In0."
       "2r49Rohr0CSG4wuMWK0clTshnxnf_nMJQJ8SFCX2pM_I0nQg7gXJAAWA7kN6Lysy2Lw41Qg0gnNGzWnZfIacAQ")


@pytest.mark.parametrize("decoder", [ZxingDecoder, PyzbarDecoder])
@pytest.mark.parametrize("text", [STATIC, JWS, f"kpay:{STATIC}"])
@pytest.mark.parametrize("dark", [False, True])
def test_both_backends_read_a_plain_code(decoder, text, dark):
    if dark and decoder is PyzbarDecoder:
        pytest.skip("zbar does not read inverted codes; the pipeline's zxing-cpp does")
    found = decoder().decode(qr_image(text, 6, dark_mode=dark))
    assert [d.text for d in found] == [text]


@pytest.mark.parametrize("dark", [False, True])
def test_the_pipeline_reads_a_phone_held_up_and_outlines_the_code(dark):
    frame = held_up(JWS, counter_top(640, 480), dark_mode=dark)
    result = ScanPipeline(make_decoder()).scan(frame)
    assert [d.text for d in result.detections] == [JWS]
    xs = [x for x, _ in result.detections[0].corners]
    assert 200 < min(xs) < max(xs) < 440  # the code's corners, in the middle of the frame


def test_an_empty_counter_ends_cheaply_with_nothing():
    result = ScanPipeline(make_decoder()).scan(counter_top(640, 480))
    assert (result.detections, result.stage) == ([], "none")


def test_the_pipeline_reads_more_than_the_decoder_alone_and_invents_nothing():
    samples = list(generate(60, seed=99))
    zxing, pipeline = ZxingDecoder(), ScanPipeline(ZxingDecoder())
    alone = sum(s.text in {d.text for d in zxing.decode(cv2.cvtColor(s.image,
                                                                      cv2.COLOR_BGR2GRAY))}
                for s in samples if s.text)
    scanned = [(s.text, {d.text for d in pipeline.scan(s.image).detections}) for s in samples]
    assert sum(text in found for text, found in scanned if text) >= alone
    assert all(not found for text, found in scanned if text is None)


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
