"""Korean by default, English one tap away, through Qt's own translations.

Strings in the code are Korean (`self.tr("결제")`); assets/translations/kiosk_en.ts holds
their English (edit it in Qt Linguist, compile it with `pyside6-lrelease` to the .qm beside
it). Switching installs or removes the translator; Qt then sends every widget a
LanguageChange event and each screen sets its texts again.
"""

from importlib import resources

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal


class Language(QObject):
    changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.code = "ko"
        self._english = QTranslator()
        with resources.as_file(resources.files("assets") / "translations" / "kiosk_en.qm") as qm:
            if not self._english.load(str(qm)):
                raise RuntimeError(f"cannot load the English translation {qm}")

    def set(self, code: str) -> None:
        if code == self.code:
            return
        app = QCoreApplication.instance()
        if code == "en":
            app.installTranslator(self._english)
        else:
            app.removeTranslator(self._english)
        self.code = code
        self.changed.emit(code)


def won(amount: int) -> str:
    """An amount as the customer reads it: 15,800원, or ₩15,800 in English; a refund's minus
    goes before it all (-₩1,000, not ₩-1,000)."""
    text = QCoreApplication.translate("Money", "{amount}원").format(amount=f"{abs(amount):,}")
    return f"-{text}" if amount < 0 else text
