"""The screen never freezes on the bank: while a slow bank takes its time over a payment, the
call waits in a worker and the Qt event loop keeps turning. How short its gaps are (the goal
is none over 100 ms) is a number of benchmarks/kiosk_app.py, measured on a quiet machine; a
test running beside others on a shared machine can only check that the loop was never
waiting on the bank.
"""

import itertools
import time

from PySide6.QtCore import QTimer

from tests.kiosk.app.conftest import add_faults
from tests.kiosk.app.steps import ring_up, show_qr, wait_for_screen

TICK_MS = 10
BANK_DELAY_S = 3.0


def test_the_event_loop_turns_while_a_slow_bank_thinks(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    add_faults(kiosk, {"api": "withdraw", "fault": "delay", "seconds": BANK_DELAY_S,
                       "times": 1})
    ring_up(window, "아메리카노")
    ticks: list[float] = []
    timer = QTimer(interval=TICK_MS, timeout=lambda: ticks.append(time.perf_counter()))
    timer.start()
    show_qr(kiosk)  # the customer draws the phone's picture in a thread of their own
    wait_for_screen(qtbot, window, "processing", timeout=10_000)
    wait_for_screen(qtbot, window, "approved", timeout=20_000)
    timer.stop()
    gaps_ms = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
    # A call made on the loop would show as one gap of the bank's whole delay.
    worst = max(gaps_ms)
    assert worst < BANK_DELAY_S * 1000 / 2, f"the event loop waited {worst:.0f} ms"
    assert len(gaps_ms) > 100, "the loop hardly turned while the bank thought"
