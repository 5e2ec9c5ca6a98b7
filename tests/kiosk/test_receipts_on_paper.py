"""Receipts as a printer gets them, read back by an independent ESC/POS reader
(tests/escpos_reader.py): the cp949 text, and the raster (escpos raster mode and the PNG),
must read back as the receipt's data.

The raster is checked without OCR: each printed line is a band of black dots, and each band
must be, dot for dot, the line's text drawn here with the bundled font by PIL alone (twice
as tall where the line is emphasised). The text lines themselves must carry the data.
"""

import dataclasses
import io
from importlib import resources

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from hardware.printer.base import PAPERS, Document
from hardware.printer.escpos_job import encode
from hardware.printer.raster import png_bytes
from kiosk.printing import receipt_document, report_document
from payments.approval import approval_code
from payments.money import vat_split
from payments.receipts import Merchant, Receipt, ReceiptItem
from tests.escpos_reader import read
from tests.hardware.printer.conftest import decoded_qr

SHOP = Merchant("데모 카페", "123-45-67890", "서울특별시 중구 세종대로 110 서울도서관 지하 1층",
                "02-1234-5678", "홍길동")
ITEMS = (ReceiptItem("시그니처 흑임자 크림 콜드브루 디카페인 변경", 2, 6500, 13_000),
         ReceiptItem("크루아상", 1, 3800, 3800))
BANK_ID = "0B2107FC71C543908319"
SALE = Receipt("sale", False, SHOP, "20261121-0007", "2026-11-21 14:03:22", "approved", ITEMS,
               16_800, *vat_split(16_800), "qr", "KB국민은행", "385551849***", BANK_ID,
               approval_code=approval_code(BANK_ID), remaining=16_800)
PARTLY = dataclasses.replace(
    SALE, kind="refund", issued_at="2026-11-21 15:10:00", total=3800,
    supply_value=vat_split(3800)[0], vat=vat_split(3800)[1], approval_no="1C0FFEE0000000000042",
    approval_code=approval_code("1C0FFEE0000000000042"), refunded=3800, remaining=13_000,
    refund_id="M202200382U000000042", original_issued_at=SALE.issued_at,
    original_approval_code=SALE.approval_code, original_approval_no=BANK_ID,
    original_total=16_800)
FULL = dataclasses.replace(PARTLY, total=16_800, supply_value=SALE.supply_value, vat=SALE.vat,
                           refunded=16_800, remaining=0)
DECLINED = dataclasses.replace(
    SALE, status="declined", approval_no="", approval_code="", account_masked="",
    reason="잔액이 부족합니다. 계좌 잔액을 확인하거나 다른 계좌로 다시 결제하세요")
RECEIPTS = {"sale": SALE, "partial refund": PARTLY, "full refund": FULL, "declined": DECLINED}


def data_of(receipt: Receipt) -> list[str]:
    """What the paper must say, from the receipt's data alone."""
    words = [SHOP.name, SHOP.representative, SHOP.business_number, SHOP.phone,
             receipt.issued_at, receipt.payment_id, *(i.name for i in receipt.items),
             f"{-receipt.total if receipt.kind == 'refund' else receipt.total:,}원"]
    if receipt.approval_code:
        words += [receipt.approval_code, receipt.approval_no, receipt.bank_name,
                  receipt.account_masked]
    if receipt.kind == "refund":
        words += [receipt.original_issued_at, receipt.original_approval_code,
                  f"{receipt.remaining:,}원"]
    if receipt.reason:
        words.append(receipt.reason)
    return words


def says(lines: list[str], words: list[str]) -> None:
    """Every word is on the paper; a long one may be wrapped over lines."""
    flowing = " ".join(" ".join(lines).split())
    missing = [word for word in words if " ".join(word.split()) not in flowing]
    assert not missing, f"not on the paper: {missing}"


@pytest.mark.parametrize("name", RECEIPTS)
@pytest.mark.parametrize("mm", [58, 80])
def test_the_cp949_text_reads_back_as_the_receipt(name, mm):
    receipt, paper = RECEIPTS[name], PAPERS[mm]
    document = receipt_document(receipt, paper)
    reading = read(encode(document, paper, "cp949"))
    lines = [line.text for line in reading.lines]
    says(lines, data_of(receipt))
    assert reading.cuts == 1 and len(lines) == len(document.lines)
    assert reading.print_width == paper.columns * 12  # Font A: every line fits the block
    tall = [line.text.split()[0] for line in reading.lines if line.tall]
    assert tall[1:] == [{"sale": "합계", "declined": "요청"}.get(name, "환불")]
    assert all(line.bold for line in reading.lines if line.tall)


# ------------------------------------------------------------------ the raster, without OCR

FONT = resources.files("assets") / "fonts" / "NanumGothicCodingBold.ttf"


def drawn(text: str, size: int, tall: bool) -> np.ndarray:
    """The line's black dots, cropped to its ink, drawn by PIL with the bundled font."""
    with resources.as_file(FONT) as path:
        face = ImageFont.truetype(str(path), size)
    image = Image.new("1", (int(face.getlength(text)) + 16, 2 * size), 1)
    ImageDraw.Draw(image).text((8, 8), text, font=face, fill=0)
    dots = crop(~np.array(image))
    return np.repeat(dots, 2, axis=0) if tall else dots


def crop(dots: np.ndarray) -> np.ndarray:
    rows, columns = np.flatnonzero(dots.any(1)), np.flatnonzero(dots.any(0))
    return dots[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]


def bands(dots: np.ndarray) -> list[np.ndarray]:
    """The runs of rows with ink in them, each cropped to its ink: the printed lines."""
    inked = dots.any(1)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], inked.astype(int), [0]))))
    return [crop(dots[top:bottom]) for top, bottom in zip(edges[::2], edges[1::2], strict=True)]


def assert_paper_reads_as(dots: np.ndarray, document: Document, size: int) -> None:
    printed = bands(dots)
    lines = [(i, line) for i, line in enumerate(document.lines) if line.strip()]
    assert len(printed) > len(lines)  # every line, then the QR code
    for band, (index, line) in zip(printed, lines, strict=False):  # the QR code after
        expected = drawn(line, size, index in document.strong)
        assert band.shape == expected.shape and (band == expected).all(), \
            f"line {index} ({line!r}) is not what the paper shows"


@pytest.mark.parametrize("name", RECEIPTS)
def test_the_raster_and_the_png_read_back_as_the_receipt(name):
    receipt, paper = RECEIPTS[name], PAPERS[80]
    document = receipt_document(receipt, paper)
    says(list(document.lines), data_of(receipt))
    size = 2 * paper.dots // paper.columns  # a Hangul glyph is two columns: the em
    sent = read(encode(document, paper, "raster"))
    assert sent.lines == [] and sent.cuts == 1
    assert sent.raster().shape[1] == paper.dots
    assert_paper_reads_as(sent.raster(), document, size)
    with Image.open(io.BytesIO(png_bytes(document, paper))) as png:
        assert_paper_reads_as(~np.array(png.convert("1")), document, size)


def test_the_z_report_reads_back_in_both_modes():
    report = {"date": "2026-11-21", "count": 2, "gross": 20_600, "refunds": 3800,
              "refund_count": 1, "net": 16_800, "supply_value": 15_273, "vat": 1527,
              "declined": 1, "pending": 1, "pending_amount": 7000,
              "by_method": {"qr": {"count": 2, "gross": 20_600, "refunds": 3800,
                                   "net": 16_800},
                            "nfc": {"count": 0, "gross": 0, "refunds": 0, "net": 0}},
              "by_hour": [{"hour": h, "count": 2 if h == 14 else 0,
                           "gross": 20_600 if h == 14 else 0,
                           "refunds": 3800 if h == 14 else 0,
                           "net": 16_800 if h == 14 else 0} for h in range(24)]}
    paper = PAPERS[80]
    document = report_document(report, SHOP, paper, printed_at=1_795_000_000.0)
    lines = [line.text for line in read(encode(document, paper, "cp949")).lines]
    says(lines, ["일일 마감 보고서 (Z)", SHOP.name, "2026-11-21", "UTC+9", "20,600원",
                 "-3,800원", "16,800원", "1,527원", "kiosk reconcile", "1.7만"])
    assert not any(line.startswith("NFC") for line in lines)
    dots = read(encode(document, paper, "raster")).raster()
    printed = bands(dots)
    texts = [(i, line) for i, line in enumerate(document.lines) if line.strip()]
    assert len(printed) == len(texts)  # no QR code on a report
    for band, (index, line) in zip(printed, texts, strict=True):
        expected = drawn(line, 2 * paper.dots // paper.columns, index in document.strong)
        assert band.shape == expected.shape and (band == expected).all(), line


def test_where_the_shop_runs_a_wallet_the_receipts_qr_opens_it_there():
    paper = PAPERS[80]
    document = receipt_document(SALE, paper, wallet="https://wallet.example.kr")
    printed = Image.open(io.BytesIO(png_bytes(document, paper)))
    assert decoded_qr(printed) == [f"https://wallet.example.kr/receipts/{SALE.payment_id}"]
    assert receipt_document(SALE, paper).qr == SALE.payment_id  # no wallet: the clerk's id
