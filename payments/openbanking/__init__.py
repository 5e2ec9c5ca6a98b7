"""The KFTC Open Banking API: typed messages, the client, and what each answer means."""
