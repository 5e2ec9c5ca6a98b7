"""The wallet's words, in Korean (the default) and English; one key per phrase."""

LANGUAGES = ("ko", "en")

TEXT: dict[str, dict[str, str]] = {
    "title": {"ko": "내 결제 지갑", "en": "My payment wallet"},
    "start_lead": {"ko": "은행 계좌를 한 번 등록하면, 휴대폰에 뜨는 QR 코드로 매장에서 "
                         "결제할 수 있습니다. 앱 설치가 필요 없습니다.",
                   "en": "Register your bank account once, then pay at the shop by showing "
                         "a QR code on this phone. Nothing to install."},
    "start_steps": {"ko": "은행 동의 화면에서 계좌를 선택하고 동의하면 이 휴대폰이 기억됩니다.",
                    "en": "Choose your account on the bank's consent page and agree; "
                          "this phone is then remembered."},
    "enroll": {"ko": "은행 계좌 등록하기", "en": "Register a bank account"},
    "accounts": {"ko": "내 계좌", "en": "My accounts"},
    "no_accounts": {"ko": "등록된 계좌가 없습니다.", "en": "No account is registered."},
    "add_account": {"ko": "계좌 추가", "en": "Add an account"},
    "balance": {"ko": "잔액", "en": "Balance"},
    "available": {"ko": "출금 가능", "en": "Available"},
    "refresh": {"ko": "새로 고침", "en": "Refresh"},
    "pay": {"ko": "결제 QR 열기", "en": "Open the pay code"},
    "details": {"ko": "거래 내역", "en": "Transactions"},
    "recent": {"ko": "최근 30일 거래", "en": "The last 30 days"},
    "no_history": {"ko": "최근 거래가 없습니다.", "en": "No transactions lately."},
    "in": {"ko": "입금", "en": "In"},
    "out": {"ko": "출금", "en": "Out"},
    "after": {"ko": "거래 후 잔액", "en": "Balance after"},
    "unlink": {"ko": "이 계좌 연결 해제", "en": "Unlink this account"},
    "unlink_note": {"ko": "연결을 해제하면 이 지갑에서 이 계좌의 결제 코드를 더 만들지 "
                          "않습니다.",
                    "en": "Once unlinked, this wallet makes no more pay codes for it."},
    "receipts": {"ko": "결제 내역·영수증", "en": "Payments & receipts"},
    "no_receipts": {"ko": "아직 이 매장에서 결제한 내역이 없습니다.",
                    "en": "No payments at this shop yet."},
    "receipt": {"ko": "영수증", "en": "Receipt"},
    "refund": {"ko": "환불", "en": "Refund"},
    "sign_out": {"ko": "이 휴대폰 로그아웃", "en": "Sign this phone out"},
    "sign_out_note": {"ko": "다시 쓰려면 계좌 동의를 다시 받아야 합니다.",
                      "en": "To use it again you will consent at the bank again."},
    "signed_out": {"ko": "로그아웃했습니다", "en": "Signed out"},
    "signed_out_text": {"ko": "이 휴대폰은 더 이상 결제 코드를 만들 수 없습니다.",
                        "en": "This phone can no longer make pay codes."},
    "back": {"ko": "돌아가기", "en": "Back"},
    "home": {"ko": "처음으로", "en": "Start"},
    "show_kiosk": {"ko": "키오스크 카메라에 이 화면을 보여 주세요",
                   "en": "Show this screen to the kiosk's camera"},
    "brighten": {"ko": "화면 밝기를 최대로 올려 주세요", "en": "Turn your screen brightness up"},
    "code_used": {"ko": "키오스크가 이 코드를 읽었습니다. "
                        "결과는 키오스크 화면과 결제 내역에서 확인하세요.",
                  "en": "The kiosk has read this code. "
                        "See the kiosk's screen and your receipts for the result."},
    "next_code": {"ko": "다음 결제 코드 보기", "en": "Show the next pay code"},
    "new_code_in": {"ko": "새 코드까지", "en": "New code in"},
    "seconds": {"ko": "초", "en": "s"},
    "offline": {"ko": "연결이 끊겼습니다. 미리 받은 코드를 보여 주는 중입니다.",
                "en": "No connection: showing a code fetched earlier."},
    "codes_gone": {"ko": "코드가 만료되었습니다. 연결을 확인하고 다시 여세요.",
                   "en": "The code has expired: check your connection and open it again."},
    "one_time": {"ko": "한 번만 쓸 수 있는 코드입니다", "en": "A one-time code"},
    "bank_down": {"ko": "은행이 지금 응답하지 않습니다. 잠시 후 새로 고침하세요.",
                  "en": "The bank is not answering right now: refresh in a moment."},
    "status_approved": {"ko": "승인", "en": "Approved"},
    "status_declined": {"ko": "거절", "en": "Declined"},
    "status_unknown": {"ko": "확인 중", "en": "Being checked"},
    "status_sending": {"ko": "처리 중", "en": "In progress"},
    "status_error": {"ko": "오류", "en": "Error"},
    "status_new": {"ko": "대기", "en": "Waiting"},
    "status_partly_refunded": {"ko": "부분 환불", "en": "Partly refunded"},
    "status_refunded": {"ko": "환불", "en": "Refunded"},
    "won": {"ko": "원", "en": " won"},
    # problems, each a page of its own
    "p_none": {"ko": "이 휴대폰은 아직 등록되지 않았습니다",
               "en": "This phone is not registered yet"},
    "p_none_text": {"ko": "계좌를 등록하면 결제 코드를 쓸 수 있습니다.",
                    "en": "Register an account to use pay codes."},
    "p_unknown": {"ko": "로그인 정보를 알 수 없습니다", "en": "This sign-in is not valid"},
    "p_unknown_text": {"ko": "저장된 로그인 정보가 이 지갑에서 발급한 것이 아닙니다. "
                             "계좌를 다시 등록하세요.",
                       "en": "The sign-in this phone holds was not issued by this wallet. "
                             "Register again."},
    "p_expired": {"ko": "로그인이 만료되었습니다", "en": "The sign-in has expired"},
    "p_expired_text": {"ko": "오래 사용하지 않아 만료되었습니다. 계좌를 다시 등록하세요.",
                       "en": "It was not used for a long time. Register again."},
    "p_revoked": {"ko": "이 휴대폰은 로그아웃되었습니다", "en": "This phone was signed out"},
    "p_revoked_text": {"ko": "이 휴대폰 또는 매장에서 로그아웃했습니다. 다시 쓰려면 계좌를 "
                             "다시 등록하세요.",
                       "en": "It was signed out here or by the shop. Register again to use "
                             "it."},
    "p_state": {"ko": "다른 등록 요청의 응답입니다", "en": "This reply is not for this phone"},
    "p_state_text": {"ko": "은행에서 돌아온 응답이 이 휴대폰에서 시작한 등록과 맞지 않아 "
                           "무시했습니다. 등록을 처음부터 다시 하세요.",
                     "en": "The bank's reply does not match a registration started on this "
                           "phone, so it was ignored. Start the registration again."},
    "p_replayed": {"ko": "이미 처리된 등록 응답입니다", "en": "This reply was already used"},
    "p_replayed_text": {"ko": "같은 은행 응답은 한 번만 쓸 수 있습니다. 등록을 처음부터 다시 "
                              "하세요.",
                        "en": "A bank reply can be used once only. Start the registration "
                              "again."},
    "p_enroll_expired": {"ko": "등록 시간이 지났습니다", "en": "The registration timed out"},
    "p_enroll_expired_text": {"ko": "10분 안에 동의해야 합니다. 등록을 처음부터 다시 하세요.",
                             "en": "Consent must be given within 10 minutes. Start again."},
    "p_denied": {"ko": "동의하지 않았습니다", "en": "You did not agree"},
    "p_denied_text": {"ko": "은행 동의 화면에서 동의하지 않아 아무 계좌도 등록하지 "
                            "않았습니다.",
                      "en": "You did not agree on the bank's page, so no account was "
                            "registered."},
    "p_bank": {"ko": "계좌를 등록하지 못했습니다", "en": "The account could not be registered"},
    "p_csrf": {"ko": "요청을 확인할 수 없습니다", "en": "This request could not be checked"},
    "p_csrf_text": {"ko": "페이지가 오래되었거나 다른 곳에서 보낸 요청입니다. 페이지를 다시 "
                          "열고 시도하세요.",
                    "en": "The page was old or the request came from elsewhere. Open the "
                          "page again and retry."},
    "p_busy": {"ko": "요청이 너무 많습니다", "en": "Too many requests"},
    "p_busy_text": {"ko": "잠시 후 다시 시도하세요.", "en": "Wait a minute and try again."},
    "p_missing": {"ko": "찾을 수 없습니다", "en": "Not found"},
    "p_missing_text": {"ko": "이 휴대폰의 계좌나 결제가 아닙니다.",
                       "en": "This is not an account or payment of this phone."},
    "p_no_page": {"ko": "없는 페이지입니다", "en": "There is no such page"},
    "p_no_page_text": {"ko": "주소를 확인하거나 처음 화면에서 다시 시작하세요.",
                       "en": "Check the address, or start again from the first page."},
    "try_again": {"ko": "다시 등록하기", "en": "Register again"},
    # passkeys (wallet/passkey_pages.py)
    "passkeys": {"ko": "패스키", "en": "Passkeys"},
    "passkey_what_title": {"ko": "패스키란?", "en": "What is a passkey?"},
    "passkey_what": {"ko": "패스키는 비밀번호 대신 쓰는 디지털 열쇠입니다. 휴대폰의 지문, 얼굴 "
                           "인식 또는 화면 잠금으로 본인임을 확인하면, 휴대폰 안에 보관된 열쇠가 "
                           "'제가 맞습니다'라는 서명을 보냅니다.",
                     "en": "A passkey is a digital key used instead of a password. When you "
                           "unlock it with your fingerprint, face or screen lock, the key kept "
                           "in your phone signs a 'yes, it is me'."},
    "passkey_safe": {"ko": "지문이나 얼굴 정보는 휴대폰 밖으로 나가지 않습니다. 지갑에는 열쇠의 "
                           "공개용 절반만 저장되므로, 누가 그것을 가져가도 결제할 수 없습니다. "
                           "문자 인증번호를 기다릴 필요도 없습니다.",
                     "en": "Your fingerprint or face never leaves the phone. The wallet keeps "
                           "only the public half of the key, which pays for nothing if someone "
                           "takes it. No text-message codes to wait for."},
    "passkey_use": {"ko": "큰 금액을 결제할 때 매장은 패스키로 금액을 확인해 달라고 요청합니다. "
                          "새 휴대폰에서는 패스키로 바로 로그인할 수 있습니다.",
                    "en": "For larger amounts the shop asks you to confirm the amount with "
                          "your passkey. On a new phone you sign in with it at once."},
    "passkey_add": {"ko": "이 휴대폰에 패스키 등록", "en": "Register a passkey on this phone"},
    "passkey_added": {"ko": "패스키를 등록했습니다", "en": "The passkey is registered"},
    "passkey_none": {"ko": "아직 등록된 패스키가 없습니다.", "en": "No passkey yet."},
    "passkey_invite": {"ko": "등록하면 큰 금액도 이 휴대폰에서 확인하고 결제할 수 있습니다.",
                       "en": "Then you can confirm larger amounts on this phone."},
    "passkey_since": {"ko": "등록", "en": "added"},
    "passkey_last": {"ko": "최근 사용", "en": "last used"},
    "signin_passkey": {"ko": "패스키로 로그인", "en": "Sign in with a passkey"},
    "signin_note": {"ko": "다른 휴대폰에서 이미 패스키를 등록했다면, 계좌 등록 없이 패스키로 "
                          "로그인하세요.",
                    "en": "Registered a passkey on another phone? Sign in with it, no need "
                          "to register the account again."},
    "or": {"ko": "또는", "en": "or"},
    # confirming an amount (wallet/confirm_pages.py)
    "confirm": {"ko": "금액 확인", "en": "Confirm an amount"},
    "confirm_lead": {"ko": "점원이 말한 금액을 입력하고 패스키로 확인하세요. 그 금액에만 쓸 수 "
                           "있는 결제 코드가 만들어집니다.",
                     "en": "Enter the amount the clerk tells you and confirm it with your "
                           "passkey. You get a code that pays that amount only."},
    "shop": {"ko": "매장", "en": "Shop"},
    "amount": {"ko": "금액", "en": "Amount"},
    "from_account": {"ko": "출금 계좌", "en": "From"},
    "confirm_button": {"ko": "패스키로 확인", "en": "Confirm with my passkey"},
    "confirmed_show": {"ko": "확인된 금액의 결제 코드입니다. 키오스크 카메라에 보여 주세요",
                       "en": "Your confirmed code: show it to the kiosk's camera"},
    "valid_for": {"ko": "남은 시간", "en": "Valid for"},
    "need_passkey": {"ko": "금액을 확인하려면 먼저 이 휴대폰에 패스키를 등록하세요.",
                     "en": "To confirm an amount, first register a passkey on this phone."},
    "sale_title": {"ko": "결제 요청", "en": "Payment request"},
    "sale_lead": {"ko": "키오스크가 보낸 결제 요청입니다. 매장과 금액이 맞는지 확인하고 "
                        "패스키로 승인하세요.",
                  "en": "The kiosk asks you to pay. Check the shop and the amount, then "
                        "approve with your passkey."},
    "sale_pay": {"ko": "패스키로 결제 승인", "en": "Approve with my passkey"},
    "sale_waiting": {"ko": "승인을 기다리는 중", "en": "Waiting for your approval"},
    "sale_posted": {"ko": "승인했습니다. 키오스크가 결제하는 중입니다",
                    "en": "Approved: the kiosk is charging it"},
    "sale_approved": {"ko": "결제가 완료되었습니다", "en": "Paid"},
    "sale_declined": {"ko": "결제되지 않았습니다", "en": "Not paid"},
    "sale_unknown": {"ko": "은행에 결과를 확인하는 중입니다", "en": "Being checked with the bank"},
    "sale_closed": {"ko": "결제 요청이 끝났습니다. 청구되지 않았습니다",
                    "en": "The request has ended: nothing was charged"},
    "pk_cancelled": {"ko": "패스키 확인이 취소되었거나 본인 확인에 실패했습니다. 아무것도 "
                           "결제되지 않았습니다.",
                     "en": "The passkey check was cancelled or you were not verified. "
                           "Nothing was paid."},
    "pk_unsupported": {"ko": "이 브라우저는 패스키를 지원하지 않습니다.",
                       "en": "This browser does not support passkeys."},
    "pk_offline": {"ko": "연결이 끊겼습니다. 연결을 확인하고 다시 시도하세요.",
                   "en": "No connection: check it and try again."},
    "p_pk_challenge": {"ko": "확인 요청이 만료되었거나 이미 사용되었습니다. 다시 시도하세요.",
                       "en": "This confirmation expired or was already used. Try again."},
    "p_pk_unknown_key": {"ko": "이 지갑에 등록된 패스키가 아닙니다.",
                         "en": "This passkey is not registered with this wallet."},
    "p_pk_not_verified": {"ko": "지문, 얼굴 또는 화면 잠금으로 본인 확인을 하지 않은 응답이라 "
                                "받지 않았습니다. 아무것도 결제되지 않았습니다.",
                          "en": "You were not verified (fingerprint, face or screen lock), "
                                "so it was refused. Nothing was paid."},
    "p_pk_invalid": {"ko": "패스키 응답을 확인할 수 없습니다.",
                     "en": "The passkey's answer could not be checked."},
    "p_amount": {"ko": "금액을 원 단위 숫자로 입력하세요.", "en": "Enter the amount in won."},
    "p_sale": {"ko": "결제 요청을 열 수 없습니다", "en": "This payment request cannot be opened"},
    "p_sale_closed": {"ko": "이 결제 요청은 끝났습니다. 청구되지 않았습니다. 키오스크에서 다시 "
                            "요청하세요.",
                      "en": "This payment request has ended and nothing was charged. Ask "
                            "the kiosk for a new one."},
    "p_signed_out": {"ko": "로그아웃되었습니다. 다시 로그인하세요.",
                     "en": "You are signed out: sign in again."},
}


def translator(language: str, text: dict[str, dict[str, str]] = TEXT):
    """`t(key)` in `language`; a missing key shows itself, so a gap is seen, not hidden."""
    def t(key: str) -> str:
        return text.get(key, {}).get(language, key)
    return t
