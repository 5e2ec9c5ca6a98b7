"""What a payment tap carries (docs/customer-codes.md), shared by the reader and the emulators."""

PAYMENT_AID = bytes.fromhex("F04B50415901")
SELECT_PAYMENT = bytes.fromhex("00A4040006") + PAYMENT_AID + b"\x00"
GET_DATA = bytes.fromhex("80CA000000")
OK = b"\x90\x00"
NOT_FOUND = b"\x6a\x82"  # no such application
NOT_SELECTED = b"\x69\x85"  # conditions of use not satisfied

CARRIERS = ("ndef-text", "ndef-uri", "iso-dep")
