"""NFC: the nfcpy reader adapter, and emulated tags and phones over nfcpy's udp driver."""
