"""deploy/compose.replica.yaml: the read replica the README tells operators to add to compose."""

import subprocess

import yaml

from tests.deploy.test_deploy_files import COMPOSE, tool
from tests.support import ROOT

REPLICA = ROOT / "deploy" / "compose.replica.yaml"


def merged_config():
    result = subprocess.run(
        [tool("docker-compose"), "--env-file", ".env.example", "-f", str(COMPOSE), "-f", str(REPLICA), "config"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "POSTGRES_PASSWORD": "only-for-this-check"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_the_replica_override_adds_a_standby_of_db_that_web_reads_from():
    services = merged_config()["services"]
    replica = services["db-replica"]
    assert replica["image"] == services["db"]["image"]
    script = " ".join(replica["command"])
    assert "pg_basebackup -h db" in script and " -R " in script
    assert replica["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["web"]["environment"]["DATABASE_REPLICA_URLS"].startswith("postgres://newsdesk:")
    assert "@db-replica:5432/newsdesk" in services["web"]["environment"]["DATABASE_REPLICA_URLS"]
    # The primary lets replicas stream (on a new volume).
    mounts = [volume["target"] for volume in services["db"]["volumes"]]
    assert "/docker-entrypoint-initdb.d/allow-replication.sh" in mounts
    assert "host replication" in (ROOT / "deploy" / "replica" / "allow-replication.sh").read_text()
