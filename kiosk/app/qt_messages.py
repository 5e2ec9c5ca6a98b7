"""Qt's own warnings, less one that says nothing to a user.

Qt's offscreen platform (every headless run, the tests, the demo over ssh) warns "This plugin
does not support propagateSizeHints()" whenever a window is shown: the platform has no window
manager to tell a size to, which is the point of it. The warning has no category of its own,
so QT_LOGGING_RULES could only hide it with every other uncategorised warning; this handler
drops that one message and passes every other one on: to the handler it replaced (pytest-qt's
in the tests), or to standard error as Qt writes it, honouring QT_MESSAGE_PATTERN.
"""

import sys
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler

NOISE = frozenset({"This plugin does not support propagateSizeHints()"})

Handler = Callable[[QtMsgType, QMessageLogContext, str], None]
_passed_on_to: Handler | None = None


def quiet_platform_noise() -> None:
    """Put the filter in front of Qt's message handler; again is harmless."""
    global _passed_on_to
    previous = qInstallMessageHandler(_handle)
    if previous is not _handle:
        _passed_on_to = previous


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message in NOISE:
        return
    if _passed_on_to is not None:
        _passed_on_to(kind, context, message)
    else:
        print(qFormatLogMessage(kind, context, message), file=sys.stderr, flush=True)
