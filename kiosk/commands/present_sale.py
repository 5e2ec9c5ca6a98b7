"""`kiosk pay --present`: the kiosk shows the sale, the customer confirms it in the wallet.

The sale is opened, a sale request made (payments/sale_requests.py), and its link into the
wallet printed on stderr with a QR of it (and written as a picture with `--png`): the
customer opens it with the phone's camera, sees the shop and the amount, and confirms with a
passkey. The wallet posts a confirmed code for the sale; this command, polling the request,
takes it and charges it through the engine. Nobody confirming within `--wait` seconds, or
Ctrl-C (or SIGTERM), closes the request: a confirmation after that is refused, and nothing
is charged.
"""

import io
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import qrcode

from kiosk.bootstrap import Services
from kiosk.commands.output import unwritten
from payments.money import Sale
from payments.payment_result import PaymentResult
from payments.reasons import Reason, Refused
from payments.sale_requests import SaleRequests, load_or_create_signer, published_address

POLL_S = 0.5


def pay_presented(services: Services, data_dir: Path, sale: Sale, wait_s: float,
                  png: str | None) -> PaymentResult:
    """Raises Refused when there is no wallet on this machine to send the customer to."""
    if services.is_terminal:
        raise Refused("체인 단말기에서는 아직 매장 QR 결제를 쓸 수 없습니다",
                      "a chain's terminal cannot show the sale to the wallet yet: the "
                      "customer shows a code (kiosk pay --code)")
    address = published_address(data_dir)
    if not address:
        raise Refused("이 키오스크의 지갑이 실행 중이 아닙니다",
                      "no wallet runs on this machine's data directory: start `kiosk wallet` "
                      "(the sale's QR opens it on the customer's phone)")
    if png and (why := unwritten(png, b"")):  # said before a sale is opened, not after
        raise Refused("결제 QR 그림을 저장할 수 없습니다", why)
    engine = services.engine
    signer = load_or_create_signer(data_dir)
    requests = SaleRequests(data_dir)
    try:
        payment_id = engine.open_sale(sale)
        request = requests.open(payment_id, services.merchant.name, sale.total, time.time(),
                                wait_s)
        link = f"{address}/sale/{signer.token(request)}"
        if png and (why := unwritten(png, _png(link))):  # the QR is on stderr too
            print(f"kiosk: {why}", file=sys.stderr)
        code = None
        with _stops_noted() as stopped:  # from the sale shown to its result
            _show(link, sale.total, payment_id, wait_s)
            while not code and not stopped and time.time() < request.expires_at:
                code = requests.take(request.ref, time.time())
                if not code:
                    time.sleep(POLL_S)
            # Confirmed at the last moment, as the request closed or as the clerk stopped
            # it: the customer confirmed an open request, and it counts.
            code = code or requests.take(request.ref, time.time(), give_up=True)
            if code:  # a charge begun is finished: a stop now waits for the bank's answer
                print(f"confirmed in the wallet: charging {sale.total:,} won", file=sys.stderr,
                      flush=True)
                return engine.charge(payment_id, code, "qr")
            if stopped:
                return engine.lapse(payment_id, Reason("점원이 결제 요청을 취소했습니다",
                                                       "the clerk cancelled the sale request"))
            return engine.lapse(payment_id, Reason(
                f"고객이 {wait_s:.0f}초 안에 지갑에서 확인하지 않았습니다. 청구하지 않았습니다",
                f"the customer did not confirm in the wallet within {wait_s:.0f} s: nothing "
                "was charged"))
    finally:
        requests.close()


@contextmanager
def _stops_noted() -> Iterator[list[int]]:
    """Ctrl-C and SIGTERM (a `kill`, a script or a service manager stopping the command)
    are noted in the list yielded, and the loop acts on them between polls. Raised as
    KeyboardInterrupt, a stop could land between BEGIN and COMMIT of taking the request, or
    in the middle of closing it, and the command died with the sale left open and no
    result (seen once in CI). A charge under way is not stopped: it ends within the bank's
    time-outs, and its result is what the clerk needs."""
    stopped: list[int] = []
    previous = {number: signal.signal(number, lambda number, frame: stopped.append(number))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopped
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _png(link: str) -> bytes:
    picture = io.BytesIO()
    qrcode.make(link, border=4).save(picture)
    return picture.getvalue()


def _show(link: str, amount: int, payment_id: str, wait_s: float) -> None:
    """On stderr, so that `--json` keeps stdout for the one result document."""
    qr = qrcode.QRCode(border=1)
    qr.add_data(link)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    print(out.getvalue(), end="", file=sys.stderr)
    print(f"sale {payment_id}: {amount:,} won. The customer scans this QR, or opens:\n{link}\n"
          f"waiting up to {wait_s:.0f} s for the confirmation in the wallet (Ctrl-C cancels)",
          file=sys.stderr, flush=True)
