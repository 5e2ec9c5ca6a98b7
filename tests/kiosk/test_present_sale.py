"""`kiosk pay --present` stopped by the clerk, by Ctrl-C or SIGTERM: wherever the stop lands,
the request is closed and the sale declined with the reason, and the command gives its
result. (The whole command, stopped from outside, is in tests/wallet/test_confirm.py.)"""

import linecache
import os
import signal
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import qrcode

import kiosk.commands.present_sale
import payments.database
import payments.sale_requests
from kiosk.commands.present_sale import pay_presented
from payments.money import Sale
from payments.payment_result import PaymentResult
from payments.reasons import Refused
from payments.sale_requests import (
    Posted,
    SaleRequests,
    kiosk_keys,
    publish_address,
    read_sale_token,
)

# The code a stop can land in while the command listens for one: its own, and the request's
# writes.
WATCHED = {module.__file__ for module in (kiosk.commands.present_sale, payments.database,
                                          payments.sale_requests)}
STOPS = 60  # lines: the sale shown, the first polls of the request


class Engine:
    """The engine's side of a presented sale, recording what it was asked."""

    def __init__(self) -> None:
        self.charged: list[str] = []
        self.opened: list[Sale] = []

    def open_sale(self, sale: Sale) -> str:
        self.opened.append(sale)
        return "p-1"

    def charge(self, payment_id: str, code: str, method: str) -> PaymentResult:
        self.charged.append(code)
        return PaymentResult(payment_id, "approved", 8000)

    def lapse(self, payment_id: str, reason) -> PaymentResult:
        return PaymentResult(payment_id, "declined", 8000, reason)


def present(data_dir: Path, first_stop: int) -> tuple[PaymentResult, Engine, str]:
    """The sale presented, with SIGTERM sent at the `first_stop`th line run while the command
    listens for stops and at every line after it (a clerk pressing Ctrl-C again and again);
    also the line of the first stop."""
    engine = Engine()
    services = SimpleNamespace(is_terminal=False, engine=engine,
                               merchant=SimpleNamespace(name="데모 카페"))
    outside = signal.getsignal(signal.SIGTERM)
    lines, landed = 0, ""

    def trace(frame, event, arg):
        nonlocal lines, landed
        if frame.f_code.co_filename not in WATCHED:
            return None
        if event == "line" and signal.getsignal(signal.SIGTERM) is not outside:
            lines += 1
            if lines >= first_stop:
                landed = landed or linecache.getline(frame.f_code.co_filename, frame.f_lineno)
                os.kill(os.getpid(), signal.SIGTERM)
        return trace

    sys.settrace(trace)
    try:
        result = pay_presented(services, data_dir, Sale.keyed(8000), 60, None)
    finally:
        sys.settrace(None)
    assert signal.getsignal(signal.SIGTERM) is outside
    return result, engine, landed.strip()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(kiosk.commands.present_sale, "POLL_S", 0.001)
    # Drawing the QR is 0.2 s of pure Python under a tracer, and no place for a stop to harm.
    monkeypatch.setattr(qrcode.QRCode, "print_ascii",
                        lambda self, out, invert: out.write("[the sale's QR]\n"))
    (tmp_path / "wallet").mkdir()
    publish_address(tmp_path, "http://localhost:8470")
    return tmp_path


def test_a_stop_at_any_line_closes_the_request_and_declines_the_sale(data_dir, capsys):
    landed = []
    for first_stop in range(1, STOPS + 1):
        result, engine, line = present(data_dir, first_stop)
        landed.append(line)
        assert (result.status, result.reason.en) == (
            "declined", "the clerk cancelled the sale request"), f"stopped at {line}"
        assert engine.charged == []
        link = capsys.readouterr().err.strip().splitlines()[-2]
        ref = read_sale_token(link.rsplit("/", 1)[1], kiosk_keys(data_dir), time.time()).ref
        requests = SaleRequests(data_dir)
        late = requests.post(ref, "a late code", time.time())
        requests.close()
        assert late == Posted.CLOSED, f"stopped at {line}"  # the phone is told so
    assert "time.sleep(POLL_S)" in landed  # the stops covered a whole poll of the request


def test_a_picture_that_cannot_be_written_is_said_before_any_sale_is_opened(data_dir):
    engine = Engine()
    services = SimpleNamespace(is_terminal=False, engine=engine,
                               merchant=SimpleNamespace(name="데모 카페"))
    where = data_dir / "no-such-folder" / "sale.png"
    with pytest.raises(Refused) as refused:
        pay_presented(services, data_dir, Sale.keyed(8000), 60, str(where))
    assert refused.value.reason.en == (
        f"cannot write {where}: No such file or directory; give a file in a folder that exists")
    assert engine.opened == []
