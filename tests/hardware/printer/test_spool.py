"""The print spool: a payment never waits for paper, a job that cannot print is held, and
nothing prints twice."""

import threading
import time

import pytest

from hardware.device_spec import parse_device
from hardware.printer.base import PAPERS, Document, Printer, PrinterError
from hardware.printer.factory import make_printer
from hardware.printer.spool import PrintSpool
from tests.hardware.printer.conftest import RECEIPT, printer_for


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.mark.integration  # the spool's thread, a printer on loopback
def test_a_receipt_prints_once_however_often_it_is_submitted(sim_printer):
    spool = PrintSpool(printer_for(sim_printer.address)).start()
    try:
        first = spool.submit("sale:20261121-0001", RECEIPT)
        again = spool.submit("sale:20261121-0001", RECEIPT)
        wait_for(lambda: first.state == "printed")
        assert again is first
        assert spool.retry("sale:20261121-0001") is first and first.state == "printed"
        spool.submit("sale:20261121-0002", RECEIPT)
        assert len(sim_printer.wait_for_jobs(2)) == 2
        time.sleep(0.2)
        assert len(sim_printer.jobs) == 2
    finally:
        spool.stop()


@pytest.mark.integration  # the spool's thread, a printer on loopback
def test_a_job_held_for_paper_prints_once_when_retried(sim_printer):
    statuses = []
    spool = PrintSpool(printer_for(sim_printer.address),
                       on_status=lambda status, detail: statuses.append(status)).start()
    try:
        sim_printer.paper_out = True
        job = spool.submit("sale:1", RECEIPT)
        wait_for(lambda: job.state == "held")
        assert "out of paper" in job.problem and not job.partly
        assert spool.held() == [job] and "paper-out" in statuses
        sim_printer.paper_out = False
        spool.retry("sale:1")
        spool.retry("sale:1")  # a second press while it prints: still one job
        wait_for(lambda: job.state == "printed")
        spool.submit("sale:after", RECEIPT)
        sim_printer.wait_for_jobs(2)
        time.sleep(0.2)
        assert [j.printed for j in sim_printer.jobs] == [True, True]
        assert spool.held() == [] and statuses[-1] == "ready"
    finally:
        spool.stop()


@pytest.mark.integration  # the spool's thread, a printer on loopback
def test_a_job_cut_short_is_held_as_partly_printed(sim_printer):
    sim_printer.drop_after = 1000
    spool = PrintSpool(printer_for(sim_printer.address, 80, "raster")).start()
    try:
        job = spool.submit("sale:2", RECEIPT)
        wait_for(lambda: job.state == "held")
        assert job.partly
    finally:
        spool.stop()


class StuckPrinter(Printer):
    """A printer that takes the job and then nothing happens until it is unplugged."""

    def __init__(self) -> None:
        super().__init__(PAPERS[80])
        self.unplugged = threading.Event()

    def print(self, document: Document) -> None:
        self.unplugged.wait()
        raise PrinterError("offline", "the printer went away", partly=True)


@pytest.mark.integration  # the spool's thread, a printer on loopback
def test_submitting_never_waits_for_a_printer_that_hangs():
    printer = StuckPrinter()
    spool = PrintSpool(printer).start()
    jobs = [spool.submit(f"sale:{n}", RECEIPT) for n in range(3)]  # returns at once
    wait_for(lambda: jobs[0].state == "printing")
    assert [job.state for job in jobs[1:]] == ["queued", "queued"]
    printer.unplugged.set()
    wait_for(lambda: all(job.state == "held" for job in jobs))
    spool.stop()


def test_with_no_printer_a_receipt_is_unprinted_at_once_never_held():
    statuses = []
    spool = PrintSpool(make_printer(parse_device("none", "printer")),
                       on_status=lambda status, detail: statuses.append(status)).start()
    job = spool.submit("sale:1", RECEIPT)
    spool.stop()
    assert (job.state, spool.held(), spool.status, statuses) == ("unprinted", [], "none", [])
    assert spool.submit("sale:1", RECEIPT) is job
