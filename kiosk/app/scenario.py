"""A tester's scenario (docs/scenarios.md), run through the real widgets and device paths: the
catalogue buttons are clicked, a code is shown to the simulated camera as a picture of a
phone, a tap goes through nfcpy's udp driver. The first step that fails ends the run with
one line saying which step and what the screen showed instead.
"""

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QPushButton

from kiosk.app import demo_customer
from kiosk.app.widgets import PinDialog
from payments.receipts import LAST

# Each step's fields and their types; `code` left out means a fresh demo code (of `fin`).
FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "add_item": {"name": str, "qty": int},
    "key_amount": {"won": int},
    "charge": {},
    "present_qr": {"code": str, "fin": str},
    "present_image": {"path": str},  # an extension: a picture as it is, e.g. a phone's screen
    "tap": {"code": str, "as": str, "fin": str},
    "expect": {"screen": str, "text": str, "within": (int, float)},
    "screenshot": {"path": str},
    "new_sale": {},
    "cancel": {},
    "wait": {"seconds": (int, float)},
    "refund": {"payment": str, "amount": int, "pin": str},
    "language": {"lang": str},
    # Extensions: open a screen from the top bar (sale, register, history, report, devices),
    # the demo customer consents to the register screen's QR at the testbed, ...
    "open": {"screen": str},
    "consent": {},
    # ... a press of any button on show, by its text (a dialog's too) ...
    "press": {"button": str},
    # ... and for testers of the demo: a fault rule for the in-process testbed bank
    # (docs/testbed.md's RULE), e.g. a slow bank to see the "checking" screen.
    "bank_fault": {"api": str, "fault": str, "code": str, "seconds": (int, float),
                   "apply": bool, "times": int},
}
POLL_MS = 50


class ScenarioError(Exception):
    """The scenario file cannot be run as written; the message says where and why."""


@dataclass
class Step:
    number: int
    do: str
    fields: dict = field(default_factory=dict)

    def __str__(self) -> str:
        details = ", ".join(f"{k} = {v!r}" for k, v in self.fields.items() if k != "code")
        return f"step {self.number} ({self.do}{': ' + details if details else ''})"


class Scenario:
    def __init__(self, steps: list[Step], base: Path) -> None:
        self.steps = steps
        self.base = base

    @classmethod
    def load(cls, path: str | Path) -> "Scenario":
        path = Path(path)
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ScenarioError(f"{path}: cannot read it: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
        steps = []
        for number, entry in enumerate(table.get("step", []), 1):
            entry = dict(entry)
            do = entry.pop("do", None)
            if do not in FIELDS:
                raise ScenarioError(f"{path}: step {number}: do = {do!r} is not a step; "
                                    f"use one of {', '.join(FIELDS)}")
            for key, value in entry.items():
                if key not in FIELDS[do]:
                    raise ScenarioError(f"{path}: step {number} ({do}): unknown field {key!r}; "
                                        f"it takes {', '.join(FIELDS[do]) or 'no fields'}")
                wanted = FIELDS[do][key]
                if not isinstance(value, wanted) or (isinstance(value, bool)
                                                     and wanted is not bool):
                    raise ScenarioError(f"{path}: step {number} ({do}): {key} = {value!r} "
                                        "has the wrong type")
            steps.append(Step(number, do, entry))
        if not steps:
            raise ScenarioError(f"{path}: no [[step]] entries")
        return cls(steps, path.parent)

    def run(self, kiosk, finish: Callable[[int], None]) -> None:
        """Start running on the event loop; `finish(0)` at the end, `finish(1)` on failure.
        The run is kept here: the event loop's timers hold no reference to it."""
        self._run = _Run(self, kiosk, finish)
        self._run.start()


class _Run:
    def __init__(self, scenario: Scenario, kiosk, finish: Callable[[int], None]) -> None:
        self.scenario, self.kiosk, self.window = scenario, kiosk, kiosk.window
        self._finish = finish
        self.index = 0

    def start(self) -> None:
        self._wait_until(lambda: self.window.is_ready, 30, self._next,
                         "the kiosk did not get ready (bank not open) within 30 s")

    def _next(self) -> None:
        if self.index >= len(self.scenario.steps):
            self._finish(0)
            return
        step = self.scenario.steps[self.index]
        self.index += 1
        self._guarded(step, lambda: getattr(self, f"_do_{step.do}")(step))

    def _guarded(self, step: Step, action: Callable[[], None]) -> None:
        """Run a step, or what it does once it has waited: a failure or any exception ends
        the run with the step's line. Nothing may escape into Qt's loop, which would print a
        traceback and leave the run waiting for ever."""
        try:
            action()
        except _StepFailed as failed:
            self._fail(step, str(failed))
        except Exception as exc:
            self._fail(step, f"{type(exc).__name__}: {exc}")

    def _fail(self, step: Step, why: str) -> None:
        print(f"kiosk: {step} failed: {why}; the screen was {self.window.screen_name()!r} "
              f"showing: {self.window.visible_text()[:400]}", flush=True)
        self._finish(1)

    def _then(self, delay_ms: int = 0) -> None:
        QTimer.singleShot(delay_ms, self._next)

    def _wait_until(self, condition: Callable[[], bool], within_s: float,
                    then: Callable[[], None], why: str, step: Step | None = None) -> None:
        deadline = time.monotonic() + within_s

        def poll() -> None:
            if condition():
                if step is None:
                    then()  # the start: the next step guards itself
                else:
                    self._guarded(step, then)
            elif time.monotonic() > deadline:
                if step is None:
                    print(f"kiosk: {why}", flush=True)
                    self._finish(1)
                else:
                    self._fail(step, why)
            else:
                QTimer.singleShot(POLL_MS, poll)

        poll()

    # ---------------------------------------------------------------- steps

    def _do_add_item(self, step: Step) -> None:
        name = step.fields.get("name")
        buttons = self.window.sale_screen.item_buttons
        if name not in buttons:
            raise _StepFailed(f"no catalogue item {name!r}; there are {', '.join(buttons)}")
        self._on_screen("sale")
        for _ in range(step.fields.get("qty", 1)):
            buttons[name].click()
        self._then()

    def _do_key_amount(self, step: Step) -> None:
        self._on_screen("sale")
        screen = self.window.sale_screen
        screen.keypad_tab.click()
        screen.keypad.clear()
        for digit in str(step.fields["won"]):
            screen.keypad.buttons[digit].click()
        screen.add_keyed_button.click()
        screen.items_tab.click()
        self._then()

    def _do_charge(self, step: Step) -> None:
        self._on_screen("sale")
        button = self.window.sale_screen.charge_button
        if not button.isEnabled():
            raise _StepFailed("the charge button is disabled: the cart is empty")
        button.click()
        self._then()

    def _do_present_qr(self, step: Step) -> None:
        try:
            demo_customer.show_qr(self.kiosk.context, self._code(step))
        except demo_customer.NotSimulated as exc:
            raise _StepFailed(str(exc)) from None
        self._then()

    def _do_present_image(self, step: Step) -> None:
        try:
            path = self.scenario.base / step.fields.get("path", "")
            if not path.is_file():
                raise _StepFailed(f"no picture at {path}: give path = \"phone.png\"")
            demo_customer.show_picture(self.kiosk.context, path)
        except demo_customer.NotSimulated as exc:
            raise _StepFailed(str(exc)) from None
        self._then()

    def _do_tap(self, step: Step) -> None:
        try:
            demo_customer.tap(self.kiosk.context, self._code(step), step.fields.get("as", "tag"))
        except demo_customer.NotSimulated as exc:
            raise _StepFailed(str(exc)) from None
        self._then()

    def _do_expect(self, step: Step) -> None:
        screen, text = step.fields.get("screen"), step.fields.get("text")
        within = float(step.fields.get("within", 5))

        def met() -> bool:
            return ((screen is None or self.window.screen_name() == screen)
                    and (text is None or text in self.window.visible_text()))

        wanted = " and ".join(filter(None, [screen and f"screen {screen!r}",
                                            text and f"text {text!r}"]))
        self._wait_until(met, within, self._then, f"no {wanted} within {within:g} s", step)

    def _do_screenshot(self, step: Step) -> None:
        path = Path(step.fields.get("path", "screenshot.png"))
        self.kiosk.screenshot(path if path.is_absolute() else self.scenario.base / path)
        self._then()

    def _do_new_sale(self, step: Step) -> None:
        counter = self.window.counter
        if counter.busy:
            raise _StepFailed("a payment is under way: cancel it or wait for its result")
        counter.new_sale()
        self.window.go("sale")
        counter.cart.clear()
        self.window.sale_screen.refresh()
        self._then()

    def _do_cancel(self, step: Step) -> None:
        self.window.pay_screen.cancel_button.click()
        self._then()

    def _do_wait(self, step: Step) -> None:
        self._then(int(float(step.fields.get("seconds", 1)) * 1000))

    def _do_open(self, step: Step) -> None:
        name = step.fields.get("screen", "sale")
        if name not in self.window.top_bar.nav_buttons:
            raise _StepFailed(f"no screen {name!r} in the top bar; there are "
                              f"{', '.join(self.window.top_bar.nav_buttons)}")
        self.window.top_bar.nav_buttons[name].click()
        self._then()

    def _do_consent(self, step: Step) -> None:
        screen = self.window.enroll_screen

        def consent() -> None:
            demo_customer.consent(screen.url)
            self._then()

        self._wait_until(lambda: screen.state == "waiting", 10, consent,
                         "the register screen shows no consent QR (open screen = "
                         "\"register\" first)", step)

    def _do_press(self, step: Step) -> None:
        wanted = step.fields.get("button", "")
        dialogs = [d for d in self.window.findChildren(QDialog) if d.isVisible()]
        within = dialogs[-1] if dialogs else self.window  # an open dialog is modal
        shown = [b for b in within.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]
        found = [b for b in shown if b.text() == wanted]
        if not found:
            raise _StepFailed(f"no button {wanted!r} to press; there are "
                              f"{', '.join(repr(b.text()) for b in shown if b.text())}")
        found[0].click()
        self._then()

    def _do_bank_fault(self, step: Step) -> None:
        testbed = self.kiosk.bank.worker.services.testbed
        if testbed is None:
            raise _StepFailed("bank_fault needs the demo's in-process testbed bank")
        answer = httpx.post(f"{testbed.url}/_sim/faults", json={"rules": [step.fields]})
        if answer.status_code != 200:
            raise _StepFailed(f"the testbed refused the rule: {answer.text}")
        self._then()

    def _do_language(self, step: Step) -> None:
        self.kiosk.language.set(step.fields.get("lang", "ko"))
        self._then()

    def _do_refund(self, step: Step) -> None:
        window = self.window
        wanted = step.fields.get("payment", LAST)
        window.top_bar.nav_buttons["history"].click()
        history = window.history_screen

        def chosen() -> str | None:
            """`last` as in every command: the newest payment the bank approved."""
            if wanted != LAST:
                return wanted if any(p.id == wanted for p in history.payments) else None
            return next((p.id for p in history.payments if p.status == "approved"), None)

        def listed() -> bool:
            return chosen() is not None

        def refund() -> None:
            history.select(chosen())
            history.keypad.clear()
            for digit in str(step.fields.get("amount", "")):
                history.keypad.buttons[digit].click()
            history.refund_button.click()
            dialog = window.findChild(PinDialog)
            if dialog is None:
                self._fail(step, "no PIN was asked for")
                return
            verdict = dialog.enter(step.fields.get("pin", ""))
            if verdict is None or not verdict.accepted:  # the dialog is still open
                why = (f"the PIN was refused: {dialog.message.text()}" if verdict else
                       "the PIN was not checked within 10 s")
                dialog.reject()
                self._fail(step, why)
                return
            self._then()  # accepted: the dialog has closed and deletes itself

        self._wait_until(listed, 5, refund, f"payment {wanted!r} is not in today's list", step)

    # ---------------------------------------------------------------- helpers

    def _on_screen(self, name: str) -> None:
        if self.window.screen_name() != name:
            raise _StepFailed(f"this step needs the {name} screen")

    def _code(self, step: Step) -> str:
        return step.fields.get("code") or self.window.demo_codes(step.fields.get("fin"))


class _StepFailed(Exception):
    pass
