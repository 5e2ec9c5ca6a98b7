"""Money, payment codes, the Open Banking client, the ledger and the testbed simulator.

Nothing here imports Qt, `kiosk` or `hardware`: the money logic runs, is tested and is
benchmarked without a screen.
"""
