"""The web services' one way to serve an app: `kiosk server` and `kiosk wallet`."""

import contextlib
import signal
import socket
import sys

import uvicorn


class CannotListen(Exception):
    """The port is taken or not ours to take: the one line the command says."""


def listening(host: str, port: int) -> socket.socket:
    """The socket the app will serve on, bound before anything else starts: a port in use
    (a second wallet or server, say) is one line and exit 1, where uvicorn alone logged its
    error and exited 3 after the command had said where it serves."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    on = socket.socket(family, socket.SOCK_STREAM)
    on.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
    try:
        on.bind((host, port))
        on.listen(2048)
    except socket.gaierror as exc:  # a --host that is no name or address this machine knows
        on.close()
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    except OSError as exc:
        on.close()
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror}; is it running "
                           "already? choose another --port") from None
    return on


def serve(app, on: socket.socket) -> None:
    """Serve until Ctrl-C or SIGTERM, then return, so the caller's `finally` closes its books.

    uvicorn stops on SIGTERM and then raises the signal again, which would end the process
    before any `finally` ran: here it is an exit instead. There is no access log, because the
    bank's redirect carries an authorization code in its URL."""
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(0))
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, log_config=None,
                                           proxy_headers=True, server_header=False))
    # Ctrl-C is raised again once uvicorn has stopped: done, as on SIGTERM.
    with on, contextlib.suppress(KeyboardInterrupt):
        server.run([on])
