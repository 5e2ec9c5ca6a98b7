"""server/cluster.py: a real PostgreSQL of the tests' own, durable across a kill -9."""

import os
import random
import stat
import threading
import time
from pathlib import Path

import psycopg
import pytest

from server.cluster import ClusterError, PostgresCluster, postgres_binaries

integration = pytest.mark.integration  # these start PostgreSQL servers of their own


def count(url: str) -> int:
    with psycopg.connect(url) as db:
        return db.execute("SELECT count(*) FROM sales").fetchone()[0]


def alive(pid: int) -> bool:
    """Running, or stopped: not gone and not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def test_its_url_reaches_a_durable_server_on_loopback_only(own_cluster):
    """As made for the demo, the benchmarks and the tests that kill it (the tests' shared
    cluster alone runs without fsync: tests/postgres.py)."""
    with psycopg.connect(own_cluster.url) as db:
        settings = dict(db.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', "
            "'synchronous_commit', 'full_page_writes', 'listen_addresses')").fetchall())
        assert db.execute("SELECT current_user, current_database()").fetchone() == (
            "kiosk", "kiosk")
    assert settings == {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on",
                        "listen_addresses": "127.0.0.1"}
    assert stat.S_ISSOCK((own_cluster.folder / f".s.PGSQL.{own_cluster.port}").stat().st_mode)
    with psycopg.connect(own_cluster.socket_url) as db:
        assert db.execute("SELECT 1").fetchone() == (1,)


def test_tcp_wants_the_password_which_only_the_folder_holds(postgres_cluster):
    password = postgres_cluster.folder / "password"
    assert stat.S_IMODE(password.stat().st_mode) == 0o600
    assert stat.S_IMODE(postgres_cluster.folder.stat().st_mode) == 0o700
    wrong = postgres_cluster.url.replace(postgres_cluster.password, "guess")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong)


def test_every_test_gets_an_empty_database_of_its_own(postgres_cluster, postgres_url):
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                          ).fetchone() == (0,)
        db.execute("CREATE TABLE sales (amount BIGINT NOT NULL)")
    other = postgres_cluster.create_database("another_one")
    with psycopg.connect(other) as db:
        assert db.execute("SELECT to_regclass('sales')").fetchone() == (None,)


@integration
def test_committed_rows_survive_a_kill_9_and_an_open_transaction_does_not():
    with PostgresCluster() as cluster:
        url = cluster.url
        with psycopg.connect(url) as db:
            db.execute("CREATE TABLE sales (amount BIGINT NOT NULL)")
            db.execute("INSERT INTO sales SELECT g FROM generate_series(1, 100) AS g")
        half = psycopg.connect(url)
        half.execute("INSERT INTO sales VALUES (999)")  # not committed when the crash comes
        backend = half.info.backend_pid
        cluster.kill()
        assert not alive(backend)  # the whole server went, not only its first process
        with pytest.raises(psycopg.OperationalError):
            half.execute("COMMIT")
        half.close()
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(url, connect_timeout=2)
        cluster.start()
        assert cluster.url == url  # the same port: clients come back by themselves
        assert count(url) == 100
        log = cluster.log_file.read_text()
        assert "not properly shut down; automatic recovery in progress" in log


@integration
@pytest.mark.slow
def test_every_acknowledged_commit_survives_kills_at_random_moments():
    """A writer commits one row at a time and notes each commit the server acknowledged;
    the server is killed after a seeded random number of them (the next one is in flight)
    and started again, five times. Afterwards every acknowledged row is there, and at most
    the one in flight at each kill besides."""
    moments = random.Random(21)
    with PostgresCluster() as cluster:
        with psycopg.connect(cluster.url) as db:
            db.execute("CREATE TABLE sales (id BIGINT PRIMARY KEY)")
        acknowledged: list[int] = []
        stop = threading.Event()

        def write() -> None:
            number = 0
            while not stop.is_set():
                try:
                    with psycopg.connect(cluster.url, autocommit=True, connect_timeout=2) as db:
                        while not stop.is_set():
                            db.execute("INSERT INTO sales VALUES (%s)", (number + 1,))
                            number += 1
                            acknowledged.append(number)
                except psycopg.OperationalError:
                    number += 1  # that one's fate is unknown: never reuse its id
                    stop.wait(0.05)

        writer = threading.Thread(target=write)
        writer.start()
        try:
            for _ in range(5):
                wanted = len(acknowledged) + moments.randint(5, 60)
                deadline = time.monotonic() + 60
                while len(acknowledged) < wanted and time.monotonic() < deadline:
                    time.sleep(0.001)
                cluster.kill()
                cluster.start()
        finally:
            stop.set()
            writer.join(30)
        with psycopg.connect(cluster.url) as db:
            stored = {row[0] for row in db.execute("SELECT id FROM sales")}
    assert len(acknowledged) >= 25, "the writer hardly wrote: the test proves nothing"
    assert set(acknowledged) <= stored
    assert len(stored - set(acknowledged)) <= 5


@integration
def test_a_second_cluster_runs_beside_the_first_and_keeps_its_data_across_a_stop(
        postgres_cluster):
    second = PostgresCluster()
    with second:
        assert second.port != postgres_cluster.port
        assert second.folder != postgres_cluster.folder
        with psycopg.connect(second.url) as db:
            db.execute("CREATE TABLE sales (amount BIGINT NOT NULL)")
            db.execute("INSERT INTO sales VALUES (4500), (3000)")
        second.stop()
        with psycopg.connect(postgres_cluster.url) as db:  # the first one did not notice
            assert db.execute("SELECT to_regclass('sales')").fetchone() == (None,)
        second.start()
        assert count(second.url) == 2
    assert not second.folder.exists()  # a temporary cluster leaves nothing behind


@integration
def test_a_port_already_taken_is_named_when_the_server_cannot_start(postgres_cluster):
    taken = PostgresCluster(port=postgres_cluster.port)
    try:
        with pytest.raises(ClusterError, match=rf"did not start .*port {taken.port}.*"
                                               r"(could not bind|could not create)"):
            taken.start()
    finally:
        taken.remove()


def test_without_postgresql_installed_it_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ClusterError) as error:
        postgres_binaries(str(tmp_path / "*" / "bin"))
    assert str(error.value) == ("PostgreSQL is not installed: apt-get install postgresql "
                                "(./setup.sh installs it)")


def test_the_newest_installed_version_is_chosen(tmp_path):
    for version in ("9.6", "15", "17"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "initdb").touch()
    assert postgres_binaries(str(tmp_path / "*" / "bin")) == tmp_path / "17" / "bin"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the cluster to `postgres`")
def test_as_root_a_folder_the_postgres_user_cannot_enter_is_refused_before_anything_runs(
        tmp_path):
    hidden = tmp_path / "hidden"
    hidden.mkdir(mode=0o700)
    with pytest.raises(ClusterError, match=r"the postgres user .* cannot enter .*hidden: "
                                           r"put the cluster under /tmp"):
        PostgresCluster(hidden / "cluster").start()
    assert not (hidden / "cluster").exists()

