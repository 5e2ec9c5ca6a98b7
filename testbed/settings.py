"""What a testbed is set up with: the client it knows, its seed, its registered Callback
URLs. Checked when made, so a testbed never starts with a URL it could not redirect to.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from testbed.demo_data import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_CONTRACT_ACCOUNT,
    DEMO_INSTITUTION_CODE,
    DEMO_REDIRECT_URI,
    DEMO_SEED,
)


@dataclass(frozen=True)
class BankSettings:
    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    institution_code: str = DEMO_INSTITUTION_CODE
    contract_account: str = DEMO_CONTRACT_ACCOUNT
    seed: int = DEMO_SEED
    auto_consent: bool = False
    token_ttl_s: int = 7_776_000  # 90 days, as the real testbed
    code_ttl_s: int = 600
    tran_dtime_window_s: int = 600  # how far a request's tran_dtime may be from the clock
    # The Callback URLs registered for the client_id, as at the real centre's developer
    # site: authorize redirects to one of these, exactly, or to nowhere.
    redirect_uris: tuple[str, ...] = (DEMO_REDIRECT_URI,)

    def __post_init__(self) -> None:
        for uri in self.redirect_uris:
            problem = registrable_redirect_uri(uri)
            if problem:
                raise ValueError(f"redirect URI {uri!r}: {problem}")


def registrable_redirect_uri(uri: str) -> str:
    """What keeps `uri` from being registered ("" when nothing): an http(s) URL with a host,
    no fragment, and nothing a header or a page could be broken with."""
    if any(ord(c) < 0x21 or c in '<>"\\^`{|}' or ord(c) >= 0x7f for c in uri):
        return "must be a plain URL: no spaces, control characters or quotes"
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
        return "must be an http(s) URL with a host and no #fragment"
    return ""
