"""The testbed on HTTP: Open Banking's paths, the consent page, and the `/_sim/` admin API.

A threaded stdlib server with keep-alive: no framework between the fault rules and the
socket, so "drop the connection after applying the transfer" is exactly that.
"""

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from testbed.admin import admin_reply
from testbed.api_base import Reply
from testbed.bank import TestbedBank
from testbed.demo_wallet import wallet_page
from testbed.faults import FaultRule, FaultRules
from testbed.settings import BankSettings
from testbed.state import BankState

log = logging.getLogger(__name__)
MAX_BODY = 1 << 20
MAX_HEADER_LINE = 65536
MAX_HEADERS = 100

API_ROUTES = {
    ("GET", "/v2.0/user/me"): "user_me",
    ("GET", "/v2.0/account/list"): "account_list",
    ("GET", "/v2.0/account/balance/fin_num"): "balance",
    ("GET", "/v2.0/account/transaction_list/fin_num"): "transactions",
    ("POST", "/v2.0/transfer/withdraw/fin_num"): "withdraw",
    ("POST", "/v2.0/transfer/deposit/fin_num"): "deposit",
    ("POST", "/v2.0/transfer/result"): "result",
    ("POST", "/v2.0/inquiry/real_name"): "real_name",
    ("POST", "/v2.0/inquiry/receive"): "receive",
    ("POST", "/oauth/2.0/token"): "token",
}


class TestbedServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, bank: TestbedBank, host: str = "127.0.0.1", port: int = 0, *,
                 latency_s: float = 0.0, admin_from_anywhere: bool = False) -> None:
        super().__init__((host, port), _Handler)
        self.bank = bank
        self.faults = FaultRules(random.Random(bank.settings.seed))
        self.latency_s = latency_s
        self.admin_from_anywhere = admin_from_anywhere
        self._thread: threading.Thread | None = None
        self._busy = threading.Condition()
        self._in_progress = 0
        self.stopping = False

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "TestbedServer":
        """Serve in a background thread (the demo, the tests)."""
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), name="testbed",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, let requests in progress finish, then close the books."""
        self.stopping = True
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join()
        with self._busy:
            self._busy.wait_for(lambda: self._in_progress == 0, timeout=10)
        self.bank.state.close()

    def serving(self) -> "_Serving":
        """Count a request in progress, so `stop` does not close the books under it."""
        return _Serving(self)

    def __enter__(self) -> "TestbedServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Serving:
    def __init__(self, server: TestbedServer) -> None:
        self._server = server

    def __enter__(self) -> None:
        with self._server._busy:
            self._server._in_progress += 1

    def __exit__(self, *exc: object) -> None:
        with self._server._busy:
            self._server._in_progress -= 1
            self._server._busy.notify_all()


class _Handler(BaseHTTPRequestHandler):
    server: TestbedServer
    protocol_version = "HTTP/1.1"
    server_version = "OpenBankingTestbed/1.0"
    timeout = 120  # an idle keep-alive connection's thread ends after this
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for the
    # client's delayed ACK, adding 40 ms to every answer.
    disable_nagle_algorithm = True

    def parse_request(self) -> bool:
        """The request line and headers, read directly.

        The stdlib runs every header block through the e-mail parser, a third of the
        testbed's time per request; a bank API needs only plain `Name: value` lines.
        """
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = self.requestline.split()
        if len(words) != 3 or words[2] not in ("HTTP/1.0", "HTTP/1.1"):
            self.request_version = "HTTP/0.9" if len(words) < 3 else words[2][:10]
            self.close_connection = True
            self.command, self.path = [*words, "", ""][:2]
            self.send_error(HTTPStatus.BAD_REQUEST, "malformed request line")
            return False
        self.command, self.path, self.request_version = words
        headers = _Headers()
        for _ in range(MAX_HEADERS + 1):
            line = self.rfile.readline(MAX_HEADER_LINE + 1)
            if line in (b"\r\n", b"\n", b""):
                break
            name, colon, value = str(line, "iso-8859-1").partition(":")
            if not colon or len(line) > MAX_HEADER_LINE or not name.strip():
                self.close_connection = True
                self.send_error(HTTPStatus.BAD_REQUEST, "malformed header line")
                return False
            headers[name.strip().lower()] = value.strip()
        else:
            self.close_connection = True
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too many headers")
            return False
        self.headers = headers  # type: ignore[assignment]
        connection = headers.get("connection", "").lower()
        self.close_connection = connection == "close" or (
            self.request_version == "HTTP/1.0" and connection != "keep-alive")
        return True

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _handle(self, method: str) -> None:
        if self.server.stopping:
            self.close_connection = True
            self._reply(Reply(503, {"error": "the testbed is shutting down"}))
            return
        with self.server.serving():
            try:
                self._handle_request(method)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up first (a delay fault past its timeout): like a real
                # gateway, the work is done and the answer has nobody to go to.
                log.info("%s %s: the client left before the answer", method, self.path)
                self.close_connection = True

    def _handle_request(self, method: str) -> None:
        url = urlsplit(self.path)
        try:
            body = self._body()
        except ValueError as exc:
            self._reply(Reply(400, self.server.bank.common("A0004", str(exc))))
            self.close_connection = True
            return
        try:
            if url.path.startswith("/_sim/"):
                reply = admin_reply(self.server, method, url.path, body, self.headers,
                                    self.client_address[0])
            elif url.path == "/oauth/2.0/authorize":
                reply = self._authorize(method, url.query, body)
            elif method == "GET" and url.path.startswith("/wallet/"):
                reply = self._wallet(url.path.removeprefix("/wallet/"))
            elif (method, url.path) in API_ROUTES:
                self._api(API_ROUTES[method, url.path], url.query, body)
                return
            else:
                reply = Reply(404, self.server.bank.common("A0004", f"no API at {url.path}"))
        except (BrokenPipeError, ConnectionResetError):
            raise
        except Exception:  # the testbed must outlive any request: say so, and go on
            log.exception("testbed failed on %s %s", method, url.path)
            reply = Reply(500, self.server.bank.common("A0003", "testbed internal error"))
        self._reply(reply)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise ValueError("send the body with a Content-Length, not chunked")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ValueError("Content-Length is not a number") from None
        if not 0 <= length <= MAX_BODY:
            raise ValueError(f"a body must be 0 to {MAX_BODY} bytes")
        return self.rfile.read(length) if length else b""

    # ------------------------------------------------------------ Open Banking

    def _api(self, api: str, query: str, body: bytes) -> None:
        server = self.server
        rule = server.faults.draw(api)
        hides_work = rule is not None and rule.fault != "delay" and not rule.apply
        reply = None if hides_work else self._process(api, query, body)
        if server.latency_s:
            time.sleep(server.latency_s)
        if rule is None or rule.fault == "delay":
            if rule is not None:
                time.sleep(rule.seconds)
            self._reply(reply)
            return
        log.info("fault on %s: %s %s (applied: %s)", api, rule.fault, rule.code, rule.apply)
        self._fault(rule)

    def _process(self, api: str, query: str, body: bytes) -> Reply:
        bank = self.server.bank
        if api == "token":
            return bank.oauth.token(_form(body))
        if self.command == "GET":
            params: Any = _form(query.encode())
        else:
            try:
                params = json.loads(body)
            except (ValueError, RecursionError):
                return Reply(200, bank.common("A0004", "요청전문 형식 오류: body is not JSON"))
        return bank.apis[api](params, self.headers.get("Authorization", ""))

    def _fault(self, rule: FaultRule) -> None:
        bank = self.server.bank
        if rule.fault == "drop":
            self.close_connection = True  # no status line, no headers: the socket just closes
            return
        if rule.fault == "http_error":
            status = int(rule.code or 502)
            phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            page = (f"<html><head><title>{status} {phrase}</title></head><body><center><h1>"
                    f"{status} {phrase}</h1></center><hr><center>nginx</center></body></html>")
            self._reply(Reply(status, page, {"Content-Type": "text/html"}))
        elif rule.fault == "garbage":
            self._reply(Reply(200, self.server.faults.garbage()))
        else:
            code = rule.code or "A0000"
            body = bank.common(code, f"testbed fault {code}")
            if rule.bank_code:
                body["bank_rsp_code"] = rule.bank_code
            if rule.fault == "empty_list":  # an answer whose list names no transfer at all
                body.update(res_cnt="0", res_list=[])
            self._reply(Reply(401 if code.startswith("O") else 200, body))

    def _authorize(self, method: str, query: str, body: bytes) -> Reply:
        bank = self.server.bank
        if method == "POST":
            return bank.oauth.consent(_form(body))
        return bank.oauth.authorize(_form(query.encode()))

    def _wallet(self, fintech_use_num: str) -> Reply:
        account = next((a for a in self.server.bank.accounts()
                        if a["fintech_use_num"] == fintech_use_num and not a["merchant"]), None)
        if account is None:
            return Reply(404, "<!doctype html><meta charset='utf-8'><h1>404</h1>"
                              "<p>no demo customer has that fintech number</p>")
        page = wallet_page(fintech_use_num, account["holder_name"], account["bank_name"],
                           time.time())
        return Reply(200, page, {"Content-Type": "text/html; charset=utf-8",
                                 "Cache-Control": "no-store"})

    # ------------------------------------------------------------ the wire

    def _reply(self, reply: Reply) -> None:
        if isinstance(reply.body, bytes):
            data, kind = reply.body, "application/json; charset=UTF-8"
        elif isinstance(reply.body, str):
            data, kind = reply.body.encode(), "text/html; charset=utf-8"
        else:
            data = json.dumps(reply.body, ensure_ascii=False).encode()
            kind = "application/json; charset=UTF-8"
        self.send_response(reply.status)
        headers = {"Content-Type": kind, **reply.headers, "Content-Length": str(len(data))}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class _Headers(dict):
    """Request headers by lower-case name, looked up in any case."""

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(name.lower(), default)


def _form(raw: bytes) -> dict[str, str]:
    """Form or query fields, first value of each; undecodable bytes become U+FFFD."""
    pairs = parse_qs(raw.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[0] for key, values in pairs.items()}


def make_testbed(settings: BankSettings | None = None, state_path: str = ":memory:",
                 host: str = "127.0.0.1", port: int = 0, *, latency_s: float = 0.0,
                 admin_from_anywhere: bool = False,
                 clock: Callable[[], float] = time.time) -> TestbedServer:
    """A testbed server, not yet serving: `.start()` it, or `serve_forever()` in front.
    `clock` is the bank's own: a test sets it past midnight while the kiosk's is not."""
    settings = settings or BankSettings()
    bank = TestbedBank(settings, BankState(state_path, settings.seed, settings.contract_account),
                       clock)
    return TestbedServer(bank, host, port, latency_s=latency_s,
                         admin_from_anywhere=admin_from_anywhere)
