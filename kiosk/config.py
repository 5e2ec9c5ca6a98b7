"""The kiosk's configuration: a TOML file checked against one typed schema at start.

A mistake stops the program with one line that names the file, the key and what is wrong,
before any device or the bank is touched. Secrets are never in this file's values: the
client secret comes from `client_secret_file` or `$KIOSK_CLIENT_SECRET`.
"""

import dataclasses
import os
import re
import tomllib
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import assets
from hardware.device_spec import DeviceError, DeviceSpec, no_device, parse_device
from payments.issuer_keys import IssuerKeyError, parse_issuer_key
from payments.masking import Secret
from payments.money import MAX_SALE_WON
from payments.passwords import ITERATIONS_MAX, ITERATIONS_MIN

MAX_DAY_WON = 999_999_999_999  # the largest amount Open Banking's N(12) fields carry

DEMO_CONFIG = Path(assets.__file__).parent / "demo" / "kiosk.toml"
DEMO_SOURCE = "built-in demo configuration"


class ConfigError(Exception):
    """A configuration that cannot be used; the message is the one line the user sees."""


def _rule(predicate: Any, problem: str) -> dict:
    return {"check": (predicate, problem)}


def _explained(problem_of: Any) -> dict:
    """A check that says itself what is wrong: `problem_of(value)` is "" when nothing is."""
    return {"explain": problem_of}


def _between(low: float, high: float, unit: str = "") -> dict:
    """A number above `low` and at most `high`: a setting beyond sense (a deadline of
    `inf`, a NaN, a timeout of a year) is a typo that would hang the kiosk, not a choice."""
    return _rule(lambda v: low < v <= high, f"must be above {low:,} and at most {high:,}{unit}")


def _issuer_key_problem(keys: dict[str, str]) -> str:
    for kid, text in keys.items():
        try:
            parse_issuer_key(text)
        except IssuerKeyError as problem:
            return f"the key of {kid!r} {problem}: ask the code issuer for its public key"
    return ""


def _pin_hash_problem(text: str) -> str:
    if text == "":
        return ""
    if not re.fullmatch(r"pbkdf2-sha256\$\d{1,12}\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+", text):
        return "must be what `kiosk clerk-pin` prints"
    if not ITERATIONS_MIN <= int(text.split("$")[1]) <= ITERATIONS_MAX:
        return (f"must have {ITERATIONS_MIN:,} to {ITERATIONS_MAX:,} iterations (a "
                "cheaper hash is guessed offline, a dearer one stalls the kiosk): make it "
                "again with `kiosk clerk-pin`")
    return ""


@dataclass(frozen=True)
class MerchantSection:
    name: str
    business_number: str = field(default="", metadata=_rule(
        lambda v: v == "" or re.fullmatch(r"\d{3}-\d{2}-\d{5}", v), "must look like 000-00-00000"))
    address: str = ""
    phone: str = ""
    representative: str = ""  # 대표자, printed on every receipt as Korean receipts carry it


@dataclass(frozen=True)
class OpenBankingSection:
    client_id: str
    institution_code: str = field(metadata=_rule(
        lambda v: re.fullmatch(r"[A-Z0-9]{10}", v), "must be 10 upper-case letters and digits"))
    contract_account_num: str = field(metadata=_rule(
        lambda v: re.fullmatch(r"\d{1,16}", v), "must be 1 to 16 digits, no dashes"))
    contract_bank_code: str = field(metadata=_rule(
        lambda v: re.fullmatch(r"\d{3}", v), "must be the 3-digit code of the account's bank"))
    base_url: str = field(default="", metadata=_rule(
        lambda v: v == "" or re.fullmatch(r"https?://[^\s/]+(/\S*)?", v),
        "must be an http(s) URL such as https://testapi.openbanking.or.kr"))
    client_secret_file: str = ""
    # Seals customers' tokens in the ledger (payments/sealing.py); beside this file, never
    # in the data directory, so that neither the ledger nor its backups carry it.
    sealing_key_file: str = "ledger.key"
    redirect_uri: str = field(default="http://localhost:8765/callback", metadata=_rule(
        lambda v: re.fullmatch(r"https?://[^\s/]+(/\S*)?", v), "must be an http(s) URL"))
    timeout_s: float = field(default=10.0, metadata=_between(0, 120, " s"))
    connect_timeout_s: float = field(default=5.0, metadata=_between(0, 60, " s"))
    # "K01" was the first installer's template value, on every kiosk alike: their
    # bank_tran_ids collide, and the bank refuses one kiosk's charges as duplicates.
    terminal_id: str = field(default="", metadata=_rule(
        lambda v: v == "" or (re.fullmatch(r"[0-9A-Z]{3}", v) and v != "K01"),
        "must be 3 upper-case letters or digits that no other kiosk of this institution "
        "uses (K01 was the old template's, shared by every kiosk: choose another)"))


@dataclass(frozen=True)
class PaymentsSection:
    accept_static_codes: bool = False
    issuer_public_keys: dict[str, str] = field(default_factory=dict,
                                               metadata=_explained(_issuer_key_problem))
    max_per_payment: int = field(default=1_000_000, metadata=_between(0, MAX_SALE_WON, " won"))
    max_per_payer_per_day: int = field(default=2_000_000,
                                       metadata=_between(0, MAX_DAY_WON, " won"))
    max_per_day: int = field(default=50_000_000, metadata=_between(0, MAX_DAY_WON, " won"))
    # Above this many won the customer confirms the amount on the phone (a passkey in the
    # wallet); 0 is off.
    confirm_above: int = field(default=0, metadata=_rule(
        lambda v: 0 <= v <= MAX_SALE_WON, f"must be 0 (off) to {MAX_SALE_WON:,} won"))
    result_deadline_s: float = field(default=45.0, metadata=_between(0, 600, " s"))
    result_poll_s: float = field(default=3.0, metadata=_between(0, 60, " s"))
    # How long after sending a "no such transfer" from the bank is still inconclusive.
    result_not_found_after_s: float = field(default=15.0,
                                            metadata=_between(0, 600, " s"))


@dataclass(frozen=True)
class DevicesSection:
    # Device strings, parsed into DeviceSpecs as the file is loaded (hardware/device_spec).
    camera: DeviceSpec = field(default=no_device("camera"), metadata={"device": "camera"})
    camera_width: int = field(default=640, metadata=_between(0, 8192))
    camera_height: int = field(default=480, metadata=_between(0, 8192))
    camera_fps: int = field(default=30, metadata=_between(0, 240))
    camera_mjpg: bool = True
    decoder: Literal["auto", "zxing", "pyzbar"] = "auto"
    nfc: DeviceSpec = field(default=no_device("nfc"), metadata={"device": "nfc"})
    printer: DeviceSpec = field(default=no_device("printer"), metadata={"device": "printer"})
    paper_width_mm: Literal[58, 80] = 80
    printer_korean: Literal["raster", "cp949"] = "raster"


@dataclass(frozen=True)
class KioskSection:
    """The screen's own settings."""

    catalogue: str = ""  # a TOML file of items; "" is the bundled one (assets/catalogue.toml)
    language: Literal["ko", "en"] = "ko"
    # Refunds and settings ask for the clerk's PIN; `kiosk clerk-pin` makes this line.
    clerk_pin_hash: str = field(default="", metadata=_explained(_pin_hash_problem))
    auto_print: bool = True  # print the receipt by itself when a payment ends
    pay_timeout_s: float = field(default=60.0, metadata=_between(0, 3600, " s"))


def public_url_problem(url: str) -> str:
    if url == "" or url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        return ""
    return ("must be https:// (phones keep their sign-in only over https), or "
            "http://localhost for a wallet on this machine")


@dataclass(frozen=True)
class WalletSection:
    """Where customers' phones reach the wallet (`kiosk wallet`): the enroll screen's QR and
    the receipt's QR open it. "" when the shop runs no wallet."""

    public_url: str = field(default="", metadata=_explained(public_url_problem))


def server_url_problem(url: str) -> str:
    if url == "" or url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        return ""
    return ("must be https:// (a terminal's requests cross the shop's network), or "
            "http://localhost for a server on this machine")


@dataclass(frozen=True)
class ServerSection:
    """A kiosk that is a terminal of a chain's server (`kiosk server`): it charges through
    the server with its own key and holds no bank secret. "" for a kiosk on its own."""

    url: str = field(default="", metadata=_explained(server_url_problem))
    # The terminal's Ed25519 key (`kiosk terminal key` makes it, 0600); relative names are
    # in the data directory. Default: terminal.key there.
    key_file: str = ""
    # On the chain's server: the owner's page password, as a hash in a 0600 file
    # (deploy/server/install.sh makes it). With none, the owner's page is closed.
    owner_password_file: str = ""


@dataclass(frozen=True)
class Config:
    """The configuration file, a *Section class for each of its tables."""

    merchant: MerchantSection
    openbanking: OpenBankingSection
    payments: PaymentsSection = field(default_factory=PaymentsSection)
    devices: DevicesSection = field(default_factory=DevicesSection)
    kiosk: KioskSection = field(default_factory=KioskSection)
    wallet: WalletSection = field(default_factory=WalletSection)
    server: ServerSection = field(default_factory=ServerSection)
    data_dir: str = ""

    source: str = field(default="", metadata={"internal": True})  # the file it came from


def find_config_file(explicit: str | None) -> Path | None:
    """`--config`, `$KIOSK_CONFIG`, then the user's and the system's file; None: none exists."""
    if explicit:
        return Path(explicit)
    if os.environ.get("KIOSK_CONFIG"):
        return Path(os.environ["KIOSK_CONFIG"])
    for candidate in (Path.home() / ".config" / "kiosk" / "kiosk.toml",
                      Path("/etc/kiosk/kiosk.toml")):
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path) -> Config:
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a kiosk configuration: its tables or lists are nested "
                          "far too deep") from None
    config = _build(Config, table, "", path)
    return dataclasses.replace(config, source=str(path))


def load_demo_config() -> Config:
    return dataclasses.replace(load_config(DEMO_CONFIG), source=DEMO_SOURCE)


def client_secret(config: Config) -> Secret:
    """The Open Banking client secret: `$KIOSK_CLIENT_SECRET`, else `client_secret_file`."""
    from_env = os.environ.get("KIOSK_CLIENT_SECRET", "").strip()
    if from_env:
        return Secret(from_env)
    name = config.openbanking.client_secret_file
    where = f"{config.source}: openbanking.client_secret_file"
    if not name:
        raise ConfigError(f"{config.source}: openbanking.client_secret_file: missing, and "
                          "$KIOSK_CLIENT_SECRET is not set: give the client secret one way")
    beside = DEMO_CONFIG.parent if config.source == DEMO_SOURCE else Path(config.source).parent
    path = beside / name  # a relative name is beside its configuration file
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read {path}: {exc.strerror}") from None
    if not secret:
        raise ConfigError(f"{where}: {path} is empty")
    return Secret(secret)


def sealing_key_path(config: Config) -> Path:
    """Where the key that seals the ledger's tokens is: `sealing_key_file` beside the
    configuration file; for the built-in demo, in the user's configuration directory."""
    name = Path(config.openbanking.sealing_key_file).expanduser()
    if config.source == DEMO_SOURCE:
        home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        return home / "kiosk" / f"demo-{name.name}"
    return Path(config.source).parent / name


# ------------------------------------------------------------------ the schema walker


@cache
def _schema(cls: type) -> tuple[tuple[dataclasses.Field, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f, hints[f.name]) for f in dataclasses.fields(cls)
                 if not f.metadata.get("internal"))


def _build(cls: type, table: dict, prefix: str, path: Path) -> Any:
    schema = _schema(cls)
    known = {f.name for f, _ in schema}
    for key in table:
        if key not in known:
            hint = f"; known keys: {', '.join(sorted(known))}"
            raise ConfigError(f"{path}: {prefix}{key}: unknown key{hint}")
    values = {}
    for f, hint in schema:
        key = f"{prefix}{f.name}"
        if f.name not in table:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ConfigError(f"{path}: {key}: missing, and it has no default")
            continue
        values[f.name] = _value(table[f.name], hint, key, path)
        if "device" in f.metadata:
            try:
                values[f.name] = parse_device(values[f.name], f.metadata["device"])
            except DeviceError as problem:
                raise ConfigError(f"{path}: {key}: {problem}") from None
        check = f.metadata.get("check")
        if check and not check[0](values[f.name]):
            raise ConfigError(f"{path}: {key}: {values[f.name]!r} {check[1]}")
        explain = f.metadata.get("explain")
        problem = explain(values[f.name]) if explain else ""
        if problem:
            raise ConfigError(f"{path}: {key}: {problem}")
    return cls(**values)


def _value(raw: Any, hint: Any, key: str, path: Path) -> Any:
    def wrong(expected: str) -> ConfigError:
        return ConfigError(f"{path}: {key}: expected {expected}, got {_describe(raw)}")

    if hint is DeviceSpec:  # a device string: _build parses it
        if not isinstance(raw, str):
            raise wrong("a string")
        return raw
    if dataclasses.is_dataclass(hint):
        if not isinstance(raw, dict):
            raise wrong(f"a [{key}] table")
        return _build(hint, raw, f"{key}.", path)
    if typing.get_origin(hint) is Literal:
        choices = typing.get_args(hint)
        if raw not in choices or isinstance(raw, bool):
            raise wrong("one of " + ", ".join(repr(c) for c in choices))
        return raw
    if typing.get_origin(hint) is dict:
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise wrong("a table of strings")
        return dict(raw)
    if hint is bool:
        if not isinstance(raw, bool):
            raise wrong("true or false")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise wrong("a whole number")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise wrong("a number")
        return float(raw)
    if hint is str:
        if not isinstance(raw, str):
            raise wrong("a string")
        return raw
    raise TypeError(f"no config type {hint}")  # a schema bug


def _describe(raw: Any) -> str:
    if isinstance(raw, dict):
        return "a table"
    if isinstance(raw, list):
        return "a list"
    return f"{type(raw).__name__} {raw!r}"[:60]
