"""The chain server's HTTP side: terminals charge and refund through it, the bank redirects
customers back to it, and the owner reads the books on its page.

Every terminal request is signed (server/terminal_auth.py) and carries an idempotency key;
what went wrong is one JSON line, `{"error": ..., "error_ko": ...}`, with a status that says
whose move it is: 401 (who are you), 409 (a key reused), 422 (the request cannot be done,
nothing was charged), 503 (the books are unreachable: ask again with the same key).
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from html import escape

import anyio.to_thread
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from payments.database import STORAGE_ERRORS
from payments.money import Sale, check_won
from payments.reasons import Refused
from server.chain import Chain, Conflict
from server.terminal_auth import (
    KEY,
    PUBLIC_KEY,
    REQUEST_KEY,
    SIGNATURE,
    TERMINAL,
    digest,
    read_public_key,
    verify,
)

SETTLE_EVERY_S = 20.0
# Threads that run terminals' requests, per process. A charge spends most of its time
# waiting on the books and the bank, but its Python holds the one interpreter lock: a few
# threads keep a core busy, and more only take turns at the lock, each with its two
# connections to PostgreSQL (docs/benchmarks.md, the chain's server).
THREADS = 4
log = logging.getLogger(__name__)


class Problem(Exception):
    def __init__(self, status: int, en: str, ko: str = "") -> None:
        super().__init__(en)
        self.status, self.en, self.ko = status, en, ko or en


def create_app(chain: Chain, *, extra_routes: list[BaseRoute] = (),
               settle_every_s: float = SETTLE_EVERY_S, threads: int = THREADS) -> Starlette:
    def terminal_of(request: Request, body: bytes) -> tuple[str, str]:
        """(terminal name, request key), once the signature holds."""
        public = request.headers.get(TERMINAL, "")
        key = request.headers.get(KEY, "")
        if not REQUEST_KEY.fullmatch(key):
            raise Problem(401, f"every request needs an {KEY} header (32 lower-case hex "
                          "digits), new for each request")
        name = chain.terminals.named_by(public) if PUBLIC_KEY.fullmatch(public) else None
        if name is None or not verify(read_public_key(public),
                                      request.headers.get(SIGNATURE, ""), request.method,
                                      request.url.path, key, body):
            raise Problem(401, "this terminal is unknown, revoked, or its signature does not "
                          "hold: register its key on the server (kiosk terminal add)",
                          "등록되지 않았거나 서명이 맞지 않는 단말기입니다")
        return name, key

    def api(handler: Callable[[Request, str, str, bytes], dict]) -> Callable:
        async def endpoint(request: Request) -> Response:
            started = time.perf_counter()
            body = await request.body()
            try:
                name, key = terminal_of(request, body)
                answer = await run_in_threadpool(handler, request, name, key, body)
                took_ms = (time.perf_counter() - started) * 1000
                # How long the server took, apart from the network (benchmarks/chain_server.py)
                return JSONResponse(answer, headers={"Server-Timing": f"app;dur={took_ms:.2f}"})
            except Problem as problem:
                return _error(problem.status, problem.en, problem.ko)
            except Conflict as conflict:
                return _error(409, str(conflict))
            except Refused as refusal:
                return _error(422, refusal.reason.en, refusal.reason.ko)
            except STORAGE_ERRORS as exc:
                log.error("the books cannot be reached: %s", exc)
                return _error(503, "the chain's books cannot be reached just now: ask again "
                              "with the same key", "결제 서버의 장부에 연결할 수 없습니다")
        return endpoint

    def charge(request: Request, name: str, key: str, body: bytes) -> dict:
        asked = _json(body)
        try:
            sale = Sale.from_json(asked["items"])
            code, method = str(asked["code"]), str(asked.get("method", "qr"))
            sale.total  # noqa: B018  (a sale that cannot be added up is refused here)
        except (KeyError, TypeError, ValueError) as exc:
            raise Problem(422, f"a charge needs items (name, unit_price, quantity) and a "
                          f"code: {exc}") from None
        return chain.charge(name, key, digest(body), sale, code, method).to_json()

    def refund(request: Request, name: str, key: str, body: bytes) -> dict:
        asked = _json(body)
        try:
            payment_id = str(asked["payment_id"])
            amount = asked.get("amount")
            amount = None if amount is None else check_won(amount, "the refund")
        except (KeyError, TypeError, ValueError) as exc:
            raise Problem(422, f"a refund needs a payment_id and an amount or null: {exc}"
                          ) from None
        return chain.refund(name, key, digest(body), payment_id, amount).to_json()

    def asked(request: Request, name: str, key: str, body: bytes) -> dict:
        wanted = request.path_params["key"]
        answer = chain.asked(name, wanted)
        if answer is None:
            raise Problem(404, f"this server never took a request {wanted} from {name}, "
                          "and now never will: nothing was done", "받지 않은 요청입니다. "
                          "처리된 것은 없습니다")
        return answer.to_json()

    def payments(request: Request, name: str, key: str, body: bytes) -> dict:
        day = request.query_params.get("date", "")
        return {"counter": name, "payments": chain.payments(day, name)}  # its own only

    def begin_enrollment(request: Request, name: str, key: str, body: bytes) -> dict:
        url, state = chain.begin_enrollment(name)
        return {"consent_url": url, "state": state}

    def enrollment(request: Request, name: str, key: str, body: bytes) -> dict:
        found = chain.enrollment(name, request.path_params["state"])
        if found is None:
            raise Problem(404, "no such registration from this terminal")
        return found

    def enrolled(request: Request) -> Response:
        """The bank sends the customer's phone here after consent."""
        try:
            accounts = chain.finish_enrollment(dict(request.query_params))
        except Refused as refusal:
            return _page("등록하지 못했습니다", refusal.reason.ko, refusal.reason.en, 400)
        listed = ", ".join(f"{a['bank_name']} {a['account_num_masked']}" for a in accounts)
        return _page("계좌가 등록되었습니다", f"이제 모든 매장에서 결제할 수 있습니다: {listed}",
                     "registered: you can now pay at every counter of this shop")

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True})

    stop = threading.Event()

    def settle_now_and_then() -> None:
        while not stop.wait(settle_every_s):
            try:
                settled = chain.settle()
                if settled:
                    log.info("settled: %s", settled)
            except Exception:  # the bank or the books away: the next round asks again
                log.exception("settling the open transfers failed")

    @asynccontextmanager
    async def lifespan(app: Starlette):
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        settler = threading.Thread(target=settle_now_and_then, name="settle", daemon=True)
        settler.start()
        yield
        stop.set()

    routes = [
        Route("/v1/charges", api(charge), methods=["POST"]),
        Route("/v1/refunds", api(refund), methods=["POST"]),
        Route("/v1/requests/{key}", api(asked), methods=["GET"]),
        Route("/v1/payments", api(payments), methods=["GET"]),
        Route("/v1/enrollments", api(begin_enrollment), methods=["POST"]),
        Route("/v1/enrollments/{state}", api(enrollment), methods=["GET"]),
        Route("/enroll/done", enrolled, methods=["GET"]),
        Route("/healthz", health, methods=["GET"]),
        *extra_routes,
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _json(body: bytes) -> dict:
    try:
        asked = json.loads(body)
    except ValueError:
        asked = None
    if not isinstance(asked, dict):
        raise Problem(422, "the body is not a JSON object")
    return asked


def _error(status: int, en: str, ko: str = "") -> JSONResponse:
    return JSONResponse({"error": en, "error_ko": ko or en}, status_code=status)


def _page(title: str, ko: str, en: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang=ko><meta charset=utf-8><meta name=viewport "
        f"content='width=device-width,initial-scale=1'><title>{escape(title)}</title>"
        f"<body style='font-family:sans-serif;margin:2em'><h1>{escape(title)}</h1>"
        f"<p>{escape(ko)}</p><p lang=en>{escape(en)}</p></body></html>", status_code=status,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
