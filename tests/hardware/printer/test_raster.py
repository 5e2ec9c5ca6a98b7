"""Receipts drawn as the paper shows them: the roll's width, every line inked, a QR that
scans, Korean in the bundled font."""

import numpy as np
import pytest

from hardware.printer.base import PAPERS, Document
from hardware.printer.raster import line_height, render_document, render_lines
from tests.hardware.printer.conftest import RECEIPT, decoded_qr, inked_rows


@pytest.mark.parametrize("mm, dots", [(58, 384), (80, 576)])
def test_a_receipt_is_as_wide_as_the_roll(mm, dots):
    assert render_document(RECEIPT, PAPERS[mm]).size[0] == dots


def test_every_line_of_text_is_inked():
    paper = PAPERS[80]
    image = render_lines(RECEIPT.lines, paper)
    rows = inked_rows(image)
    step = line_height(paper)
    assert image.height == step * len(RECEIPT.lines)
    for n in range(len(RECEIPT.lines)):
        assert rows[n * step:(n + 1) * step].any(), f"line {n} is blank"


def test_hangul_is_drawn_not_boxed():
    """A font without Hangul draws every syllable as the same empty box."""
    paper = PAPERS[58]
    one, other = (np.array(render_lines([text], paper)) for text in ("가", "힣"))
    assert (one != other).any()


def test_hangul_takes_two_columns_so_columns_line_up():
    paper = PAPERS[80]
    wide = np.array(render_lines(["가" * 21], paper).convert("L")) < 128
    narrow = np.array(render_lines(["0" * 42], paper).convert("L")) < 128
    last_ink = lambda ink: np.nonzero(ink.any(axis=0))[0].max()  # noqa: E731
    assert abs(last_ink(wide) - last_ink(narrow)) < paper.dots / paper.columns


def test_the_payment_id_prints_as_a_qr_that_scans():
    assert decoded_qr(render_document(RECEIPT, PAPERS[58])) == ["20261121-0001"]


def test_a_document_without_a_qr_has_none():
    assert decoded_qr(render_document(Document(("합계 1,000원",)), PAPERS[80])) == []
