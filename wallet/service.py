"""The wallet's rules, apart from HTTP: enrollment, phones, accounts, codes and receipts.

A phone is known by a device token in its cookie; every call that reads or spends starts
from `device(token)`, which says plainly why a phone is not (any more) signed in. Accounts
are addressed by a keyed reference, never by the fintech number, so the number stays out of
every page and URL; it is needed only to sign a code and to ask the bank.
"""

import datetime
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from payments.enrollment import complete_enrollment
from payments.koreatime import now_kst
from payments.ledger import Customer, Ledger, Payment, TransferKind
from payments.openbanking.client import OpenBankingClient
from payments.reasons import Reason, Refused
from payments.receipts import Merchant, Receipt, refund_receipt, sale_receipt
from payments.standing import Standing, standings
from wallet.issuer import Issuer
from wallet.store import Device, EnrollmentState, WalletStore

DEVICE_LIFETIME_S = 180 * 86400  # a phone stays signed in half a year, until signed out
ENROLLMENT_LIFETIME_S = 600  # the customer has ten minutes on the bank's consent page
CODE_TTL_S = 60
CONFIRMED_TTL_S = 120  # a confirmed code is for the sale at hand: two minutes to show it
CODE_BATCH = 3  # codes pre-signed at once: three minutes without signal still pays
HISTORY_DAYS = 30


class NotSignedIn(Exception):
    """Why this phone may not see the wallet; `kind` picks the page that explains it."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "none" | "unknown" | "expired" | "revoked"


class EnrollmentProblem(Exception):
    """The bank's redirect cannot finish an enrollment; `kind` picks the page."""

    def __init__(self, kind: str, reason: Reason | None = None) -> None:
        super().__init__(kind)
        self.kind = kind  # "state" | "replayed" | "expired" | "denied" | "bank"
        self.reason = reason


@dataclass(frozen=True)
class Account:
    ref: str
    bank_name: str
    account_num_masked: str
    holder_name: str


@dataclass(frozen=True)
class Balance:
    balance: int | None
    available: int | None
    problem: Reason | None = None


@dataclass(frozen=True)
class History:
    rows: list[dict]
    problem: Reason | None = None


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: int
    jti: str


@dataclass(frozen=True)
class ReceiptEntry:
    payment: Payment
    receipts: list[Receipt]


class Wallet:
    def __init__(self, ledger: Ledger, client: OpenBankingClient, store: WalletStore,
                 issuer: Issuer, merchant: Merchant,
                 clock: Callable[[], float]) -> None:
        self._ledger = ledger
        self._client = client
        self._store = store
        self._issuer = issuer
        self._merchant = merchant
        self._clock = clock
        self._ref_key = issuer.derived_secret(b"account reference")

    # ------------------------------------------------------------ enrollment

    def begin_enrollment(self) -> tuple[str, str]:
        """(state, the bank's consent address): the state goes in the phone's cookie too."""
        state = secrets.token_urlsafe(24)
        self._store.begin_enrollment(state, self._clock())
        return state, self._client.authorize_url(state)

    def finish_enrollment(self, query: dict[str, str], cookie_state: str, label: str) -> str:
        """The new device token, after the bank's redirect back to us with `query`."""
        state = query.get("state", "")
        if not state or not hmac.compare_digest(state, cookie_state):
            raise EnrollmentProblem("state")
        verdict = self._store.use_enrollment(state, self._clock(), ENROLLMENT_LIFETIME_S)
        if verdict != EnrollmentState.FRESH:
            raise EnrollmentProblem({EnrollmentState.UNKNOWN: "state",
                                    EnrollmentState.USED: "replayed",
                                    EnrollmentState.EXPIRED: "expired"}[verdict])
        if "code" not in query:
            raise EnrollmentProblem("denied")
        try:
            accounts = complete_enrollment(self._client, self._ledger, query["code"])
        except Refused as refusal:
            raise EnrollmentProblem("bank", refusal.reason) from None
        if not accounts:
            raise EnrollmentProblem("bank", Reason("출금 동의한 계좌가 없습니다",
                                                  "no account was agreed for payments"))
        return self.remember_phone(accounts[0]["user_seq_no"], label)

    def remember_phone(self, user_seq_no: str, label: str) -> str:
        """A new device token for this customer's phone: after enrollment, or after a
        passkey signed a new phone in."""
        token = secrets.token_urlsafe(32)
        self._store.add_device(secrets.token_hex(4).upper(), token, user_seq_no, label,
                               self._clock(), DEVICE_LIFETIME_S)
        return token

    # ------------------------------------------------------------ the phone

    def device(self, token: str) -> Device:
        if not token:
            raise NotSignedIn("none")
        device = self._store.device_by_token(token)
        if device is None:
            raise NotSignedIn("unknown")
        if device.revoked_at is not None:
            raise NotSignedIn("revoked")
        now = self._clock()
        if now > device.expires_at:
            raise NotSignedIn("expired")
        if now - device.last_seen > 60:
            self._store.touch(device.id, now)
        return device

    def sign_out(self, device: Device) -> None:
        self._store.revoke(device.id, self._clock())

    # ------------------------------------------------------------ accounts

    def accounts(self, device: Device) -> list[Account]:
        return [self._account(c) for c in self._customers(device)]

    def _customers(self, device: Device) -> list[Customer]:
        hidden = self._store.hidden_accounts(device.user_seq_no)
        rows = self._ledger.rows("SELECT * FROM customers WHERE user_seq_no = ? "
                                 "ORDER BY enrolled_at, fintech_use_num",
                                 (device.user_seq_no,))
        return [Customer.from_row(r) for r in rows if r["fintech_use_num"] not in hidden]

    def _account(self, customer: Customer) -> Account:
        return Account(self._ref(customer.fintech_use_num), customer.bank_name,
                       customer.account_num_masked, customer.holder_name)

    def _ref(self, fintech_use_num: str) -> str:
        return hmac.new(self._ref_key, fintech_use_num.encode(), "sha256").hexdigest()[:16]

    def _customer(self, device: Device, ref: str) -> Customer:
        for customer in self._customers(device):
            if hmac.compare_digest(self._ref(customer.fintech_use_num), ref):
                return customer
        raise LookupError(ref)

    def account(self, device: Device, ref: str) -> Account:
        """Raises LookupError when this phone has no such account."""
        return self._account(self._customer(device, ref))

    def balance(self, device: Device, ref: str) -> Balance:
        customer = self._customer(device, ref)
        answer = self._client.balance(customer.user_seq_no, customer.fintech_use_num)
        if answer.message is None:
            return Balance(None, None, answer.reason)
        return Balance(answer.message.balance_amt, answer.message.available_amt)

    def history(self, device: Device, ref: str) -> History:
        customer = self._customer(device, ref)
        today = now_kst(self._clock()).date()
        since = today - datetime.timedelta(days=HISTORY_DAYS)
        answer = self._client.transactions(customer.user_seq_no, customer.fintech_use_num,
                                           since.strftime("%Y%m%d"), today.strftime("%Y%m%d"))
        if answer.message is None:
            return History([], answer.reason)
        return History([{"date": f"{t.tran_date[:4]}-{t.tran_date[4:6]}-{t.tran_date[6:]}",
                         "time": f"{t.tran_time[:2]}:{t.tran_time[2:4]}",
                         "incoming": t.inout_type in ("입금", "I", "in"),
                         "what": t.print_content or t.tran_type, "amount": t.tran_amt,
                         "after": t.after_balance_amt}
                        for t in answer.message.res_list])

    def unlink(self, device: Device, ref: str) -> None:
        """The account leaves this wallet: no more codes are issued for it here."""
        self._store.hide_account(device.user_seq_no, self._customer(device, ref).fintech_use_num)

    # ------------------------------------------------------------ paying

    def codes(self, device: Device, ref: str) -> list[IssuedCode]:
        """A short pre-signed batch: all valid now, each living a minute longer than the
        one before, so the page can rotate through them with no signal."""
        customer = self._customer(device, ref)
        now = self._clock()
        return [IssuedCode(*self._issuer.sign(customer.fintech_use_num, now,
                                              CODE_TTL_S * (n + 1)))
                for n in range(CODE_BATCH)]

    def confirmed_code(self, device: Device, ref: str, amount: int) -> IssuedCode:
        """A code for exactly `amount`, carrying the customer's confirmation (`cfm`). Sign
        it only once the passkey has confirmed this amount for this account."""
        customer = self._customer(device, ref)
        return IssuedCode(*self._issuer.sign(customer.fintech_use_num, self._clock(),
                                             CONFIRMED_TTL_S, amount=amount, confirmed=True))

    def code_used(self, device: Device, ref: str, jti: str) -> bool:
        """Whether a kiosk has taken this code (approved or declined, it pays no more), so
        the phone stops showing it. LookupError when this phone has no such account."""
        self._customer(device, ref)
        return self._ledger.code_seen(jti)

    @property
    def shop(self) -> str:
        return self._merchant.name

    # ------------------------------------------------------------ receipts

    def payments(self, device: Device) -> list[Payment]:
        fins = [c.fintech_use_num for c in self._customers(device)]
        if not fins:
            return []
        rows = self._ledger.rows(
            f"SELECT * FROM payments WHERE fintech_use_num IN ({', '.join('?' * len(fins))}) "
            "ORDER BY created_at DESC, id DESC LIMIT 100", tuple(fins))
        return [Payment.from_row(row) for row in rows]

    def receipt_list(self, device: Device) -> list[tuple[Payment, Standing]]:
        """This phone's payments, newest first, each with what became of it: a refund made
        at the counter shows in the list as on the receipt."""
        payments = self.payments(device)
        standing = standings(self._ledger, payments)
        return [(payment, standing[payment.id]) for payment in payments]

    def receipts(self, device: Device, payment_id: str) -> ReceiptEntry:
        """The payment's receipt and each of its refunds'; LookupError when it is not one of
        this phone's payments."""
        payment = next((p for p in self.payments(device) if p.id == payment_id), None)
        if payment is None:
            raise LookupError(payment_id)
        receipts = [sale_receipt(self._ledger, payment.id, self._merchant)]
        receipts += [refund_receipt(self._ledger, t.bank_tran_id, self._merchant)
                     for t in self._ledger.transfers_of(payment.id)
                     if t.kind is TransferKind.DEPOSIT]
        return ReceiptEntry(payment, receipts)
