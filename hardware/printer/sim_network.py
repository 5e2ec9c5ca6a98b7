"""A network receipt printer on loopback (raw TCP, port 9100, as real ones listen).

Each connection is one job. It answers DLE EOT status requests while the job arrives,
and when the sender hangs up it keeps the job's ESC/POS bytes and a PNG of the paper they
would print (job-0001.bin, job-0001.png). Testers and tests can open its cover, take its
paper away, or pull its plug a number of bytes into the next job.
"""

import itertools
import logging
import socket
import socketserver
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hardware.printer.base import Paper
from hardware.printer.escpos_render import EscposStream

log = logging.getLogger(__name__)
FIXED_BITS = 0x12  # bits 1 and 4 of every DLE EOT answer


@dataclass
class Job:
    number: int
    data: bytes
    bin_path: Path | None
    png_path: Path | None
    printed: bool  # False when the paper was out, the cover open, or the plug pulled


class SimNetworkPrinter(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, out: Path, paper: Paper, host: str = "127.0.0.1", port: int = 9100):
        self.out = out
        self.paper = paper
        self.paper_out = False
        self.cover_open = False
        self.drop_after: int | None = None  # reset the first connection to reach N bytes
        self.jobs: list[Job] = []
        self.on_job: Callable[[Job], None] = lambda job: None
        self._numbers = itertools.count(1)
        self._lock = threading.Condition()
        out.mkdir(parents=True, exist_ok=True)
        super().__init__((host, port), _JobHandler)

    @property
    def address(self) -> str:
        host, port = self.server_address[:2]
        return f"tcp:{host}:{port}"

    def status_byte(self, n: int) -> int:
        """The answer to DLE EOT n: 1 printer, 2 offline cause, 4 paper roll sensor."""
        offline = self.paper_out or self.cover_open
        if n == 1:
            return FIXED_BITS | (0x08 if offline else 0)
        if n == 2:
            return FIXED_BITS | (0x04 if self.cover_open else 0) | (0x20 if self.paper_out else 0)
        if n == 4:
            return FIXED_BITS | (0x60 if self.paper_out else 0)
        return FIXED_BITS

    def wait_for_jobs(self, count: int, timeout: float = 10.0) -> list[Job]:
        """The first `count` jobs, once the sender has hung up on each."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.jobs) >= count, timeout):
                raise TimeoutError(f"{len(self.jobs)} of {count} print jobs in {timeout} s")
            return self.jobs[:count]

    def start(self) -> "SimNetworkPrinter":
        threading.Thread(target=self.serve_forever, name="sim-printer", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def keep(self, data: bytes, stream: EscposStream, printed: bool) -> Job:
        with self._lock:
            number = next(self._numbers)
        bin_path = png_path = None
        if data:
            bin_path = self.out / f"job-{number:04d}.bin"
            bin_path.write_bytes(data)
        if printed:
            png_path = self.out / f"job-{number:04d}.png"
            stream.paper_image().save(png_path)
        job = Job(number, data, bin_path, png_path, printed)
        with self._lock:
            self.jobs.append(job)
            self._lock.notify_all()
        for problem in stream.problems:
            log.warning("job %d: %s", number, problem)
        self.on_job(job)
        return job


class _JobHandler(socketserver.BaseRequestHandler):
    server: SimNetworkPrinter

    def handle(self) -> None:
        printer = self.server
        connection: socket.socket = self.request
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        stream = EscposStream(printer.paper)
        received = bytearray()
        limit = printer.drop_after
        printed = not (printer.paper_out or printer.cover_open)

        def answer(n: int) -> None:
            connection.sendall(bytes((printer.status_byte(n),)))

        while True:
            try:
                chunk = connection.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            if limit is not None and len(received) + len(chunk) >= limit:
                chunk = chunk[:max(0, limit - len(received))]
                received += chunk
                stream.feed(chunk, answer)
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))  # a reset, as a pulled plug
                printed, printer.drop_after = False, None  # the plug is pulled once
                break
            received += chunk
            stream.feed(chunk, answer)
        if len(received) > 3 * stream.status_requests:  # more than a status check: a job
            printer.keep(bytes(received), stream, printed)
