"""A one-shot listener for the OAuth redirect that ends a customer's consent.

It listens on the configured redirect URI's port, takes exactly one request to its path,
answers the customer's browser with a short page, and hands back the query (to `wait`, or to
`on_redirect` as it comes). A localhost redirect URI serves a browser on the kiosk itself; any
other host is taken to be this kiosk's address on the shop's network, where a customer's phone
that scanned the consent QR comes back to, so the listener takes every interface.
"""

import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

PAGE = ("<!doctype html><html lang='ko'><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>{title}</title><body style='font-family:sans-serif;text-align:center;"
        "padding-top:3rem'><h1>{title}</h1><p>{text}</p></body></html>")


LOOPBACK = ("localhost", "127.0.0.1", "::1")


class RedirectListener:
    def __init__(self, redirect_uri: str,
                 on_redirect: Callable[[dict[str, str]], None] | None = None) -> None:
        parts = urlsplit(redirect_uri)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"redirect_uri {redirect_uri} must be http://HOST:PORT/... for "
                             "the kiosk to receive it itself (https ends at a web server, not "
                             "here)")
        self.path = parts.path or "/"
        self.query: dict[str, str] | None = None
        self._done = threading.Event()
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != listener.path:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                ok = "code" in query
                page = PAGE.format(
                    title="등록이 완료되었습니다" if ok else "등록하지 못했습니다",
                    text="키오스크 화면을 확인하세요. This window can be closed." if ok
                    else "키오스크에서 다시 시도하세요. Please try again at the kiosk.")
                data = page.encode()
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                listener.query = query
                listener._done.set()
                if on_redirect is not None:
                    on_redirect(query)

            def log_message(self, format: str, *args: object) -> None:
                pass

        host = parts.hostname if parts.hostname in LOOPBACK else ""
        self._server = HTTPServer((host, parts.port or 80), Handler)
        self._server.timeout = 0.2  # so that the thread sees close() and ends
        self._thread = threading.Thread(target=self._serve, name="redirect", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._done.is_set():
            self._server.handle_request()

    def wait(self, timeout_s: float) -> dict[str, str] | None:
        """The redirect's query, or None if none came in time."""
        self._done.wait(timeout_s)
        return self.query

    def close(self) -> None:
        self._done.set()
        if self._thread is not threading.current_thread():
            self._thread.join()
        self._server.server_close()
