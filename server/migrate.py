"""PostgreSQL's schema, moved forward at a server's start by the files in migrations/.

Each file is one version, applied once in its own transaction and recorded in
`schema_migrations`; a shipped file is never edited, a change is a new file. Several server
processes may start at once: a session advisory lock lets one migrate while the others wait.
"""

import re
from importlib import resources

import psycopg

from payments.database import LedgerError
from server.postgres import WRITE_LOCK, safe_url

MIGRATION_LOCK = 0x6D696772  # "migr"
_FILE = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL), in order."""
    found = []
    for entry in resources.files("server.migrations").iterdir():
        match = _FILE.fullmatch(entry.name)
        if match:
            found.append((int(match[1]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(url: str) -> int:
    """Bring the books at `url` to this version's schema; the version they are at."""
    known = migrations()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                         "PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL "
                         "DEFAULT now())")
            [(version,)] = conn.execute(
                "SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()
            if known and version > known[-1][0]:
                raise LedgerError(
                    f"the books at {safe_url(url)} are at schema version {version}, newer "
                    f"than this server knows ({known[-1][0]}): install the newer version")
            for number, name, sql in known:
                if number > version:
                    with conn.transaction():
                        # Every writer of the books waits, a process of the version before
                        # too (docs/server.md): what it commits is then in what a migration
                        # reads (0004 sums the payments before its trigger counts them).
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                        conn.execute(sql)
                        conn.execute("INSERT INTO schema_migrations (version, name) "
                                     "VALUES (%s, %s)", (number, name))
                    version = number
            return version
    except psycopg.Error as exc:
        why = str(exc).strip().splitlines()[0]
        if "password" in why:  # none given, or a wrong one
            why += ("; give it in the URL (postgresql://USER:PASSWORD@HOST/DB), in ~/.pgpass "
                    "or in $PGPASSWORD")
        raise LedgerError(f"cannot prepare the books at {safe_url(url)}: {why}") from None
