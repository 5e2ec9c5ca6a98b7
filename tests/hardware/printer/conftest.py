import numpy as np
import pytest

from hardware.device_spec import parse_device
from hardware.printer.base import PAPERS, Document, Printer
from hardware.printer.factory import make_printer
from hardware.printer.sim_network import SimNetworkPrinter
from hardware.qr.decoders import ZxingDecoder

# A Korean receipt as the payments package lays it out, 42 columns, with a rare syllable
# (똠, outside KS X 1001) that Korean-model printers do not carry.
RECEIPT = Document((
    "                 데모 카페",
    "사업자번호 123-45-67890",
    "------------------------------------------",
    "상품명                         수량       금액",
    "아메리카노                        2      9,000",
    "똠양꿍                            1     12,000",
    "------------------------------------------",
    "합계                                21,000원",
), qr="20261121-0001", name="20261121-0001")


def printer_for(device: str, paper_mm: int = 80, korean: str = "raster") -> Printer:
    """The printer a device string names, made as the kiosk makes it (not yet connected)."""
    return make_printer(parse_device(device, "printer"), paper_mm, korean)


@pytest.fixture
def sim_printer(tmp_path):
    printer = SimNetworkPrinter(tmp_path / "jobs", PAPERS[80], port=0).start()
    yield printer
    printer.stop()


def inked_rows(image) -> np.ndarray:
    """For each row of a 1-bit image, whether any dot in it is black."""
    return (np.array(image.convert("L")) < 128).any(axis=1)


def decoded_qr(image) -> list[str]:
    return [d.text for d in ZxingDecoder().decode(np.array(image.convert("L")))]
