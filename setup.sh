#!/usr/bin/env bash
# Set up this checkout on Debian 12 / Raspberry Pi OS, then start the demo or run the tests.
#   ./setup.sh demo    install what is missing, then start the demo
#   ./setup.sh test    install what is missing, then run the whole test suite
# Safe to run again: it installs only what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")"

usage() { echo "usage: ./setup.sh demo|test" >&2; exit 2; }
[ $# -ge 1 ] || usage
what=$1; shift
case "$what" in demo|test) ;; *) usage ;; esac

if [ -t 2 ]; then say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
else say() { printf '==> %s\n' "$*" >&2; }
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "setup.sh: '$*' needs root: run as root or install sudo" >&2; exit 1
  fi
}

# System libraries: zbar for pyzbar, libusb for nfcpy, and what Qt needs to draw (even offscreen).
apt_packages=(libzbar0 libusb-1.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0
              libdbus-1-3)
# ...for the tests, what checks the Raspberry Pi installer (shellcheck, systemd-analyze) and
# the browser the wallet's tests drive (Playwright uses it by path: it cannot download one)...
if [ "$what" = test ]; then
  apt_packages+=(shellcheck systemd chromium)
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
  say "tests"
  exec .venv/bin/python -m pytest -n auto --dist loadgroup "$@"  # on every core (pytest-xdist)
fi

# The customer's wallet beside the demo kiosk, on the same books; the kiosk starts once the
# wallet has published its issuer key, so it trusts the wallet's pay codes from the start.
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
