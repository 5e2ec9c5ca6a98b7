"""The print spool: receipts print in their own thread, are kept when they cannot, and
each prints once.

A payment never waits for paper: `submit` returns at once. A job that cannot print (paper
out, cover open, printer gone) is held with the reason until the clerk asks for it again
with `retry`. Jobs are keyed (a sale's receipt, a refund's receipt, a reprint each have their
own key), so submitting a key again, or retrying a job that has printed, prints nothing:
only a held job goes back in the queue.
"""

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from hardware.device_thread import DeviceThread
from hardware.printer.base import Document, Printer, PrinterError

log = logging.getLogger(__name__)


@dataclass
class PrintJob:
    key: str
    document: Document
    state: str = "queued"  # queued | printing | printed | held | unprinted (no printer)
    problem: str = ""
    partly: bool = False  # held after the printer went away mid-job: some may be on paper


class PrintSpool(DeviceThread):
    name = "printer"

    def __init__(self, printer: Printer, on_status: Callable[[str, str], None] | None = None,
                 on_job: Callable[[PrintJob], None] | None = None) -> None:
        super().__init__(on_status, configured=printer.configured)
        self.printer = printer
        self._on_job = on_job or (lambda job: None)
        self._jobs: dict[str, PrintJob] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[PrintJob | None] = queue.Queue()

    def submit(self, key: str, document: Document) -> PrintJob:
        with self._lock:
            if key in self._jobs:
                return self._jobs[key]
            job = self._jobs[key] = PrintJob(key, document)
            if not self.printer.configured:
                job.state = "unprinted"  # no printer: nothing to wait for, nothing to hold
                return job
        self._queue.put(job)
        return job

    def retry(self, key: str) -> PrintJob | None:
        with self._lock:
            job = self._jobs.get(key)
            if job is None or job.state != "held":
                return job
            job.state, job.problem = "queued", ""
        self._queue.put(job)
        return job

    def held(self) -> list[PrintJob]:
        with self._lock:
            return [job for job in self._jobs.values() if job.state == "held"]

    def job(self, key: str) -> PrintJob | None:
        with self._lock:
            return self._jobs.get(key)

    def check(self) -> None:
        """Ask the printer how it is, in the spool's thread (a status request can be slow)."""
        self._queue.put(None)

    def stop(self) -> None:
        self._stop.set()
        self._queue.put(None)
        super().stop()

    def _run(self) -> None:
        """Not DeviceThread's reconnect loop: the spool holds no connection to lose (each job
        opens its own), so it serves its queue and reports what each job found."""
        self._report(self.printer.status())
        while not self._stop.is_set():
            job = self._queue.get()
            if self._stop.is_set():
                return
            if job is None:
                self._report(self.printer.status())
            else:
                self._print(job)

    def _print(self, job: PrintJob) -> None:
        self._set(job, "printing")
        try:
            self.printer.print(job.document)
        except PrinterError as exc:
            log.warning("receipt %s held: %s", job.key, exc)
            self._set(job, "held", str(exc), exc.partly)
            self._report(exc.status, str(exc))
        except Exception as exc:  # a driver's bug must not end the spool: hold the job
            log.exception("receipt %s held: the printer driver failed", job.key)
            self._set(job, "held", f"the printer driver failed: {exc}")
            self._report("unknown", str(exc))
        else:
            self._set(job, "printed")
            self._report("ready")

    def _set(self, job: PrintJob, state: str, problem: str = "", partly: bool = False) -> None:
        with self._lock:
            job.state, job.problem, job.partly = state, problem, partly
        self._on_job(job)
