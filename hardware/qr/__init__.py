"""QR codes: rendering them as a phone shows them, and finding them in camera frames."""
