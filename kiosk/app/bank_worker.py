"""The bank and the books, in a thread of their own.

Every call that may wait on the bank (a charge that is checked for 45 s, a refund, the
reconciliation at start) and every read of the ledger runs in this worker's thread, so the
screen keeps drawing. The screen asks through `Bank`'s methods and hears back through its
signals; both cross threads as Qt queued signals.
"""

import logging
import secrets
import time

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from kiosk.bootstrap import Services, bootstrap
from kiosk.context import Context
from kiosk.redirect_listener import RedirectListener
from payments.enrollment import finish_consent, shown
from payments.koreatime import business_date
from payments.money import Sale
from payments.reasons import Reason, Refused
from payments.receipts import receipt_for
from payments.reports import day_report
from payments.standing import listed
from server.terminal import UNREACHABLE, ServerAway

PROBE_MS = 10_000  # how often a terminal checks that its server answers
log = logging.getLogger(__name__)


class BankWorker(QObject):
    ready = Signal(str)  # where the bank is
    failed = Signal(str)  # the services could not be opened: what is wrong
    checking = Signal()  # the outcome is unknown: the engine is asking the bank
    paid = Signal(object)  # PaymentResult
    refunded = Signal(object)  # PaymentResult
    refused = Signal(object)  # Reason: a request turned down before the bank was asked
    # Today's payments as (Payment, Standing) pairs, and the report of the day asked for.
    day = Signal(object, object)
    receipt = Signal(str, object)  # print-job key, Receipt
    consent_url = Signal(str)  # where a customer consents to register their accounts
    enrolled = Signal(object)  # the accounts registered, as they may be shown
    enroll_refused = Signal(object)  # Reason
    server_reachable = Signal(bool)  # a terminal's chain server: reached again, or lost
    _redirected = Signal(object)  # the bank's redirect back, from the listener's thread

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.services: Services | None = None
        self._listener: RedirectListener | None = None
        self._poll: QTimer | None = None  # a terminal asking the server about an enrollment
        self._probe: QTimer | None = None  # a terminal checking that its server answers
        self._server_up: bool | None = None
        self._consent_state = ""
        self._redirected.connect(self._finish_enrollment)

    @Slot()
    def open(self) -> None:
        try:
            self.services = bootstrap(self.context)
        except Exception as exc:  # a bad secret file, an unreachable bank: said on screen
            log.exception("cannot open the ledger and the bank")
            self.failed.emit(str(exc))
            return
        self.services.engine.on_checking = lambda bank_tran_id: self.checking.emit()
        settled = self.services.engine.reconcile()
        if settled:
            log.info("reconciled at start: %s", settled)
        if self.services.is_terminal:
            self._probe = QTimer(self, interval=PROBE_MS, timeout=self._probe_server)
            self._probe.start()
            self._probe_server()  # before ready: no sale starts on a server that is away
            self.ready.emit(self.context.config.server.url)
            return
        testbed = self.services.testbed
        self.ready.emit("testbed" if testbed else self.context.config.openbanking.base_url)

    def _probe_server(self) -> None:
        """A terminal says on screen, for as long as it lasts, that it cannot take payments
        because the chain's server cannot be reached."""
        up = self.services.engine.reachable()
        if up != self._server_up:
            self._server_up = up
            self.server_reachable.emit(up)

    @Slot(object, str, str)
    def pay(self, sale: Sale, payload: str, method: str) -> None:
        try:
            result = self.services.engine.pay(sale, payload, method)
        except Refused as refusal:
            self.refused.emit(refusal.reason)
            return
        self.paid.emit(result)
        self._emit_receipt(f"sale:{result.payment_id}", result.payment_id)

    @Slot(str)
    def check(self, payment_id: str) -> None:
        """Ask the bank once more about every open transfer, then say where this payment
        stands (still unknown when the bank still does not know)."""
        self.services.engine.reconcile()
        result = self.services.engine.result(payment_id)
        self.paid.emit(result)
        if result.status == "approved":
            self._emit_receipt(f"sale:{result.payment_id}", result.payment_id)

    @Slot(str, object)
    def refund(self, payment_id: str, amount: int | None) -> None:
        try:
            result = self.services.engine.refund(payment_id, amount)
        except Refused as refusal:
            self.refused.emit(refusal.reason)
            return
        self.refunded.emit(result)
        if result.bank_tran_id:
            self._emit_receipt(f"refund:{result.bank_tran_id}", result.bank_tran_id)
        self.load_day()

    @Slot(str)
    def load_day(self, report_date: str = "") -> None:
        """Today's payments, and the report of `report_date` (a business date; today's when
        empty), so the report screen can look back at earlier days."""
        today = business_date(time.time())
        ledger = self.services.ledger
        if self.services.is_terminal:  # the chain's books first, when they can be reached
            self.services.engine.sync(report_date or today)
        self.day.emit(listed(ledger, today), day_report(ledger, report_date or today))

    @Slot(str)
    def reprint(self, payment_id: str) -> None:
        self._emit_receipt(f"reprint:{payment_id}:{time.time():.3f}", payment_id, reprint=True)

    def _emit_receipt(self, key: str, wanted: str, reprint: bool = False) -> None:
        ledger, merchant = self.services.ledger, self.services.merchant
        try:
            receipt = receipt_for(ledger, wanted, merchant, reprint)
        except Refused as refusal:
            self.refused.emit(refusal.reason)
            return
        self.receipt.emit(key, receipt)

    @Slot()
    def begin_enrollment(self) -> None:
        """A fresh consent address, and a listener for the bank's redirect back to us. The
        wait for the customer is the listener's: this thread stays free for payments."""
        self.cancel_enrollment()
        if self.services.is_terminal:
            self._begin_chain_enrollment()
            return
        redirect_uri = self.context.config.openbanking.redirect_uri
        self._consent_state = secrets.token_hex(16)
        try:
            self._listener = RedirectListener(redirect_uri, self._consent_state,
                                              self._redirected.emit)
        except (ValueError, OSError) as exc:
            self.enroll_refused.emit(Reason(
                f"은행의 등록 응답을 받을 수 없습니다 ({redirect_uri}): {exc}",
                f"cannot receive the bank's redirect on {redirect_uri}: {exc}"))
            return
        self.consent_url.emit(self.services.client.authorize_url(self._consent_state))

    def _begin_chain_enrollment(self) -> None:
        """A terminal's customer consents, and the bank sends the phone to the chain's
        server; this thread asks the server every two seconds how it went."""
        try:
            consent_url, state = self.services.engine.begin_enrollment()
        except (Refused, ServerAway) as why:
            self.enroll_refused.emit(why.reason if isinstance(why, Refused) else UNREACHABLE)
            return
        self._poll = QTimer(self, interval=2000)
        self._poll.timeout.connect(lambda: self._ask_chain_enrollment(state))
        self._poll.start()
        self.consent_url.emit(consent_url)

    def _ask_chain_enrollment(self, state: str) -> None:
        try:
            found = self.services.engine.enrollment(state)
        except (Refused, ServerAway) as why:
            log.info("the enrollment %s… not known yet: %s", state[:6], why)
            return
        if found["accounts"] is None and found["problem"] is None:
            return  # the customer is still on the bank's consent page
        self.cancel_enrollment()
        if found["problem"]:
            self.enroll_refused.emit(Reason(found["problem"]["ko"], found["problem"]["en"]))
        else:
            self.enrolled.emit(found["accounts"])

    @Slot()
    def cancel_enrollment(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._poll is not None:
            self._poll.stop()
            self._poll = None

    @Slot(object)
    def _finish_enrollment(self, query: dict[str, str]) -> None:
        if self._listener is None:
            return  # the register screen was left: nobody is waiting for this customer
        self.cancel_enrollment()
        try:
            accounts = finish_consent(self.services.client, self.services.ledger, query,
                                      self._consent_state)
        except Refused as refusal:
            self.enroll_refused.emit(refusal.reason)
            return
        self.enrolled.emit([shown(account) for account in accounts])

    @Slot()
    def close(self) -> None:
        self.cancel_enrollment()
        if self._probe is not None:
            self._probe.stop()  # in this thread, where it runs
            self._probe = None
        if self.services is not None:
            self.services.close()
            self.services = None


class Bank(QObject):
    """The screen's side: requests go to the worker's thread, answers come back as signals."""

    _open = Signal()
    _pay = Signal(object, str, str)
    _check = Signal(str)
    _refund = Signal(str, object)
    _load_day = Signal(str)
    _reprint = Signal(str)
    _begin_enrollment = Signal()
    _cancel_enrollment = Signal()
    _close = Signal()

    def __init__(self, context: Context) -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName("bank")
        self.worker = BankWorker(context)
        self.worker.moveToThread(self._thread)
        for request, slot in ((self._open, self.worker.open), (self._pay, self.worker.pay),
                              (self._check, self.worker.check),
                              (self._refund, self.worker.refund),
                              (self._load_day, self.worker.load_day),
                              (self._reprint, self.worker.reprint),
                              (self._begin_enrollment, self.worker.begin_enrollment),
                              (self._cancel_enrollment, self.worker.cancel_enrollment),
                              (self._close, self.worker.close)):
            request.connect(slot)
        self._thread.start()

    def open(self) -> None:
        self._open.emit()

    def pay(self, sale: Sale, payload: str, method: str) -> None:
        self._pay.emit(sale, payload, method)

    def check(self, payment_id: str) -> None:
        self._check.emit(payment_id)

    def refund(self, payment_id: str, amount: int | None) -> None:
        self._refund.emit(payment_id, amount)

    def load_day(self, report_date: str = "") -> None:
        self._load_day.emit(report_date)

    def reprint(self, payment_id: str) -> None:
        self._reprint.emit(payment_id)

    def begin_enrollment(self) -> None:
        self._begin_enrollment.emit()

    def cancel_enrollment(self) -> None:
        self._cancel_enrollment.emit()

    def stop(self) -> None:
        """Let a call under way finish (a charge is never cut off), then close the books."""
        self._close.emit()
        self._thread.quit()
        self._thread.wait()
