"""The customer's side: a wallet issuer signing one-time payment codes (EdDSA JWS).

Used by `kiosk sim code`, the demo wallet page and the tests. It signs with the throw-away
demo test key that ships in assets/demo; a real issuer keeps its private key to itself.
"""

import base64
import html
import io
import time
from pathlib import Path

import qrcode
import qrcode.image.svg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import assets
from payments.code_signing import sign_code
from payments.masking import mask_fintech
from testbed.demo_data import DEMO_CONTRACT_ACCOUNT, DEMO_SEED, seeded_accounts

DEMO_KEY_FILE = Path(assets.__file__).parent / "demo" / "issuer-test-key.txt"


def demo_issuer_key() -> tuple[str, Ed25519PrivateKey]:
    """(kid, private key) of the demo issuer's published test key."""
    fields = dict(line.split(" = ", 1) for line in DEMO_KEY_FILE.read_text().splitlines()
                  if " = " in line and not line.startswith("#"))
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(fields["private"]))
    return fields["kid"], key


def first_demo_customer_fin() -> str:
    """The fintech number `kiosk sim code` and the demo's customer pay with by default."""
    return seeded_accounts(DEMO_SEED, DEMO_CONTRACT_ACCOUNT)[1].fintech_use_num


def demo_code(fintech_use_num: str | None = None, ttl_s: int = 60) -> str:
    """A fresh one-time code of a demo customer, signed with the demo test key."""
    kid, key = demo_issuer_key()
    return sign_code(key, kid, fintech_use_num or first_demo_customer_fin(), now=time.time(),
                     ttl_s=ttl_s)


REFRESH_S = 30
CODE_TTL_S = 60  # twice the refresh, so the code on screen is always valid


def wallet_page(fintech_use_num: str, holder_name: str, bank_name: str, now: float) -> str:
    """A phone page showing a fresh signed code as a QR, renewed every 30 seconds: lets a
    tester pay the kiosk from a real phone held up to its camera."""
    kid, key = demo_issuer_key()
    code = sign_code(key, kid, fintech_use_num, now=now, ttl_s=CODE_TTL_S)
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    svg = io.BytesIO()
    image.save(svg)
    drawing = svg.getvalue().decode().split("?>", 1)[-1]
    return WALLET_PAGE.format(refresh=REFRESH_S, qr=drawing, name=html.escape(holder_name),
                              bank=html.escape(bank_name),
                              account=mask_fintech(fintech_use_num))


WALLET_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{refresh}">
<title>데모 지갑 · 결제 코드</title>
<style>
 body {{ font-family: sans-serif; margin: 0; background: #f4f6fa; text-align: center; }}
 header {{ background: #1e78c8; color: white; padding: 1rem; font-size: 1.2rem; }}
 .qr {{ background: white; margin: 1.5rem auto; padding: 1rem; width: min(80vw, 22rem); }}
 .qr svg {{ width: 100%; height: auto; }}
 .note {{ color: #555; }}
</style></head><body>
<header>데모 지갑 (testbed)</header>
<p><b>{name}</b> · {bank} {account}</p>
<div class="qr">{qr}</div>
<p class="note">키오스크 카메라에 보여 주세요 · Show this to the kiosk's camera</p>
<p class="note">새 코드까지 <span id="left">{refresh}</span>초</p>
<script>
 let left = {refresh};
 setInterval(() => {{ left = Math.max(0, left - 1);
   document.getElementById("left").textContent = left; }}, 1000);
</script>
</body></html>
"""
