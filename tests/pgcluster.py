"""A PostgreSQL primary and its hot standby, streaming, made on this machine with Debian's PostgreSQL binaries.

Used by the replica tests and bench/replicas.py. Both servers live in a
temporary directory, listen on 127.0.0.1 on free ports and are stopped and
removed at the end: the machine's own cluster is never touched. PostgreSQL
refuses to run as root, so when this process is root the servers run as the
``postgres`` user (runuser).
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support import free_port

PG_BIN = Path(os.environ.get("NEWSDESK_PG_BIN", "/usr/lib/postgresql/15/bin"))
NEEDED = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
DEBIAN_PACKAGE = "postgresql-15"


def missing_binaries():
    """Return the PostgreSQL programs the pair needs that are not in PG_BIN."""
    return [name for name in NEEDED if not (PG_BIN / name).is_file()]


class StreamingPair:
    """A primary and a hot standby fed by streaming replication (pg_basebackup -R)."""

    def __init__(self):
        self.base = Path(tempfile.mkdtemp(prefix="newsdesk-replica-"))
        self.primary_dir = self.base / "primary"
        self.standby_dir = self.base / "standby"
        self.primary_port = free_port()
        self.standby_port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.base, "postgres", "postgres")

    def run(self, *command, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        return subprocess.run([*prefix, *map(str, command)], check=check, capture_output=True, text=True, timeout=120)

    def server_options(self, port):
        return f"-p {port} -c listen_addresses=127.0.0.1 -k {self.base} -c fsync=off -c full_page_writes=off"

    def start(self):
        """Make the primary, copy it into a standby that follows it, start both; return self."""
        self.run(PG_BIN / "initdb", "-D", self.primary_dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.pg_ctl(self.primary_dir, self.primary_port, "start")
        self.run(
            PG_BIN / "pg_basebackup",
            "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres",
            "-D", self.standby_dir, "-R", "-X", "stream", "--no-sync",
        )  # fmt: skip
        self.pg_ctl(self.standby_dir, self.standby_port, "start")
        return self

    def pg_ctl(self, directory, port, action):
        extra = ["-o", self.server_options(port), "-l", directory.with_suffix(".log")] if action == "start" else []
        self.run(PG_BIN / "pg_ctl", "-D", directory, "-w", "-m", "fast", *extra, action)

    def stop(self):
        """Stop both servers and remove their files."""
        for directory in (self.standby_dir, self.primary_dir):
            if (directory / "postmaster.pid").exists():
                self.run(PG_BIN / "pg_ctl", "-D", directory, "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, server, database):
        port = self.primary_port if server == "primary" else self.standby_port
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def query(self, server, sql, params=(), database="postgres"):
        """Return the rows of ``sql`` (with ``params``) run on ``server`` ("primary" or "standby") in autocommit."""
        import psycopg

        with psycopg.connect(self.url(server, database), autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def pause_replay(self):
        """Stop the standby applying what it receives: from now on it lags behind the primary."""
        self.query("standby", "SELECT pg_wal_replay_pause()")

    def resume_replay(self):
        self.query("standby", "SELECT pg_wal_replay_resume()")
        self.wait_replayed()

    def wait_replayed(self, timeout=30):
        """Wait until the standby has applied everything the primary wrote until now."""
        (target,) = self.query("primary", "SELECT pg_current_wal_lsn()")[0]
        deadline = time.monotonic() + timeout
        while True:
            (caught_up,) = self.query("standby", f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]
            if caught_up:
                return
            if time.monotonic() > deadline:
                raise AssertionError("the standby did not catch up with the primary")
            time.sleep(0.05)
