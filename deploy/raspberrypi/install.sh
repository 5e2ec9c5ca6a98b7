#!/usr/bin/env bash
# Turn a fresh Raspberry Pi OS (Debian 13 "trixie" or 12 "bookworm", arm64) into the payment
# kiosk, or update it. Safe to run again: it changes only what is missing or different.
#
#   sudo deploy/raspberrypi/install.sh              install, or update beside the running one
#   sudo deploy/raspberrypi/install.sh --dry-run    print every step, change nothing
#   sudo deploy/raspberrypi/install.sh --rollback   go back to the version before
#   sudo deploy/raspberrypi/install.sh --uninstall  remove it all but the ledger
#   deploy/raspberrypi/install.sh --root DIR        lay it all out under DIR (for tests): no
#                                                   apt, users or services; its Python runs
#                                                   only from DIR
# Options: --session cage|eglfs  how the screen is drawn (cage: a Wayland kiosk compositor)
#          --server URL          a terminal of the chain's server at URL: makes the terminal's
#                                key and prints the line that registers it there
#          --no-python           skip the Python environment (with --root, for tests)
# See docs/raspberrypi.md, and docs/server.md for a chain.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root="" dry_run=0 action=install session=cage with_python=1 server=""

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --root) [ $# -ge 2 ] || usage; root=$(realpath -m "$2"); shift ;;
    --uninstall) action=uninstall ;;
    --rollback) action=rollback ;;
    --session) [ $# -ge 2 ] || usage; session=$2; shift ;;
    --server) [ $# -ge 2 ] || usage; server=$2; shift ;;
    --no-python) with_python=0 ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown option $1" >&2; usage ;;
  esac
  shift
done
case "$session" in cage|eglfs) ;; *) echo "install.sh: --session is cage or eglfs" >&2; exit 2 ;; esac
# The terminal's requests carry no bank secret, but they do move money: https only, but for
# a server on this machine itself.
case "$server" in
  *[[:space:]\"\\]*) bad_server=1 ;;  # it goes into the configuration as a TOML string
  ""|https://?*|http://localhost[:/]*|http://localhost|http://127.0.0.1[:/]*|http://127.0.0.1)
    bad_server=0 ;;
  *) bad_server=1 ;;
esac
if [ "$bad_server" = 1 ]; then
  echo "install.sh: --server must be the chain server's https:// URL (http:// only for" \
       "localhost), not '$server'" >&2
  exit 2
fi
if [ -z "$root" ] && [ "$dry_run" = 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run it as root (sudo), or try --dry-run or --root DIR" >&2
  exit 1
fi

OPT=/opt/kiosk ETC=/etc/kiosk DATA=/var/lib/kiosk UNITS=/etc/systemd/system
SECRET=$ETC/client_secret
KEY=$ETC/ledger.key  # seals customers' tokens in the ledger; never in $DATA or a backup
TERMINAL_KEY=$ETC/terminal.key  # a terminal's Ed25519 key pair, registered at the server
# shellcheck source=SCRIPTDIR/../steps.sh
. "$here/../steps.sh"

codename() {
  local release=$root/etc/os-release
  [ -r "$release" ] || release=/etc/os-release
  sed -n 's/^VERSION_CODENAME=//p' "$release" | tr -d '"' | grep . || echo unknown
}

# ------------------------------------------------------------------ system packages, user

kiosk_packages() {
  local packages=(libzbar0 libusb-1.0-0 libgl1 libegl1 libgles2 libgbm1 libdrm2 libxkbcommon0
                  libfontconfig1 libglib2.0-0 libdbus-1-3 libwayland-client0 libwayland-egl1
                  libwayland-cursor0 libpulse0 python3 python3-venv sqlite3 usbutils)
  [ "$session" = cage ] && packages+=(cage)
  install_packages "${packages[@]}"
}

create_user() {
  if [ -n "$root" ] || ! id kiosk >/dev/null 2>&1; then
    system useradd --system --user-group --home-dir "$DATA" --no-create-home \
      --shell /usr/sbin/nologin --comment "payment kiosk" kiosk
  fi
  system usermod --append --groups video,render,input,plugdev,dialout kiosk
}

# ------------------------------------------------------------------ files

install_files() {
  say "configuration in $ETC, the ledger in $DATA"
  for dir in "$ETC" "$DATA" "$OPT/releases"; do
    [ -d "$root$dir" ] || step mkdir -p "$root$dir"
  done
  make_config kiosk.toml "$ETC/kiosk.toml"
  make_secret_file "$SECRET"
  make_key "$KEY"
  [ -n "$server" ] && server_table
  system chown root:kiosk "$ETC/kiosk.toml"
  system chown kiosk:kiosk "$SECRET" "$KEY" "$DATA"
  system chmod 0700 "$DATA"
  put kiosk-backup.default /etc/default/kiosk-backup 0644

  say "services, device rules, drivers"
  put kiosk.service "$UNITS/kiosk.service" 0644
  put kiosk-backup.service "$UNITS/kiosk-backup.service" 0644
  put kiosk-backup.timer "$UNITS/kiosk-backup.timer" 0644
  if [ "$session" = eglfs ]; then
    put kiosk-eglfs.conf "$UNITS/kiosk.service.d/eglfs.conf" 0644
  else
    remove "$UNITS/kiosk.service.d/eglfs.conf"
  fi
  put kiosk.pam /etc/pam.d/kiosk 0644
  put 60-kiosk.rules /etc/udev/rules.d/60-kiosk.rules 0644
  put kiosk-nfc-blacklist.conf /etc/modprobe.d/kiosk-nfc-blacklist.conf 0644
  system udevadm control --reload-rules
  system udevadm trigger --subsystem-match=usb --subsystem-match=video4linux --subsystem-match=tty
}

# ------------------------------------------------------------------ a terminal of a chain

# The [server] table that makes this kiosk charge through the chain's server, or its url
# brought up to date.
server_table() {
  local config=$root$ETC/kiosk.toml
  if ! grep -q '^\[server\]' "$config"; then
    # shellcheck disable=SC2016  # $1 is for the inner shell
    step sh -c 'cat >> "$1"' sh "$config" <<EOF

[server]                             # a terminal of the chain's server (docs/server.md)
url = "$server"
# This terminal's Ed25519 key pair, made by \`kiosk terminal key\` (install.sh); the server
# knows its public half. Never copy it to another kiosk.
key_file = "$TERMINAL_KEY"
EOF
  elif ! sed -n '/^\[server\]/,/^\[/p' "$config" | grep -qxF "url = \"$server\""; then
    local escaped=${server//&/\\&}
    step sed -i "/^\[server\]/,/^\[/ s|^url = .*|url = \"${escaped//|/\\|}\"|" "$config"
  fi
}

# The terminal's key pair, made once; the server learns its public half from the owner,
# who registers it there with the line printed here. `kiosk` reads the whole configuration
# first, so on a first install, before the CHANGE-MEs are filled in, that waits for a run
# of this installer after them.
terminal_key() {
  local kiosk=$OPT/current/bin/kiosk name output public
  name=$(hostname -s 2>/dev/null || echo counter-1)
  if [ -n "$root" ] || [ "$dry_run" = 1 ]; then
    system "$kiosk" --config "$ETC/kiosk.toml" terminal key
    say "then, on the server: kiosk terminal add $name PUBLIC_KEY (the key it printed)"
    return
  fi
  if ! output=$("$kiosk" --config "$ETC/kiosk.toml" terminal key 2>&1); then
    say "no terminal key yet: ${output##*$'\n'}"
    say "fill in $ETC/kiosk.toml (docs/raspberrypi.md), then run this installer again"
    return
  fi
  public=${output##*$'\n'}
  chown kiosk:kiosk "$TERMINAL_KEY"
  say "this terminal's public key: $public"
  say "register it on the server (docs/server.md), then restart the kiosk:"
  say "  kiosk terminal add $name $public"
}

# ------------------------------------------------------------------ the Python release

version() {
  local name
  name=$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/pyproject.toml" | head -1)
  if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
    name="$name-$(git -C "$repo" rev-parse --short HEAD)"
    if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
      name="$name-changed-$(git -C "$repo" diff HEAD | sha256sum | cut -c1-8)"
    fi
  fi
  echo "$name"
}

# A release is a virtual environment of its own under /opt/kiosk/releases; "current" points
# at the one the service runs, "previous" at the one before. A virtual environment cannot be
# moved, so it is built where it stays and marked complete at the end; a half-built one (a
# failed download, a power cut) is built again.
build_release() {  # build_release DIR
  local dir=$1
  say "building the release $(basename "$dir") (Python packages: a few minutes)"
  remove "${dir#"$root"}"
  step python3 -m venv "$dir"
  step "$dir/bin/python" -m pip install --quiet --upgrade pip
  local constraints=()
  if [ "$(codename)" = bookworm ]; then
    # Newer aarch64 PySide6 wheels need glibc 2.39; bookworm has 2.36.
    say "bookworm: PySide6 below 6.8.1"
    step install -D -m 0644 /dev/stdin "$dir/constraints.txt" <<'EOF'
PySide6<6.8.1
PySide6-Essentials<6.8.1
PySide6-Addons<6.8.1
shiboken6<6.8.1
EOF
    constraints=(--constraint "$dir/constraints.txt")
  fi
  step "$dir/bin/python" -m pip install --quiet "${constraints[@]}" "$repo"
  step install -D -m 0644 "$repo/docs/raspberrypi.md" "$dir/doc/raspberrypi.md"
  starts "$dir"
  step touch "$dir/.complete"
}

# The new version must start before anything points at it: the demo, offscreen, briefly.
starts() {
  local release=$1
  printf '+ %s\n' "$release/bin/kiosk --demo run --offscreen --quit-after 3 (does it start?)"
  [ "$dry_run" = 1 ] && return
  if ! env QT_QPA_PLATFORM=offscreen "$release/bin/kiosk" --demo \
      --data-dir "$release/smoke-test" run --offscreen --quit-after 3 \
      >"$release/smoke-test.log" 2>&1; then
    cat "$release/smoke-test.log" >&2
    echo "install.sh: the new version does not start; the running one is left as it was" >&2
    exit 1
  fi
  rm -rf "$release/smoke-test" "$release/smoke-test.log"
}

point() {  # point NAME RELEASE_DIR: swap the symlink in one rename
  step ln -sfn "releases/$(basename "$2")" "$root$OPT/$1.new"
  step mv -T "$root$OPT/$1.new" "$root$OPT/$1"
}

# A terminal needs no client secret: the server holds it.
configured() {
  { [ -s "$root$SECRET" ] || grep -q '^\[server\]' "$root$ETC/kiosk.toml"; } \
    && "$root$OPT/current/bin/kiosk" --config "$root$ETC/kiosk.toml" \
    config >/dev/null 2>&1
}

# Restart the service on the current release; Type=notify makes systemctl wait until the
# kiosk says it is ready. If it never does, go back to the previous release.
switch_service() {
  system systemctl daemon-reload
  system systemctl enable kiosk.service kiosk-backup.timer
  system systemctl set-default graphical.target
  if [ -z "$root" ] && systemctl is-enabled display-manager.service >/dev/null 2>&1; then
    say "warning: a desktop (display-manager.service) also wants the screen: use Raspberry Pi"
    say "OS Lite, or: sudo systemctl disable display-manager"
  fi
  system systemctl start kiosk-backup.timer
  if [ -n "$root" ] || [ "$dry_run" = 1 ]; then
    system systemctl restart kiosk.service
    return
  fi
  if ! configured; then
    say "not started yet: fill in $ETC/kiosk.toml and $SECRET (docs/raspberrypi.md), then"
    say "  sudo systemctl restart kiosk"
    return
  fi
  if systemctl restart kiosk.service; then
    say "the kiosk runs $(readlink "$OPT/current")"
    return
  fi
  if [ -L "$OPT/previous" ]; then
    say "the new version did not start: back to $(readlink "$OPT/previous") (journalctl -u kiosk)"
    point current "$(readlink -f "$OPT/previous")"
    systemctl restart kiosk.service || true
  fi
  exit 1
}

keep_recent_releases() {  # the current, the previous, and nothing older
  local keep=() release
  for link in current previous; do
    [ -L "$root$OPT/$link" ] && keep+=("$(basename "$(readlink "$root$OPT/$link")")")
  done
  for release in "$root$OPT"/releases/*; do
    [ -d "$release" ] || continue
    case " ${keep[*]} " in *" $(basename "$release") "*) ;; *) remove "${release#"$root"}" ;; esac
  done
}

install_kiosk() {
  kiosk_packages
  create_user
  install_files
  if [ "$with_python" = 1 ]; then
    local release
    release=$root$OPT/releases/$(version)
    if [ -e "$release/.complete" ]; then
      say "release $(basename "$release") is already built"
    else
      build_release "$release"
    fi
    local running=""
    [ -L "$root$OPT/current" ] && running=$(readlink "$root$OPT/current")
    if [ "$running" != "releases/$(basename "$release")" ]; then
      [ -n "$running" ] && point previous "$running"
      point current "$release"
    fi
    keep_recent_releases
  fi
  [ -n "$server" ] && terminal_key
  switch_service
  say "done. Next: docs/raspberrypi.md, \"First run\""
}

rollback() {
  if [ ! -L "$root$OPT/previous" ]; then
    echo "install.sh: there is no previous version to go back to" >&2
    exit 1
  fi
  local before now
  before=$(readlink "$root$OPT/previous") now=$(readlink "$root$OPT/current")
  say "back to $before (from $now)"
  point previous "$now"
  point current "$before"
  system systemctl restart kiosk.service
}

uninstall() {
  say "removing the kiosk; the ledger stays in $DATA"
  system systemctl disable --now kiosk.service kiosk-backup.timer
  remove "$UNITS/kiosk.service" "$UNITS/kiosk.service.d" "$UNITS/kiosk-backup.service" \
    "$UNITS/kiosk-backup.timer" /etc/default/kiosk-backup /etc/pam.d/kiosk \
    /etc/udev/rules.d/60-kiosk.rules /etc/modprobe.d/kiosk-nfc-blacklist.conf "$ETC" "$OPT"
  system systemctl daemon-reload
  system udevadm control --reload-rules
  say "kept: $DATA (the ledger and its logs) and the kiosk user that owns it"
}

case "$action" in
  install) install_kiosk ;;
  rollback) rollback ;;
  uninstall) uninstall ;;
esac
