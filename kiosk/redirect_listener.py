"""The listener for the OAuth redirect that ends a customer's consent.

It listens on the configured redirect URI's port and waits for the one request that carries
this consent's `state`: that request is answered with a short page and its query handed back
(to `wait`, or to `on_redirect` as it comes). Anything else — another path, a forged or stale
`state`, an idle connection — is answered or dropped and the listener keeps waiting, so a
stranger can neither end a customer's consent nor hold the port.

Each connection has a thread of its own and a socket timeout, and `close` never waits for
them, so neither the bank worker nor the screen can be held up from the network. A localhost
redirect URI is heard on loopback only; any other host must be one of this kiosk's own
addresses on the shop's network (where the customer's phone comes back to), and only that
address is listened on, never every interface.
"""

import html
import socket
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PAGE = ("<!doctype html><html lang='ko'><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>{title}</title><body style='font-family:sans-serif;text-align:center;"
        "padding-top:3rem'><h1>{title}</h1><p>{text}</p></body></html>")
LOOPBACK = ("localhost", "127.0.0.1", "::1")
REQUEST_TIMEOUT_S = 10.0  # a connection that sends nothing this long is dropped


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # close() does not wait for a stranger's idle connection
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class RedirectListener:
    def __init__(self, redirect_uri: str, state: str,
                 on_redirect: Callable[[dict[str, str]], None] | None = None) -> None:
        parts = urlsplit(redirect_uri)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"redirect_uri {redirect_uri} must be http://HOST:PORT/... for "
                             "the kiosk to receive it itself (https ends at a web server, not "
                             "here)")
        self.path = parts.path or "/"
        self.query: dict[str, str] | None = None
        self._state = state
        self._done = threading.Event()
        self._claim = threading.Lock()
        self._on_redirect = on_redirect
        listener = self

        class Handler(BaseHTTPRequestHandler):
            timeout = REQUEST_TIMEOUT_S

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != listener.path:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if query.get("state") != listener._state or not listener._take(query):
                    self._page(HTTPStatus.BAD_REQUEST, "이 요청은 처리할 수 없습니다",
                               "진행 중인 등록의 응답이 아닙니다. "
                               "This is not the registration under way.")
                    return
                ok = "code" in query
                self._page(HTTPStatus.OK,
                           "등록이 완료되었습니다" if ok else "등록하지 못했습니다",
                           "키오스크 화면을 확인하세요. This window can be closed." if ok
                           else "키오스크에서 다시 시도하세요. Please try again at the kiosk.")
                listener._deliver(query)

            def _page(self, status: HTTPStatus, title: str, text: str) -> None:
                data = PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        address = _listen_address(parts.hostname)
        server_class = _Server6 if ":" in address else _Server
        self._server = server_class((address, parts.port or 80), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.2,),
                                        name="redirect", daemon=True)
        self._thread.start()

    def _take(self, query: dict[str, str]) -> bool:
        """The first redirect with our state wins; a replay of it is a stranger's."""
        with self._claim:
            if self.query is not None:
                return False
            self.query = query
            return True

    def _deliver(self, query: dict[str, str]) -> None:
        self._done.set()
        if self._on_redirect is not None:
            self._on_redirect(query)

    @property
    def address(self) -> tuple[str, int]:
        """Where it listens: the host address and the port."""
        return self._server.server_address[:2]

    def wait(self, timeout_s: float) -> dict[str, str] | None:
        """The redirect's query, or None if none came in time."""
        self._done.wait(timeout_s)
        return self.query if self._done.is_set() else None

    def close(self) -> None:
        """Stop listening (within the 0.2 s poll): connections still open are not waited
        for; each ends on its own timeout."""
        self._done.set()
        self._server.shutdown()
        self._server.server_close()


def _listen_address(host: str) -> str:
    """The one address to listen on for `host`: loopback for localhost, else the address
    that `host` names, which bind() refuses unless it is this machine's own."""
    if host in LOOPBACK:
        return "::1" if host == "::1" else "127.0.0.1"
    try:
        return socket.getaddrinfo(host, None, socket.AF_INET, socket.SOCK_STREAM)[0][4][0]
    except socket.gaierror as exc:
        raise ValueError(f"redirect_uri's host {host} is not an address of this kiosk "
                         f"({exc.strerror})") from None
