"""A throwaway PostgreSQL server on a folder of its own, for the tests, the benchmarks and
`kiosk server --demo`: Debian's `postgresql` package binaries, never the system's service.

The folder holds everything: the data (`data/`), the unix socket, the server's log
(`postgres.log`) and the superuser's password (`password`, 0600). The server listens on that
socket and on a free port of 127.0.0.1 only, with fsync on: the point is to prove that a
charge survives a kill -9 of the database, and a cluster that cheats on durability would
prove nothing.

PostgreSQL refuses to run as root, so when we are root its binaries run as the `postgres`
system user (Debian's package makes it), and the folder belongs to that user.
"""

import atexit
import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

import psycopg
from psycopg import sql

DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"
SUPERUSER = "kiosk"
DATABASE = "kiosk"
RUN_AS = "postgres"  # when we are root


class ClusterError(RuntimeError):
    """The cluster could not be made, started or reached; the message says what to do."""


def postgres_binaries(pattern: str = DEBIAN_BINARIES) -> Path:
    """The newest installed PostgreSQL's bin folder: Debian's, else initdb on the PATH."""
    found = sorted(glob.glob(pattern),
                   key=lambda path: [int(part) for part in Path(path).parent.name.split(".")
                                     if part.isdigit()])
    for folder in reversed(found):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ClusterError("PostgreSQL is not installed: apt-get install postgresql "
                       "(./setup.sh installs it)")


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresCluster:
    """One PostgreSQL server on `folder` (a fresh temporary folder when None, removed by
    remove() and on leaving the `with` block).

    `url` reaches it over TCP with the superuser's password; `socket_url` over the folder's
    unix socket, needing no password (only those who can enter the folder can use it).
    `settings` are extra server settings (`max_connections`, ...).
    """

    def __init__(self, folder: Path | str | None = None, *, port: int | None = None,
                 settings: Mapping[str, str | int] | None = None,
                 binaries: Path | None = None) -> None:
        self.binaries = binaries or postgres_binaries()
        self._temporary = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="kiosk-postgres-")).absolute()
        self._chosen_port = port
        self.port = port or free_loopback_port()
        self.settings = dict(settings or {})
        self._process: subprocess.Popen | None = None
        self._owner = _runs_as()

    # ------------------------------------------------------------------ addresses

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def log_file(self) -> Path:
        return self.folder / "postgres.log"

    @property
    def password(self) -> str:
        return (self.folder / "password").read_text().strip()

    @property
    def url(self) -> str:
        """The `kiosk` database over TCP. It carries the password: never log it."""
        return self.url_for(DATABASE)

    @property
    def socket_url(self) -> str:
        return self.socket_url_for(DATABASE)

    def url_for(self, database: str) -> str:
        return (f"postgresql://{SUPERUSER}:{quote(self.password, safe='')}@127.0.0.1:"
                f"{self.port}/{quote(database, safe='')}")

    def socket_url_for(self, database: str) -> str:
        return _socket_url(self.folder, self.port, database)

    # ------------------------------------------------------------------ life

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The postmaster's process id while it runs (the backends are its children)."""
        return self._process.pid if self.running else None

    def start(self, timeout_s: float = 60.0) -> "PostgresCluster":
        """Start the server, first making the cluster if the folder has none. On a folder
        left by a crash, PostgreSQL replays its write-ahead log before it says it is ready."""
        if self.running:
            return self
        new = not (self.data_dir / "PG_VERSION").exists()
        if new:
            self._initdb()
        for attempt in range(3):
            try:
                self._start_server(timeout_s)
                break
            except ClusterError:
                # A port chosen for us may have been taken in the meantime: another one.
                if self._chosen_port is not None or attempt == 2 or "bind" not in self._log_tail():
                    raise
                self.port = free_loopback_port()
        # Its own session keeps it from a Ctrl-C meant for us, so it goes when we exit.
        atexit.unregister(self._at_exit)  # once, however often it is started again
        atexit.register(self._at_exit)
        if new:
            with psycopg.connect(self.socket_url_for("postgres"), autocommit=True) as db:
                db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        return self

    def stop(self, timeout_s: float = 30.0, *, immediate: bool = False) -> None:
        """A fast shutdown: sessions are ended, a checkpoint is written, the server exits.
        `immediate` skips the checkpoint, for a cluster whose folder goes next."""
        if not self.running:
            self._process = None
            return
        assert self._process is not None
        self._process.send_signal(signal.SIGQUIT if immediate else signal.SIGINT)
        try:
            self._process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()
        self._process = None

    def kill(self) -> None:
        """What a crash does: SIGKILL for the server and every process it started, at once,
        with no checkpoint. start() on the same folder then recovers from the log."""
        if not self.running:
            return
        assert self._process is not None
        postmaster = self._process.pid
        os.kill(postmaster, signal.SIGSTOP)  # it forks no more and restarts nobody
        _wait_state(postmaster, "T")
        children = _children_of(postmaster)
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.kill(postmaster, signal.SIGKILL)
        self._process.wait()
        self._process = None
        _wait_gone(children)

    def remove(self) -> None:
        """Stop the server and delete the folder with everything in it. Nothing in it is
        kept, so nothing is written first: a checkpoint of a day of test databases takes
        half a minute."""
        self.stop(immediate=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _at_exit(self) -> None:
        if self._temporary:
            self.remove()
        else:
            self.stop()

    def __enter__(self) -> "PostgresCluster":
        try:
            return self.start()
        except BaseException:
            if self._temporary:
                self.remove()
            raise

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._at_exit()
        atexit.unregister(self._at_exit)

    # ------------------------------------------------------------------ databases

    def create_database(self, name: str, template: str = "template0") -> str:
        """A new empty database (a copy of `template`); its TCP URL."""
        with psycopg.connect(self.socket_url_for("postgres"), autocommit=True) as db:
            db.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)))
        return self.url_for(name)

    # ------------------------------------------------------------------ the binaries

    def _initdb(self) -> None:
        if self._owner:
            _check_reachable(self.folder, self._owner)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        password = self.folder / "password"
        password.write_text(secrets.token_urlsafe(24) + "\n")
        password.chmod(0o600)
        if self._owner:
            os.chown(self.folder, self._owner.pw_uid, self._owner.pw_gid)
            os.chown(password, self._owner.pw_uid, self._owner.pw_gid)
        # --no-sync skips flushing the template files initdb writes (a power cut right
        # after making a throwaway cluster loses only that cluster); the server keeps fsync.
        self._run([str(self.binaries / "initdb"), "--pgdata", str(self.data_dir),
                   "--username", SUPERUSER, "--pwfile", str(password), "--encoding", "UTF8",
                   "--no-locale", "--auth-local", "trust", "--auth-host", "scram-sha-256",
                   "--no-sync", "--no-instructions"])

    def _run(self, command: list[str]) -> None:
        run = subprocess.run(command, capture_output=True, text=True, env=_environment(),
                             **self._as_owner())
        if run.returncode != 0:
            raise ClusterError(f"{Path(command[0]).name} failed on {self.folder}: "
                               f"{(run.stderr or run.stdout).strip()}")

    def _start_server(self, timeout_s: float) -> None:
        options = {"listen_addresses": "127.0.0.1", "unix_socket_directories": self.folder,
                   "port": self.port, "fsync": "on", "synchronous_commit": "on",
                   "full_page_writes": "on", "logging_collector": "off", **self.settings}
        command = [str(self.binaries / "postgres"), "-D", str(self.data_dir)]
        for name, value in options.items():
            command += ["-c", f"{name}={value}"]
        with open(self.log_file, "a") as log:
            self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                             stderr=log, env=_environment(),
                                             start_new_session=True, **self._as_owner())
        deadline = time.monotonic() + timeout_s
        while not self._ready():
            if self._process.poll() is not None:
                self._process = None
                raise ClusterError(f"PostgreSQL did not start on {self.folder} (port "
                                   f"{self.port}): {self._log_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise ClusterError(f"PostgreSQL did not start within {timeout_s:.0f} s on "
                                   f"{self.folder}: see {self.log_file}")
            time.sleep(0.01)

    def _ready(self) -> bool:
        """The server's own word, as pg_ctl reads it: the status line of postmaster.pid."""
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
        except FileNotFoundError:
            return False
        assert self._process is not None
        return len(lines) >= 8 and lines[0] == str(self._process.pid) and \
            lines[7].strip() == "ready"

    def _log_tail(self) -> str:
        try:
            lines = self.log_file.read_text(errors="replace").strip().splitlines()
        except FileNotFoundError:
            return "(no log)"
        return " / ".join(lines[-3:])

    def _as_owner(self) -> dict:
        if not self._owner:
            return {}
        return {"user": self._owner.pw_uid, "group": self._owner.pw_gid, "extra_groups": []}


def running_socket_url(folder: Path, database: str = DATABASE) -> str | None:
    """How another process reaches a cluster already running on `folder` (`kiosk terminal`
    beside the demo chain's server), by the port its postmaster.pid gives; None when no
    server there says it is ready."""
    try:
        lines = (folder / "data" / "postmaster.pid").read_text().splitlines()
    except OSError:
        return None
    if len(lines) < 8 or lines[7].strip() != "ready":
        return None
    return _socket_url(folder, int(lines[3]), database)


def _socket_url(folder: Path, port: int, database: str) -> str:
    return (f"postgresql://{SUPERUSER}@/{quote(database, safe='')}"
            f"?host={quote(str(folder), safe='')}&port={port}")


def _runs_as() -> pwd.struct_passwd | None:
    """Who runs the server: the `postgres` user when we are root, else we ourselves (None)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(RUN_AS)
    except KeyError:
        raise ClusterError(f"PostgreSQL refuses to run as root and there is no {RUN_AS!r} "
                           f"user: apt-get install postgresql makes it") from None


def _check_reachable(folder: Path, owner: pwd.struct_passwd) -> None:
    """Every folder above ours must let `owner` pass, or its server cannot find its data."""
    for parent in folder.parents:
        if not parent.exists():
            continue
        info = parent.stat()
        if info.st_uid != owner.pw_uid and not info.st_mode & 0o001:
            raise ClusterError(f"the {owner.pw_name} user (PostgreSQL's, since we are root) "
                               f"cannot enter {parent}: put the cluster under /tmp or "
                               f"/var/lib, or run as another user")


def _environment() -> dict[str, str]:
    """No PG* variables of ours leak into the server; messages in plain English."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}


def _stat(pid: int | str) -> list[str]:
    """/proc/PID/stat after the command's name: [state, parent pid, ...]; [] when gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return []


def _children_of(parent: int) -> list[int]:
    pids = (Path(path).parent.name for path in glob.glob("/proc/[0-9]*/stat"))
    return [int(pid) for pid in pids if _stat(pid)[1:2] == [str(parent)]]


def _state(pid: int) -> str:
    """The process's state letter (R, S, T, Z...); "" when it is gone."""
    return (_stat(pid) or [""])[0]


def _wait_state(pid: int, states: str, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while _state(pid) not in ("", *states) and time.monotonic() < deadline:
        time.sleep(0.002)


def _wait_gone(pids: list[int]) -> None:
    """Until the killed processes have let go of the shared memory (dead or zombies)."""
    for pid in pids:
        _wait_state(pid, "ZX")

