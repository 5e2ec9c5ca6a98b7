"""Logging: one format, to a rotating file in the data directory and to standard error.
Under systemd ($JOURNAL_STREAM) standard error is the journal, so it gets everything from
INFO up, without the timestamp journald adds itself.

Every record passes `redact` on its way out, so a fintech number or a token that slipped
into a message (or into a library's log line, such as httpx's request URLs) is masked.

Times are the machine's own clock zone, written with their UTC offset
(2026-11-21T23:10:05.123+09:00): receipts, business days and reports are always Korea
time, and a log read beside them on a machine set to UTC must not look nine hours off.
"""

import logging
import logging.handlers
import os
from datetime import datetime
from pathlib import Path

from payments.masking import redact

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
JOURNAL_FORMAT = "%(levelname)-7s %(name)s: %(message)s"


class PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """The log file, and each one rotation starts, made 0600: the log says who paid when."""

    def _open(self):  # the stdlib's hook, so rotation makes its files 0600 too
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


class OffsetFormatter(logging.Formatter):
    """ISO 8601 times with the offset from UTC, to the millisecond."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created).astimezone().isoformat(
            timespec="milliseconds")


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.msg, record.args = redact(message), None
        return True


def setup_logging(data_dir: Path, verbose: bool = False) -> Path:
    """Send the kiosk's logs to `data_dir/logs/kiosk.log` (everything from INFO up) and to
    the console (warnings; the journal gets INFO; everything with `verbose`); returns the
    file."""
    log_dir = data_dir / "logs"
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    log_file = log_dir / "kiosk.log"
    formatter = OffsetFormatter(FORMAT)
    redacting = RedactingFilter()
    to_file = PrivateFileHandler(log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    to_console = logging.StreamHandler()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    journal = bool(os.environ.get("JOURNAL_STREAM"))
    to_console.setLevel(logging.DEBUG if verbose else logging.INFO if journal else
                        logging.WARNING)
    to_file.setFormatter(formatter)
    to_console.setFormatter(logging.Formatter(JOURNAL_FORMAT) if journal else formatter)
    for handler in (to_file, to_console):
        handler.addFilter(redacting)
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return log_file
