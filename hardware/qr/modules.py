"""A code's modules, the one drawing of a QR code every other starts from: the phone's screen
(render.py) and the paper receipt (hardware/printer/raster.py). Apart from render.py so that
printing a receipt needs no OpenCV."""

import numpy as np
import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4


def qr_modules(text: str) -> np.ndarray:
    """The code's modules, True for dark, with the 4-module quiet zone around them."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(text)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)
