"""The testbed's admin API under /_sim/: what a tester reads (accounts, the journal, fault
rules) and changes (faults, reset, expiring tokens). Loopback only unless told otherwise, and
shut to web pages: a page in the tester's browser must not be able to drive the bank.
"""

import ipaddress
import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from payments.loopback import is_loopback
from testbed.api_base import Reply
from testbed.faults import RuleError

if TYPE_CHECKING:
    from testbed.server import TestbedServer


def admin_reply(server: "TestbedServer", method: str, path: str, body: bytes, headers,
                client_host: str) -> Reply:
    """The answer to a request under /_sim/: the testbed's accounts, journal and fault
    rules, for testers on this machine only."""
    if not server.admin_from_anywhere and not is_loopback(client_host):
        return Reply(403, {"error": "the /_sim/ admin API answers on loopback only"})
    refusal = _cross_site_refusal(server, method, headers)
    if refusal is not None:
        return refusal
    bank = server.bank
    route = (method, path)
    if route == ("GET", "/_sim/accounts"):
        return Reply(200, bank.accounts())
    if route == ("GET", "/_sim/transfers"):
        return Reply(200, bank.journal())
    if route == ("GET", "/_sim/faults"):
        return Reply(200, {"rules": server.faults.describe()})
    if route == ("POST", "/_sim/faults"):
        try:
            server.faults.replace(json.loads(body or b"{}").get("rules"))
        except (ValueError, RecursionError, AttributeError, RuleError) as exc:
            problem = str(exc) if isinstance(exc, RuleError) else \
                'expected {"rules": [RULE, ...]}'
            return Reply(400, {"error": problem})
        return Reply(200, {"rules": server.faults.describe()})
    if route == ("POST", "/_sim/reset"):
        bank.state.reset()
        return Reply(200, {"reset": True})
    if route == ("POST", "/_sim/expire_tokens"):
        return Reply(200, {"expired": bank.expire_tokens()})
    return Reply(404, {"error": f"no admin endpoint {method} {path}"})


def _cross_site_refusal(server: "TestbedServer", method: str, headers) -> Reply | None:
    """The refusal of an admin request that may come from a web page rather than a
    tester (None when it cannot). A page in the tester's browser can POST `text/plain`
    anywhere without asking, and a hostname rebound to 127.0.0.1 lets it read answers
    too; so the Host must name this server by address (or localhost), an Origin must be
    that same server, and a POST must say it is JSON, which no page can send across
    sites unasked."""
    host = headers.get("Host") or ""
    name, port = _split_host(host)
    if name is None or port != server.server_address[1] or not (
            name == "localhost" or _is_ip(name)):
        return Reply(403, {"error": f"Host {host[:60]!r} is not this testbed's address: "
                                    f"use {server.url}"})
    origin = headers.get("Origin")
    if origin is not None and origin.lower() != f"http://{host.lower()}":
        return Reply(403, {"error": f"a request from the page at {origin[:60]!r} may not "
                                    "use /_sim/"})
    kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if method in ("POST", "PUT", "DELETE") and kind != "application/json":
        return Reply(400, {"error": "send the body as JSON, with Content-Type: "
                                    "application/json"})
    return None


def _split_host(host: str) -> tuple[str | None, int | None]:
    """A Host header's name and port (80 when none is given); (None, None) if malformed."""
    try:
        parts = urlsplit(f"//{host}")
        return (parts.hostname, parts.port or 80) if parts.hostname else (None, None)
    except ValueError:
        return None, None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
