"""Passkeys: the customer's phone proves it is them, with its fingerprint, face or screen lock.

Three uses, each answering a one-time challenge the wallet made and keeps (the store): used
at most once, within five minutes, for the one subject it was made for.
- Register: a signed-in phone adds a passkey for its customer. It is discoverable, so a new
  phone the passkey is synced to (or a security key) can find it.
- Sign in: a new phone signs in as the customer whose passkey answered; no password.
- Confirm: a signed-in phone confirms one amount for one account, or one sale a kiosk
  showed. The challenge carries a hash of what is confirmed, so the authenticator's
  signature covers the amount, not only the wallet's record of it.

Every answer is verified here with py_webauthn against the passkey's stored public key, user
verification required: an assertion with its UV flag off is refused, whatever the page asked
the phone for.
"""

import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from payments.signing_keys import b64url, unb64url
from wallet.store import Device, Passkey, WalletStore

CHALLENGE_LIFETIME_S = 300
_USER_VERIFIED = 0x04  # the UV bit of the authenticator data's flags (WebAuthn §6.1)
_REQUIRED = UserVerificationRequirement.REQUIRED


class PasskeyProblem(Exception):
    """An answer the wallet will not take; `kind` picks the words the page shows."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "challenge" | "unknown_key" | "not_verified" | "invalid"


@dataclass(frozen=True)
class RelyingParty:
    """Who the passkeys are for: the wallet's host name and the origin phones see."""

    id: str
    origin: str
    name: str


class Passkeys:
    def __init__(self, store: WalletStore, party: RelyingParty, user_key: bytes,
                 clock: Callable[[], float]) -> None:
        self._store, self._party, self._clock = store, party, clock
        self._user_key = user_key  # turns a customer into an opaque WebAuthn user handle

    def of(self, device: Device) -> list[Passkey]:
        return self._store.passkeys(device.user_seq_no)

    # ------------------------------------------------------------ register

    def registration_options(self, device: Device, display_name: str) -> str:
        user_id = hmac.new(self._user_key, device.user_seq_no.encode(), "sha256").digest()[:16]
        options = generate_registration_options(
            rp_id=self._party.id, rp_name=self._party.name, user_id=user_id,
            user_name=display_name, user_display_name=display_name,
            challenge=self._challenge(f"register:{device.id}"),
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED, user_verification=_REQUIRED),
            exclude_credentials=[PublicKeyCredentialDescriptor(id=unb64url(p.credential_id))
                                 for p in self.of(device)])
        return options_to_json(options)

    def register(self, device: Device, credential: dict, label: str) -> Passkey:
        challenge = self._use(credential, f"register:{device.id}")
        try:
            verified = verify_registration_response(
                credential=credential, expected_challenge=challenge,
                expected_rp_id=self._party.id, expected_origin=self._party.origin,
                require_user_verification=True)
        except WebAuthnException:
            raise PasskeyProblem("invalid") from None
        passkey = Passkey(b64url(verified.credential_id), device.user_seq_no,
                          verified.credential_public_key, verified.sign_count, label,
                          self._clock(), None)
        self._store.add_passkey(passkey)
        return passkey

    # ------------------------------------------------------------ sign in, confirm

    def sign_in_options(self) -> str:
        return options_to_json(generate_authentication_options(
            rp_id=self._party.id, challenge=self._challenge("sign-in"),
            user_verification=_REQUIRED))

    def sign_in(self, credential: dict) -> str:
        """The customer (user_seq_no) whose passkey answered."""
        return self._verify(credential, "sign-in", None).user_seq_no

    def confirm_options(self, device: Device, what: str) -> str:
        """Options to confirm `what` (an amount for an account, or a sale), for this
        customer's passkeys only."""
        return options_to_json(generate_authentication_options(
            rp_id=self._party.id, challenge=self._challenge(f"confirm:{device.id}:{what}"),
            allow_credentials=[PublicKeyCredentialDescriptor(id=unb64url(p.credential_id))
                               for p in self.of(device)],
            user_verification=_REQUIRED))

    def confirm(self, device: Device, what: str, credential: dict) -> None:
        """Returns only when this customer, verified by the phone, confirmed `what`."""
        self._verify(credential, f"confirm:{device.id}:{what}", device.user_seq_no)

    # ------------------------------------------------------------ plumbing

    def _challenge(self, subject: str) -> bytes:
        challenge = secrets.token_bytes(16) + hashlib.sha256(subject.encode()).digest()
        self._store.begin_challenge(b64url(challenge), subject, self._clock())
        return challenge

    def _use(self, credential: dict, subject: str) -> bytes:
        """The challenge the browser answered, once, if it was made for `subject`."""
        try:
            client_data = json.loads(unb64url(credential["response"]["clientDataJSON"]))
            challenge = unb64url(client_data["challenge"])
        except (KeyError, TypeError, AttributeError, ValueError, binascii.Error):
            raise PasskeyProblem("invalid") from None
        if not self._store.use_challenge(b64url(challenge), subject, self._clock(),
                                         CHALLENGE_LIFETIME_S):
            raise PasskeyProblem("challenge")
        return challenge

    def _verify(self, credential: dict, subject: str, user_seq_no: str | None) -> Passkey:
        challenge = self._use(credential, subject)
        passkey = self._store.passkey(str(credential.get("id", "")))
        if passkey is None or (user_seq_no is not None and passkey.user_seq_no != user_seq_no):
            raise PasskeyProblem("unknown_key")
        try:
            flags = unb64url(credential["response"]["authenticatorData"])[32]
        except (KeyError, TypeError, AttributeError, ValueError, IndexError,
                binascii.Error):
            raise PasskeyProblem("invalid") from None
        if not flags & _USER_VERIFIED:
            raise PasskeyProblem("not_verified")
        try:
            verified = verify_authentication_response(
                credential=credential, expected_challenge=challenge,
                expected_rp_id=self._party.id, expected_origin=self._party.origin,
                credential_public_key=passkey.public_key,
                credential_current_sign_count=passkey.sign_count,
                require_user_verification=True)
        except WebAuthnException:
            raise PasskeyProblem("invalid") from None
        self._store.used_passkey(passkey.credential_id, verified.new_sign_count, self._clock())
        return passkey
