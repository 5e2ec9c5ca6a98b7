"""The ESC/POS bytes of a Korean receipt, in both ways of printing Korean: never `?`."""

from hardware.printer.base import PAPERS, Document
from hardware.printer.escpos_job import (
    DOUBLE_BYTE_OFF,
    DOUBLE_BYTE_ON,
    encode,
    printable_in_double_byte_mode,
)
from hardware.printer.escpos_render import render_escpos
from tests.hardware.printer.conftest import RECEIPT, decoded_qr

INIT, RASTER, CUT = b"\x1b@", b"\x1dv0", b"\x1dV"


def text_block(job: bytes) -> bytes:
    return job[job.index(DOUBLE_BYTE_ON) + 2:job.index(DOUBLE_BYTE_OFF)]


def test_cp949_mode_sends_korean_as_ks_x_1001_bytes():
    job = encode(RECEIPT, PAPERS[80], "cp949")
    block = text_block(job)
    assert job.startswith(INIT) and CUT in job[-8:]
    assert "데모 카페".encode("cp949") == b"\xb5\xa5\xb8\xf0 \xc4\xab\xc6\xe4"
    for line in RECEIPT.lines:
        if "똠" not in line:
            assert line.encode("cp949") + b"\n" in block, line


def test_cp949_mode_centres_the_42_column_block_on_576_dots():
    job = encode(RECEIPT, PAPERS[80], "cp949")
    assert b"\x1dL" + (36).to_bytes(2, "little") in job  # (576 - 42 * 12) / 2
    assert b"\x1dW" + (504).to_bytes(2, "little") in job


def test_a_syllable_the_printer_lacks_goes_as_an_image_of_its_line():
    job = encode(RECEIPT, PAPERS[80], "cp949")
    block = text_block(job)
    assert "양꿍".encode("cp949") not in block
    assert RASTER in block  # that line, drawn
    assert printable_in_double_byte_mode("똠양꿍") is None
    assert printable_in_double_byte_mode("아메리카노 9,000") == "아메리카노 9,000".encode("cp949")
    assert printable_in_double_byte_mode("₩") is None  # not in KS X 1001 either
    assert printable_in_double_byte_mode("tab\there") is None


def test_raster_mode_is_one_image_as_wide_as_the_roll_and_no_text():
    job = encode(RECEIPT, PAPERS[58], "raster")
    assert job.startswith(INIT + RASTER)
    assert job[len(INIT) + 4:len(INIT) + 6] == (384 // 8).to_bytes(2, "little")
    assert "데모".encode("cp949") not in job and DOUBLE_BYTE_ON not in job
    assert CUT in job[-8:]


def test_both_modes_print_the_same_receipt_and_its_qr():
    for mode in ("cp949", "raster"):
        image, problems = render_escpos(encode(RECEIPT, PAPERS[80], mode), PAPERS[80])
        assert problems == []
        assert image.size[0] == 576
        assert decoded_qr(image) == [RECEIPT.qr], mode


def test_an_empty_document_still_cuts():
    job = encode(Document(()), PAPERS[80], "cp949")
    assert CUT in job
