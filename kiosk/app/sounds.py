"""Short sounds for scanned, approved and declined (assets/sounds, made by make_sounds.py).

A kiosk without speakers or an audio server stays silent rather than failing.
"""

import logging
from importlib import resources

from PySide6.QtCore import QObject, QUrl

log = logging.getLogger(__name__)
NAMES = ("scanned", "approved", "declined")


class Sounds(QObject):
    def __init__(self, enabled: bool = True) -> None:
        super().__init__()
        self._effects = {}
        if not enabled:
            return
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # Qt built without multimedia: silence
            log.info("no Qt multimedia: sounds are off")
            return
        for name in NAMES:
            effect = QSoundEffect(self)
            with resources.as_file(resources.files("assets") / "sounds" / f"{name}.wav") as path:
                effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[name] = effect

    def play(self, name: str) -> None:
        effect = self._effects.get(name)
        if effect is not None:
            effect.play()
