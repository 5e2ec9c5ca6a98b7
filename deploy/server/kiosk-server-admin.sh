#!/bin/sh
# `kiosk` on the chain's books, as root on the server: the server's configuration and its
# database URL (root's alone), e.g.
#   sudo kiosk-server-admin terminal add counter-2 PUBLIC_KEY
#   sudo kiosk-server-admin terminal list
#   sudo kiosk-server-admin terminal revoke counter-2
# install.sh puts it in /usr/local/sbin. The URL goes through the environment, never on a
# command line that `ps` shows.
set -eu
set -a
# shellcheck source=/dev/null  # made on the server by postgres-setup.sh
. /etc/kiosk-server/database.env
set +a
KIOSK_CONFIG=/etc/kiosk-server/kiosk.toml KIOSK_DATA_DIR=/var/lib/kiosk-server \
  exec /opt/kiosk-server/venv/bin/kiosk "$@"
