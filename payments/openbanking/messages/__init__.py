"""Every request and answer of the Open Banking calls, field by field, grouped as KFTC groups
its API: the customer and their accounts (users), inquiries, and transfers; fields.py holds
the formats and the blocks of fields that several messages share.

Field names, formats and defaults are KFTC's API pages' (docs/testbed.md names the page or
the public client each one comes from); the kiosk's client builds requests from these
classes and the testbed simulator parses requests with them, so the two cannot drift apart.
Amounts are `int` won here and digit strings on the wire.
"""
