"""The customer's wallet: a small web app for the customer's phone.

The customer enrolls once through the bank's consent page, and the phone is remembered by a
revocable device session; from then on it shows the accounts, their balances and history, a
rotating one-time payment QR signed with the wallet's own issuer key, and the receipts of
payments made with it. It imports `payments`; nothing in `payments` imports it.
"""
