"""Replica settings and routing rules that hold with no replica running (test_replicas.py runs a real one)."""

from newsdesk.replicas import ReplicaRouter
from newsdesk.settings import replica_databases

PRIMARY = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "newsdesk",
    "OPTIONS": {"connect_timeout": 3, "pool": {"min_size": 1, "max_size": 8, "timeout": 5.0}},
}


def test_each_replica_url_becomes_an_alias_with_the_primary_s_options_and_a_short_wait():
    replicas = replica_databases(
        ["postgres://reader@replica-a:5432/newsdesk", "postgres://reader@replica-b:5433/newsdesk"], PRIMARY
    )
    assert list(replicas) == ["replica1", "replica2"]
    assert replicas["replica2"]["HOST"] == "replica-b" and replicas["replica2"]["PORT"] == 5433
    assert replicas["replica1"]["OPTIONS"]["connect_timeout"] == 3
    # A replica that does not answer holds a reader one second, not the primary's five.
    assert replicas["replica1"]["OPTIONS"]["pool"]["timeout"] == 1.0
    assert PRIMARY["OPTIONS"]["pool"]["timeout"] == 5.0
    # Tests see a replica as the primary: they run unchanged with replicas named.
    assert replicas["replica1"]["TEST"] == {"MIRROR": "default"}


def test_no_replica_url_adds_no_database():
    assert replica_databases([], PRIMARY) == {}


def test_writes_and_migrations_go_to_the_primary_only():
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica1", "articles") is False
    assert router.allow_migrate("default", "articles") is None


def test_outside_a_request_reads_go_to_the_primary():
    assert ReplicaRouter().db_for_read(None) == "default"
