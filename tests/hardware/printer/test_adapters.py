"""Printers as the kiosk opens them: a job through the loopback network printer, status
asked before a job and confirmed after it, printers that are not there or go away."""

import socket
import threading

import pytest

from hardware.device_spec import DeviceError, parse_device
from hardware.printer.adapters import NullPrinter
from hardware.printer.base import PAPERS, Document, PrinterError
from hardware.printer.escpos_job import encode
from hardware.printer.factory import make_printer
from tests.hardware.printer.conftest import RECEIPT, decoded_qr, printer_for
from tests.ports import free_port


@pytest.mark.integration  # a printer server on loopback, in a thread
@pytest.mark.parametrize("mode", ["cp949", "raster"])
def test_a_receipt_goes_through_the_network_printer(sim_printer, mode):
    printer_for(sim_printer.address, 80, mode).print(RECEIPT)
    [job] = sim_printer.wait_for_jobs(1)
    assert job.printed
    # Status asked before the job (is there paper?) and after it (did all of it arrive?).
    status = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
    assert job.bin_path.read_bytes() == status + encode(RECEIPT, PAPERS[80], mode) + status
    from PIL import Image
    assert decoded_qr(Image.open(job.png_path)) == [RECEIPT.qr]


@pytest.mark.integration  # a printer server on loopback, in a thread
@pytest.mark.parametrize("trouble, status", [("paper_out", "paper-out"),
                                             ("cover_open", "cover-open")])
def test_a_printer_in_trouble_says_so_and_is_sent_nothing(sim_printer, trouble, status):
    setattr(sim_printer, trouble, True)
    printer = printer_for(sim_printer.address)
    assert printer.status() == status
    with pytest.raises(PrinterError) as refused:
        printer.print(RECEIPT)
    assert refused.value.status == status and not refused.value.partly
    assert "paper" in str(refused.value) or "cover" in str(refused.value)
    setattr(sim_printer, trouble, False)
    assert printer.status() == "ready"
    after = Document(("after",))
    printer.print(after)
    [job] = sim_printer.wait_for_jobs(1)  # the refused one sent nothing but status requests
    assert job.printed and encode(after, PAPERS[80], "raster") in job.data


@pytest.mark.integration  # a printer server on loopback, in a thread
def test_a_printer_that_goes_away_mid_job_is_told_and_may_have_printed_part(sim_printer):
    sim_printer.drop_after = 2000
    printer = printer_for(sim_printer.address, 80, "raster")
    with pytest.raises(PrinterError) as lost:
        printer.print(RECEIPT)
    assert lost.value.partly and lost.value.status == "offline"
    assert "print it again" in str(lost.value)
    printer.print(RECEIPT)
    assert [job.printed for job in sim_printer.wait_for_jobs(2)] == [False, True]


def test_a_printer_that_is_not_there_is_offline_with_advice():
    printer = printer_for(f"tcp:127.0.0.1:{free_port(socket.SOCK_STREAM)}")
    assert printer.status() == "offline"
    with pytest.raises(PrinterError, match=r"cannot be reached .*Connection refused.*plugged"):
        printer.print(RECEIPT)


@pytest.mark.integration  # a printer server on loopback, in a thread
def test_a_printer_that_never_answers_status_still_prints():
    """Many network printers ignore DLE EOT; the kiosk waits a moment, then prints."""
    received = bytearray()
    with socket.create_server(("127.0.0.1", 0)) as server:
        def accept():
            connection, _ = server.accept()
            with connection:
                while chunk := connection.recv(65536):
                    received.extend(chunk)
        reader = threading.Thread(target=accept)
        reader.start()
        printer_for(f"tcp:127.0.0.1:{server.getsockname()[1]}", 58, "raster").print(RECEIPT)
        reader.join(5)
    assert received.endswith(encode(RECEIPT, PAPERS[58], "raster"))


def test_a_file_printer_writes_the_job_and_cannot_answer_status(tmp_path):
    node = tmp_path / "lp0"
    node.touch()
    printer = printer_for(f"file:{node}", 58, "cp949")
    assert printer.status() == "unknown"
    printer.print(RECEIPT)
    assert node.read_bytes() == encode(RECEIPT, PAPERS[58], "cp949")


@pytest.mark.parametrize("kind, suffix", [("png", ".png"), ("text", ".txt")])
def test_file_writing_printers_name_receipts_and_never_overwrite(tmp_path, kind, suffix):
    printer = printer_for(f"{kind}:{tmp_path / 'receipts'}")
    printer.print(RECEIPT)
    printer.print(RECEIPT)
    assert sorted(p.name for p in (tmp_path / "receipts").iterdir()) == [
        f"20261121-0001-2{suffix}", f"20261121-0001{suffix}"]


def test_a_png_printer_that_cannot_write_is_offline(tmp_path):
    (tmp_path / "file").touch()
    with pytest.raises(PrinterError, match="cannot write receipts"):
        printer_for(f"png:{tmp_path / 'file' / 'receipts'}").print(Document(("x",)))


@pytest.mark.parametrize(("paper_mm", "korean", "says"), [
    (70, "raster", "paper 70 mm: use 58 or 80"), (80, "utf-8", "use raster or cp949")])
def test_paper_and_korean_the_printer_cannot_do_are_refused(paper_mm, korean, says):
    with pytest.raises(DeviceError, match=says):
        make_printer(parse_device("png:/tmp/receipts", "printer"), paper_mm, korean)


def test_a_usb_printer_that_is_not_plugged_in_is_offline():
    with pytest.raises(PrinterError, match="USB printer 04b8:0202 cannot be reached"):
        printer_for("usb:04b8:0202").print(RECEIPT)


def test_none_is_the_null_printer_which_says_there_is_none():
    printer = printer_for("none")
    assert isinstance(printer, NullPrinter) and printer.status() == "none"
    with pytest.raises(PrinterError, match=r'devices\.printer is "none"'):
        printer.print(RECEIPT)
