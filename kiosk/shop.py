"""The composition root of the command line: the ledger, the bank and the engine, wired.

Commands that only read the books open the ledger alone; commands that move money open the
whole shop. In a demo with the in-process testbed, the testbed's customers are enrolled on
first use, so a demo code can be paid at once.
"""

from dataclasses import dataclass

from kiosk.bank import LEDGER_FILE, BankConnection, connect_bank
from kiosk.config import Config
from kiosk.context import Context
from payments.codes import CodePolicy
from payments.engine import EngineSettings, PaymentEngine
from payments.enrollment import complete_enrolment
from payments.ledger import Ledger
from payments.receipts import Merchant
from payments.simulator.consent import auto_consent
from wallet.issuer import published_keys


@dataclass
class Shop:
    engine: PaymentEngine
    ledger: Ledger
    bank: BankConnection
    merchant: Merchant

    def close(self) -> None:
        self.bank.close()
        self.ledger.close()

    def __enter__(self) -> "Shop":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_ledger(context: Context) -> Ledger:
    return Ledger(context.data_dir / LEDGER_FILE)


def merchant_of(config: Config) -> Merchant:
    m = config.merchant
    return Merchant(m.name, m.business_number, m.address, m.phone, m.representative)


def open_shop(context: Context) -> Shop:
    config = context.config
    bank = connect_bank(context)
    ledger = open_ledger(context)
    payments = config.payments
    settings = EngineSettings(
        merchant_name=config.merchant.name,
        contract_account_num=config.openbanking.contract_account_num,
        contract_bank_code=config.openbanking.contract_bank_code,
        # The configured issuers, and the wallet's of this machine (same data directory).
        codes=CodePolicy.from_config(payments.accept_static_codes,
                                     {**published_keys(context.data_dir),
                                      **payments.issuer_public_keys}),
        max_per_payment=payments.max_per_payment,
        max_per_payer_per_day=payments.max_per_payer_per_day,
        max_per_day=payments.max_per_day, result_deadline_s=payments.result_deadline_s,
        result_poll_s=payments.result_poll_s,
        not_found_after_s=payments.result_not_found_after_s,
        # A call is a token renewal and the request, each bounded by the client's timeouts.
        call_limit_s=2 * (config.openbanking.timeout_s + config.openbanking.connect_timeout_s))
    if bank.testbed is not None:
        _enrol_testbed_customers(bank, ledger)
    return Shop(PaymentEngine(ledger, bank.client, settings), ledger, bank,
                merchant_of(config))


def _enrol_testbed_customers(bank: BankConnection, ledger: Ledger) -> None:
    """The demo's customers, registered as if each had consented (the testbed auto-consents)."""
    for account in bank.testbed.bank.accounts():
        if account["merchant"] or ledger.customer(account["fintech_use_num"]):
            continue
        code = auto_consent(bank.client.authorize_url(), account["user_seq_no"])
        complete_enrolment(bank.client, ledger, code)
