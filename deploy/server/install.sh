#!/usr/bin/env bash
# Install the chain's server on a Debian 12/13 machine, or update it: `kiosk server` twice
# (kiosk-server@8801, @8802) behind Caddy, its books in this machine's PostgreSQL. Safe to
# run again: it changes only what is missing or different, and never a secret.
#
#   sudo deploy/server/install.sh [--domain NAME]   install, or update
#   deploy/server/install.sh --dry-run               print every step, change nothing
#   deploy/server/install.sh --root DIR              lay it all out under DIR (for tests): no
#                                                    apt, users, database or services
# Options: --domain NAME   the server's public name: Caddy serves it with TLS (without it,
#                          /etc/caddy/Caddyfile is left alone)
#          --no-python     skip the Python environment (with --root, for tests)
# See docs/server.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root="" dry_run=0 domain="" with_python=1
PORTS=(8801 8802)  # one server process each; the Caddyfile names the same two

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --root) [ $# -ge 2 ] || usage; root=$(realpath -m "$2"); shift ;;
    --domain) [ $# -ge 2 ] || usage; domain=$2; shift ;;
    --no-python) with_python=0 ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown option $1" >&2; usage ;;
  esac
  shift
done
if [ -n "$domain" ] && ! [[ $domain =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
  echo "install.sh: --domain is a host name such as chain.example-shop.kr, not '$domain'" >&2
  exit 2
fi
if [ -z "$root" ] && [ "$dry_run" = 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run it as root (sudo), or try --dry-run or --root DIR" >&2
  exit 1
fi

OPT=/opt/kiosk-server ETC=/etc/kiosk-server DATA=/var/lib/kiosk-server
UNITS=/etc/systemd/system
# The secrets, one a file, readable by the server alone (0600): its configuration names them.
SECRET=$ETC/client_secret        # Open Banking's client secret: the owner fills it in
KEY=$ETC/ledger.key              # seals customers' tokens in the database, never backed up
OWNER_HASH=$ETC/owner_password   # the owner's page password, hashed
DB_ENV=$ETC/database.env         # KIOSK_SERVER_DB=the URL: postgres-setup.sh, root's alone
FIRST_PASSWORD=/root/kiosk-server-owner-password  # read once, then delete
# shellcheck source=SCRIPTDIR/../steps.sh
. "$here/../steps.sh"

create_user() {
  if [ -n "$root" ] || ! id kiosk-server >/dev/null 2>&1; then
    system useradd --system --user-group --home-dir "$DATA" --no-create-home \
      --shell /usr/sbin/nologin --comment "payment kiosks' chain server" kiosk-server
  fi
}

# The owner's first password: random, shown to nobody; its hash (the scheme of the clerk's
# PIN, payments/passwords.py) for the server, the password itself in a file root alone can read.
owner_password() {
  [ -e "$root$OWNER_HASH" ] && return
  if [ "$dry_run" = 1 ]; then
    printf '+ %s\n' "write $OWNER_HASH and $FIRST_PASSWORD (0600)"
    return
  fi
  local password
  password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  step mkdir -p "$(dirname "$root$FIRST_PASSWORD")"
  (umask 077 && printf '%s\n' "$password" > "$root$FIRST_PASSWORD")
  printf '+ %s\n' "wrote $root$FIRST_PASSWORD (0600)"
  # shellcheck disable=SC2016  # $1 is for the inner shell
  printf '%s' "$password" | step env PYTHONPATH="$repo" sh -c 'umask 077 && python3 -c "
import sys
from payments.passwords import hash_password
print(hash_password(sys.stdin.read(), iterations=600_000))" > "$1"' sh "$root$OWNER_HASH"
}

install_files() {
  say "configuration and secrets in $ETC, the server's own files in $DATA"
  for dir in "$ETC" "$DATA" "$OPT"; do
    [ -d "$root$dir" ] || step mkdir -p "$root$dir"
  done
  make_config kiosk.toml "$ETC/kiosk.toml"
  # The bank sends customers back to the server's public name.
  if [ -n "$domain" ] && grep -q 'chain\.example-shop\.kr' "$root$ETC/kiosk.toml"; then
    step sed -i "s/chain\.example-shop\.kr/$domain/" "$root$ETC/kiosk.toml"
  fi
  make_secret_file "$SECRET"
  make_key "$KEY"
  owner_password
  system chown root:kiosk-server "$ETC" "$ETC/kiosk.toml"
  system chmod 0750 "$ETC"
  system chown kiosk-server:kiosk-server "$SECRET" "$KEY" "$OWNER_HASH" "$DATA"
  system chmod 0700 "$DATA"
  put kiosk-server@.service "$UNITS/kiosk-server@.service" 0644
  put kiosk-server-admin.sh /usr/local/sbin/kiosk-server-admin 0755
}

database() {
  say "the database: PostgreSQL on this machine"
  system systemctl enable --now postgresql.service
  system "$here/postgres-setup.sh" --env-file "$DB_ENV"
}

python_environment() {
  say "the server's Python environment in $OPT/venv (a few minutes)"
  [ -x "$root$OPT/venv/bin/python" ] || step python3 -m venv "$root$OPT/venv"
  step "$root$OPT/venv/bin/python" -m pip install --quiet --upgrade pip
  step "$root$OPT/venv/bin/python" -m pip install --quiet "$repo"
}

proxy() {
  [ -n "$domain" ] || { say "no --domain: /etc/caddy/Caddyfile left as it is (docs/server.md)"; return; }
  say "Caddy: https://$domain to the server processes"
  local wanted
  wanted=$(sed "s/chain\.example-shop\.kr/$domain/" "$here/Caddyfile")
  if [ "$(cat "$root/etc/caddy/Caddyfile" 2>/dev/null)" != "$wanted" ]; then
    # shellcheck disable=SC2016  # $1 is for the inner shell
    printf '%s\n' "$wanted" | step sh -c 'mkdir -p "${1%/*}" && cat > "$1"' sh \
      "$root/etc/caddy/Caddyfile"
    system systemctl reload-or-restart caddy.service
  fi
}

services() {
  local units=()
  for port in "${PORTS[@]}"; do units+=("kiosk-server@$port.service"); done
  system systemctl daemon-reload
  system systemctl enable "${units[@]}"
  if [ -z "$root" ] && [ "$dry_run" = 0 ] \
      && { grep -q CHANGE-ME "$ETC/kiosk.toml" || [ ! -s "$SECRET" ]; }; then
    say "not started yet: fill in $ETC/kiosk.toml and $SECRET (docs/server.md), then"
    say "  sudo systemctl restart 'kiosk-server@*'"
    return
  fi
  system systemctl restart "${units[@]}"
}

packages=(python3 python3-venv postgresql)
[ -n "$domain" ] && packages+=(caddy)
install_packages "${packages[@]}"
create_user
install_files
database
[ "$with_python" = 1 ] && python_environment
proxy
services
say "done. The owner's first password is in $FIRST_PASSWORD (read it, sign in at /owner/,"
say "delete it); register the terminals: docs/server.md"
