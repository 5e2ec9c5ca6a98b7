"""The web services' one way to serve an app: `kiosk server` and `kiosk wallet`."""

import signal
import sys

import uvicorn


def serve(app, host: str, port: int) -> None:
    """Serve until Ctrl-C or SIGTERM, then return, so the caller's `finally` closes its books.

    uvicorn stops on SIGTERM and then raises the signal again, which would end the process
    before any `finally` ran: here it is an exit instead. There is no access log, because the
    bank's redirect carries an authorization code in its URL."""
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=None,
                proxy_headers=True, server_header=False)
