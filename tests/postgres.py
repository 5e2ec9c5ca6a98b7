"""PostgreSQL for the tests: one throwaway cluster per test process (server/cluster.py), and
a fresh empty database in it for every test that asks for `postgres_url`.

A fresh database rather than cleaning up after each test: a test that leaves a connection
or a half-made schema behind cannot spoil the next one. They are not dropped one by one (a
DROP DATABASE waits for a checkpoint); the whole cluster goes at the end of the session.
"""

import itertools
from collections.abc import Iterator

import pytest

from server.cluster import PostgresCluster

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A started cluster in a temporary folder, removed after the last test. Without fsync:
    a commit still reaches the operating system before it returns, so a PostgreSQL killed
    mid-test loses nothing; only a crash of the machine would, and the cluster does not
    outlive the run. (The tests that kill PostgreSQL use a cluster of their own, as
    configured in production.)"""
    with PostgresCluster(settings={"fsync": "off"}) as cluster:
        yield cluster


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """The TCP URL (with the password) of a new, empty database of this test's own."""
    return postgres_cluster.create_database(f"test_{next(_numbers)}")
