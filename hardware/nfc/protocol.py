"""What a payment tap carries (docs/customer-codes.md), shared by the reader and the emulators."""

PAYMENT_AID = bytes.fromhex("F04B50415901")
# The two commands a reader sends a phone, as CLA INS P1 P2: SELECT the payment application
# by its name (the AID), then GET DATA for its code.
SELECT = bytes.fromhex("00A40400")
GET_DATA = bytes.fromhex("80CA0000")
OK = b"\x90\x00"
NOT_FOUND = b"\x6a\x82"  # no such application
NOT_SELECTED = b"\x69\x85"  # conditions of use not satisfied

CARRIERS = ("ndef-text", "ndef-uri", "iso-dep")
