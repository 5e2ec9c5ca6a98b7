#!/usr/bin/env bash
# Set up this checkout on Debian 12 / Raspberry Pi OS, then start the demo or run the tests
# (./setup.sh --help says how). Safe to run again: it installs only what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'USAGE'
usage: ./setup.sh demo|test [ARGS...]

  demo [ARGS]       install what is missing, then start the demo kiosk and the customer's
                    wallet (http://localhost:8700); ARGS go to `kiosk --demo run`
                    (e.g. --lang en, --offscreen)
  test [ARGS]       install what is missing, run ruff, then the whole test suite (what CI
                    runs); ARGS go to pytest (e.g. tests/payments -x, -k refund)
  test --fast [ARGS]  the same, only the unit tests: pytest -m "not integration and not slow"
  help, -h, --help  this text

Both install system packages through apt (with sudo when not root) and the kiosk with its
Python packages into .venv. README.md says more.
USAGE
}

what=${1:-}
case "$what" in
  demo|test) shift ;;
  help|-h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
  *)
    close=$(python3 -c 'import difflib, sys
print(*difflib.get_close_matches(sys.argv[1].lstrip("-"), sys.argv[2:], 1))' \
      "$what" demo test help 2>/dev/null || true)
    if [ -n "$close" ]; then hint="; did you mean '$close'?"
    else hint=" (./setup.sh --help lists them)"
    fi
    echo "setup.sh: no command '$what'$hint" >&2
    exit 2 ;;
esac

# `test --fast`: the unit tests only; every other word after `test` is pytest's.
fast=false
if [ "$what" = test ]; then
  args=()
  for arg in "$@"; do
    if [ "$arg" = --fast ]; then fast=true; else args+=("$arg"); fi
  done
  set -- ${args[@]+"${args[@]}"}
fi

if [ -t 2 ]; then say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
else say() { printf '==> %s\n' "$*" >&2; }
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "setup.sh: '$*' needs root: run as root or install sudo" >&2; exit 1
  fi
}

# System libraries: zbar for pyzbar, libusb for nfcpy, what Qt needs to draw (even offscreen),
# and PostgreSQL's programs, with which the demo and the tests start throwaway clusters of
# their own for the chain's server (server/cluster.py): never the system's service, which
# this script neither enables nor starts.
apt_packages=(libzbar0 libusb-1.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0
              libdbus-1-3 postgresql)
# ...for the tests, what checks the installers (shellcheck, systemd-analyze, and caddy for
# the proxies' Caddyfiles) and the browser the wallet's tests drive (Playwright uses it by
# path: it cannot download one)...
if [ "$what" = test ]; then
  apt_packages+=(shellcheck systemd caddy chromium)
fi
# ...and for the demo, what Qt's xcb platform needs to open a window: always, since a
# machine set up over ssh may get its display later, and then the window must open.
if [ "$what" = demo ]; then
  apt_packages+=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
                 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0)
fi
python3 -c 'import ensurepip, venv' 2>/dev/null || apt_packages+=(python3-venv)
if command -v dpkg-query >/dev/null; then
  missing=()
  for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}"
  fi
else
  say "not a Debian system: install ${apt_packages[*]} (or your system's equivalents) yourself"
fi

# The project in its own virtual environment, reinstalled only when pyproject.toml changes.
if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment .venv"
  python3 -m venv .venv
fi
stamp=.venv/.kiosk-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  say "installing the kiosk and its Python packages into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test]'
  echo "$wanted" > "$stamp"
fi

if [ "$what" = test ]; then
  say "ruff"
  .venv/bin/ruff check .
  if [ "$fast" = true ]; then
    say "unit tests (not integration, not slow)"
    exec .venv/bin/python -m pytest -m "not integration and not slow" "$@"
  fi
  say "tests"
  # Two workers a core (pytest-xdist): most tests spend much of their time waiting on a
  # process, a server or a browser they started, so one a core leaves the cores a third idle
  # (5 min 45 s against 4 min 21 s on 2 cores); a worker free takes the next test waiting.
  exec .venv/bin/python -m pytest -n "$(( 2 * $(nproc) ))" --dist worksteal "$@"
fi

# The customer's wallet beside the demo kiosk, on the same books; the kiosk starts once the
# wallet has published its issuer key, so it trusts the wallet's pay codes from the start.
if .venv/bin/python -c 'import httpx; httpx.get("http://localhost:8700/", timeout=1)' 2>/dev/null; then
  echo "setup.sh: a demo is running already (its wallet answers at http://localhost:8700): stop it with Ctrl-C where it runs, then start it again" >&2
  exit 1
fi
say "starting the customer's wallet: open http://localhost:8700 (docs/wallet.md)"
.venv/bin/kiosk --demo wallet --port 8700 &
wallet=$!
trap 'kill "$wallet" 2>/dev/null' EXIT
.venv/bin/python - <<'WAIT' || { echo "setup.sh: the wallet did not start (see above)" >&2; exit 1; }
import time, httpx
for _ in range(120):
    try:
        httpx.get("http://localhost:8700/.well-known/jwks.json", timeout=1).raise_for_status()
        break
    except httpx.HTTPError:
        time.sleep(0.5)
else:
    raise SystemExit(1)
WAIT
say "starting the demo kiosk (with no display it runs offscreen and says how to pay it)"
.venv/bin/kiosk --demo run "$@"
