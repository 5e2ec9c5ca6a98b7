"""Open Banking speaks Korea Standard Time in fixed-width digit strings.

Korea has no daylight saving time, so a fixed UTC+9 offset is exact and needs no tz database
(a Raspberry Pi image may not have one).
"""

from datetime import date, datetime, timedelta, timezone

KST = timezone(timedelta(hours=9), "KST")


def now_kst(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, KST)


def tran_dtime(epoch_seconds: float) -> str:
    """`tran_dtime`: YYYYMMDDhhmmss."""
    return now_kst(epoch_seconds).strftime("%Y%m%d%H%M%S")


def bank_date(epoch_seconds: float) -> str:
    """`bank_tran_date` and other dates: YYYYMMDD."""
    return now_kst(epoch_seconds).strftime("%Y%m%d")


def business_date(epoch_seconds: float) -> str:
    """The shop's day a moment belongs to, as the ledger and reports write it: YYYY-MM-DD."""
    return now_kst(epoch_seconds).strftime("%Y-%m-%d")


def business_days(first_day: str, last_day: str) -> list[str]:
    """Every business day (YYYY-MM-DD) from `first_day` to `last_day`, both included."""
    first, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def api_tran_dtm(epoch_seconds: float) -> str:
    """`api_tran_dtm`: YYYYMMDDhhmmssSSS."""
    moment = now_kst(epoch_seconds)
    return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"


def parse_tran_dtime(text: str) -> datetime | None:
    """The moment a `tran_dtime` names, or None when it is not a real date and time."""
    if len(text) != 14 or not text.isascii() or not text.isdigit():
        return None
    return _build(text[0:4], text[4:6], text[6:8], text[8:10], text[10:12], text[12:14])


def parse_date(text: str) -> datetime | None:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    return _build(text[0:4], text[4:6], text[6:8])


def _build(*parts: str) -> datetime | None:
    try:
        return datetime(*map(int, parts), tzinfo=KST)
    except ValueError:
        return None
