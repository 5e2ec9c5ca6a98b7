"""Ports and adapters for the kiosk's devices: camera, QR decoding, NFC, receipt printers."""
