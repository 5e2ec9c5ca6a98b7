"""Logs go to the data directory and never show more than a masked fintech number."""

import logging
import logging.handlers
import re
import stat
import time

from kiosk.logs import setup_logging

FINTECH = "120295815923150192272959"


def test_a_log_line_masks_what_slipped_in(tmp_path):
    log_file = setup_logging(tmp_path)
    try:
        logging.getLogger("test").info("paid from %s with Bearer %s", FINTECH, "tok-123")
        try:
            raise ValueError(f"bad account {FINTECH}")
        except ValueError:
            logging.getLogger("test").exception("failed")
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert FINTECH not in text and "tok-123" not in text
    assert "120******************959" in text
    assert text.count("INFO") == 1 and "ValueError" in text


def test_under_systemd_the_journal_gets_info_without_a_second_timestamp(tmp_path, monkeypatch,
                                                                        capsys):
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    setup_logging(tmp_path)
    logging.getLogger("kiosk.test").info("ready; account %s", FINTECH)
    logged = capsys.readouterr().err
    assert logged == "INFO    kiosk.test: ready; account 120******************959\n"


def test_the_log_files_are_the_kiosk_users_alone(tmp_path):
    """Before: kiosk.log (who paid when) was created 0644, readable by every user."""
    log_file = setup_logging(tmp_path)
    handler = next(h for h in logging.getLogger().handlers
                   if isinstance(h, logging.handlers.RotatingFileHandler))
    try:
        logging.getLogger("test").info("first file")
        handler.doRollover()
        logging.getLogger("test").info("after rotation")
        handler.flush()
    finally:
        handler.close()
        logging.getLogger().removeHandler(handler)
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    for path in (log_file, log_file.with_name("kiosk.log.1")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_log_times_carry_their_offset_from_utc(tmp_path, monkeypatch):
    """Receipts and business days are Korea time; a log line says which zone it is in."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    log_file = setup_logging(tmp_path)
    try:
        logging.getLogger("test").info("opened")
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
        monkeypatch.undo()
        time.tzset()
    line = log_file.read_text(encoding="utf-8").splitlines()[-1]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 INFO", line), line
