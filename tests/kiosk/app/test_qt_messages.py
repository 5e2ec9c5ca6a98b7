"""Qt's messages: the offscreen platform's size-hint warning is dropped, nothing else is."""

from PySide6.QtCore import qWarning

from kiosk.app.qt_messages import quiet_platform_noise


def test_the_size_hint_warning_is_dropped_and_every_other_message_passed_on(qtlog):
    quiet_platform_noise()
    quiet_platform_noise()  # again, as every new application does: still one filter
    qWarning("This plugin does not support propagateSizeHints()")
    qWarning("QPainter::begin: Paint device returned engine == 0")
    qWarning("This plugin does not support propagateSizeHints() and more")
    assert [record.message for record in qtlog.records] == [
        "QPainter::begin: Paint device returned engine == 0",
        "This plugin does not support propagateSizeHints() and more"]
