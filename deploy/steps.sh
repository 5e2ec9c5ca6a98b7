# shellcheck shell=bash
# The installers' steps (deploy/raspberrypi/install.sh, deploy/server/install.sh source this):
# every change is printed before it is made, --dry-run only prints it, and --root DIR lays
# files out under DIR and only prints what would touch the live system. The installer sets
# `root`, `dry_run` and `here` (the folder of the files it puts in place) first.
# shellcheck disable=SC2154  # root, dry_run, here: the installer's

say() { printf '==> %s\n' "$*"; }
# A step that changes the machine: printed, then done (unless --dry-run).
step() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  if [ "$dry_run" = 0 ]; then "$@"; fi
}
# A step on the live system (apt, users, services): not in a scratch root.
system() {
  if [ -n "$root" ]; then printf '+ (not under --root) %s\n' "$*"; else step "$@"; fi
}
# Put one of our files in place when it is missing or different.
put() {  # put SOURCE DEST MODE
  if ! cmp -s "$here/$1" "$root$2"; then step install -D -m "$3" "$here/$1" "$root$2"; fi
}
remove() {
  for path in "$@"; do
    if [ -e "$root$path" ] || [ -L "$root$path" ]; then step rm -rf "$root$path"; fi
  done
}
# A new random key of 32 bytes, base64, readable by its owner alone; never replaced.
make_key() {  # make_key FILE
  if [ ! -e "$root$1" ]; then
    # shellcheck disable=SC2016  # $1 is for the inner shell
    step sh -c 'umask 077 && head -c 32 /dev/urandom | base64 > "$1"' sh "$root$1"
  fi
}
# The system packages of PACKAGES... that are missing, installed through apt.
install_packages() {  # install_packages PACKAGE...
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ -n "$root" ] && missing=("$@")  # a scratch root has none of them
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages: all there"
    return
  fi
  say "system packages: ${missing[*]}"
  system apt-get update -qq
  system env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}
# An empty secret file for its owner alone to fill in; never replaced.
make_secret_file() {  # make_secret_file FILE
  [ -e "$root$1" ] || step install -m 0600 /dev/null "$root$1"
}
# The configuration from its template, once (never over the one someone filled in), with a
# terminal_id of its own: two bank clients sharing one would send the same bank_tran_ids,
# and the bank refuses the second of each.
make_config() {  # make_config TEMPLATE DEST
  [ -e "$root$2" ] && return
  step install -m 0640 "$here/$1" "$root$2"
  step sed -i "s/^terminal_id = \"CHANGE-ME\"/terminal_id = \"$(new_terminal_id)\"/" "$root$2"
}
# 3 random upper-case letters and digits: 46,656 to choose from.
new_terminal_id() {
  LC_ALL=C tr -dc 'A-Z0-9' </dev/urandom | head -c 3
}
