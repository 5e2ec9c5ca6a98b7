#!/usr/bin/env bash
# Give the chain's server its own role and database on this machine's PostgreSQL, and write
# the URL it connects with into a file only root can read (systemd hands it to the server
# as KIOSK_SERVER_DB). Nothing else: the server brings the schema up to date itself when it
# starts. Safe to run again: the role keeps the password the file holds, and a missing
# role, database or file is made again.
#
#   sudo deploy/server/postgres-setup.sh [--env-file FILE] [--role NAME] [--database NAME]
#                                        [--dry-run]
#
# --env-file FILE     where KIOSK_SERVER_DB=URL goes (default /etc/kiosk-server/database.env),
#                     mode 0600
# --role, --database  the names (default kiosk_server and kiosk)
# psql reaches PostgreSQL as the postgres user (as root) or as you, at PGHOST and PGPORT if
# they are set (default: the local socket, port 5432); the URL names 127.0.0.1 and that port.
# See docs/server.md.
set -euo pipefail

env_file=/etc/kiosk-server/database.env role=kiosk_server database=kiosk
dry_run=0
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) [ $# -ge 2 ] || usage; env_file=$2; shift ;;
    --role) [ $# -ge 2 ] || usage; role=$2; shift ;;
    --database) [ $# -ge 2 ] || usage; database=$2; shift ;;
    --dry-run) dry_run=1 ;;
    -h|--help) usage ;;
    *) echo "postgres-setup.sh: unknown option $1" >&2; usage ;;
  esac
  shift
done
for name in "$role" "$database"; do
  if ! [[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
    echo "postgres-setup.sh: '$name' must be lower-case letters, digits and _" >&2
    exit 2
  fi
done

psql_as_admin() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- psql "$@"
  else psql "$@"
  fi
}

# The password the file holds, so that running this again changes nothing; else a new one.
password=""
if [ -s "$env_file" ]; then
  password=$(sed -n 's|^KIOSK_SERVER_DB=postgresql://[^:]*:\([0-9a-f]*\)@.*|\1|p' "$env_file")
fi
[ -n "$password" ] || password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
line="KIOSK_SERVER_DB=postgresql://$role:$password@127.0.0.1:${PGPORT:-5432}/$database"

echo "==> role $role and database $database on PostgreSQL (${PGHOST:-local socket}," \
     "port ${PGPORT:-5432})"
if [ "$dry_run" = 1 ]; then
  echo "+ psql: CREATE ROLE $role LOGIN (if missing); ALTER ROLE $role PASSWORD ...;" \
       "CREATE DATABASE $database OWNER $role (if missing)"
  echo "+ write $env_file (0600)"
  exit 0
fi
# The password goes in on standard input, never on a command line others can read.
if ! psql_as_admin --no-psqlrc --quiet --dbname postgres --set ON_ERROR_STOP=1 >/dev/null <<SQL
\\set role '$role'
\\set database '$database'
\\set password '$password'
SELECT format('CREATE ROLE %I LOGIN', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \\gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \\gexec
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"role";
SQL
then
  echo "postgres-setup.sh: PostgreSQL did not take it (see above): is it running?" \
       "sudo systemctl start postgresql" >&2
  exit 1
fi
if [ "$(cat "$env_file" 2>/dev/null)" != "$line" ]; then
  echo "+ write $env_file (0600)"
  mkdir -p "$(dirname "$env_file")"
  (umask 077 && printf '%s\n' "$line" > "$env_file.new")
  mv -f "$env_file.new" "$env_file"
fi
echo "==> the server's database URL is in $env_file"
