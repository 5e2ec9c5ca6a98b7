"""Above a threshold the customer confirms the amount on the phone.

A code shown on a phone, or a photo of one, pays whatever the clerk keys in, up to the
limits. Above `payments.confirm_above` won the kiosk takes only a code that is bound to this
sale's amount (`amt`) and that the issuer signed after the customer confirmed that amount
with a passkey on the phone (`cfm`, customer-codes in docs/wallet.md). A sale at or below
the threshold, or a kiosk with no threshold (0), takes any code as before.
"""

from payments.codes import PaymentCode
from payments.reasons import Refused


def require_confirmation(code: PaymentCode, amount: int, threshold: int) -> None:
    """Raises Refused, saying what the customer should do, when `amount` needs a confirmed
    code and `code` is not one. Whether `code.amount` equals `amount` is checked before."""
    if 0 < threshold < amount and not code.confirmed:
        raise Refused(f"{threshold:,}원 초과 결제는 휴대폰 지갑에서 금액을 확인해야 합니다. "
                      "지갑의 '금액 확인'에서 확인한 뒤 그 코드를 보여 주세요",
                      f"over {threshold:,} won the customer confirms the amount: choose "
                      "'confirm an amount' in the wallet, confirm it there and show that code")
