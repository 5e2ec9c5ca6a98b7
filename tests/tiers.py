"""The two tiers of the suite: the unit tests, and the `integration` tests that start servers,
subprocesses, threads or Qt windows (`./setup.sh test --fast` leaves those out).

A test is integration when it uses a fixture that starts one of those (INTEGRATION_FIXTURES,
followed through the fixtures it uses) or when it is marked so, one by one or with
`pytestmark = pytest.mark.integration` for its whole module. So that a unit test cannot
quietly start a server, a thread or a process (and slow the fast tier down, or leave one
running), one that tries fails, saying what to do.
"""

import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

INTEGRATION_FIXTURES = frozenset({
    "testbed",      # the testbed bank on loopback HTTP (tests/conftest.py, tests/conformance)
    "counter",      # a bank and a kiosk, each in its own process (tests/kiosk)
    "env",          # the environment of a `kiosk` command run in its own process (tests/kiosk)
    "qtbot",        # Qt widgets and their event loop (pytest-qt)
    "qapp",
    "shop",         # the wallet in its own process and a testbed (tests/wallet)
    "browser",      # Chromium driven by Playwright (tests/browser.py)
    "sim_printer",  # the simulated network printer on loopback (tests/hardware/printer)
    "owner_site",   # the owner's page of a chain's server on loopback (tests/server/owner)
    "owner_client",  # the same through Starlette's TestClient, which runs it in a thread
    "chain",        # the chain's server on loopback, a testbed and PostgreSQL (tests/server)
    "postgres_cluster",  # a throwaway PostgreSQL server (tests/postgres.py)
    "own_cluster",  # a PostgreSQL of the test's own, to kill (tests/server)
})
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if INTEGRATION_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(autouse=True)
def _unit_tests_start_no_server_thread_or_process(request, monkeypatch) -> None:
    if request.node.get_closest_marker("integration"):
        return

    def refuse(what: str) -> None:
        # pytest.fail raises a BaseException: no `except Exception` in the code swallows it.
        pytest.fail(f"{request.node.nodeid} {what}: mark it integration (with a fixture of "
                    f"INTEGRATION_FIXTURES in tests/tiers.py, or a mark)", pytrace=False)

    def listen(*args, **kwargs):
        refuse("listens on a socket")

    def start(*args, **kwargs):
        refuse("starts a thread")

    popen = subprocess.Popen.__init__

    def popen_from_tests_refused(self, *args, **kwargs):
        # Only a process the tests start: libraries run tools while they load (ctypes'
        # find_library runs ldconfig for pyzbar and pyusb), whichever test loads them first.
        caller = sys._getframe(1)
        while caller.f_code.co_filename == subprocess.__file__:
            caller = caller.f_back
        if Path(caller.f_code.co_filename).is_relative_to(TESTS):
            refuse("starts a process")
        popen(self, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "listen", listen)
    monkeypatch.setattr(threading.Thread, "start", start)
    monkeypatch.setattr(subprocess.Popen, "__init__", popen_from_tests_refused)
