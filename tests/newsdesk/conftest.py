"""A real Varnish (Debian's varnishd, varnish-modules' xkey) before the live server, and the task worker.

``varnish`` starts varnishd with the project's VCL (deploy/varnish/) on a free
port, its backend the live server, and points the app's purges at it. The
worker is django-tasks-db's own, run in this thread until the queue is empty.
"""

import os
import shutil
import socket
import socketserver
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.support import ROOT, free_port

VCL_DIR = ROOT / "deploy" / "varnish"


class Varnish:
    """One varnishd: start, stop, point at another backend, and ask it for pages."""

    def __init__(self, workdir, backend_port):
        self.workdir, self.port = workdir, free_port()
        (workdir / "backend.vcl").write_text(
            f'backend app {{ .host = "127.0.0.1"; .port = "{backend_port}"; .first_byte_timeout = 10s; }}\n'
        )
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        command = [
            shutil.which("varnishd") or "/usr/sbin/varnishd",
            *("-F", "-a", f"127.0.0.1:{self.port}", "-f", str(VCL_DIR / "default.vcl")),
            *("-p", f"vcl_path={self.workdir}:{VCL_DIR}", "-n", str(self.workdir / "n"), "-s", "malloc,64m"),
            # As root, varnishd wants a user to drop to; "none" keeps this one.
            *(("-j", "none") if os.geteuid() == 0 else ()),
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 30
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("varnishd did not start: " + self.stop())
            time.sleep(0.1)

    def answers(self):
        try:
            with urllib.request.urlopen(urllib.request.Request(self.url + "/", method="PURGE"), timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # 400: no key named, but it answers
        except OSError:
            return False

    def stop(self):
        if self.process is None:
            return ""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        output, self.process = self.process.stdout.read(), None
        return output

    def point_at(self, backend_port):
        """Load the VCL again with another backend port (the cache is kept)."""
        (self.workdir / "backend.vcl").write_text(f'backend app {{ .host = "127.0.0.1"; .port = "{backend_port}"; }}\n')
        self.loads = getattr(self, "loads", 0) + 1
        admin = ["varnishadm", "-n", str(self.workdir / "n")]
        name = f"reload{self.loads}"
        subprocess.run([*admin, "vcl.load", name, str(VCL_DIR / "default.vcl")], check=True, capture_output=True)
        subprocess.run([*admin, "vcl.use", name], check=True, capture_output=True)

    def get(self, path, headers=None, method="GET"):
        """Return (status, headers, text) of ``path`` through Varnish."""
        request = urllib.request.Request(self.url + path, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode()


class Relay:
    """A TCP relay to ``port``: the path from the app to the edge, which a test cuts (refused) and restores."""

    def __init__(self, port):
        self.upstream, self.port, self.server = port, free_port(), None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    def start(self):
        upstream = self.upstream

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                with socket.create_connection(("127.0.0.1", upstream)) as out:
                    back = threading.Thread(target=pump, args=(out, self.request), daemon=True)
                    back.start()
                    pump(self.request, out)
                    back.join(5)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def cut(self):
        self.server.shutdown()
        self.server.server_close()


def pump(source, target):
    """Copy bytes from ``source`` to ``target`` until ``source`` closes."""
    try:
        while data := source.recv(65536):
            target.sendall(data)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass


@pytest.fixture
def varnish(live_server, settings, tmp_path):
    """Return a running Varnish in front of the live server; the app purges it."""
    port = int(live_server.url.rsplit(":", 1)[1])
    edge = Varnish(tmp_path, port)
    edge.start()
    settings.NEWSDESK_EDGE_PURGE_URLS = [edge.url + "/"]
    settings.ALLOWED_HOSTS = ["*"]
    yield edge
    edge.stop()


def run_worker():
    """Run every task that is due with django-tasks-db's worker, in this thread; return when the queue is empty."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()


@pytest.fixture
def purge_path(varnish, settings):
    """Return the relay the app's purges now take to reach Varnish; readers still reach it directly."""
    relay = Relay(varnish.port)
    relay.start()
    settings.NEWSDESK_EDGE_PURGE_URLS = [relay.url]
    yield relay
    if relay.server is not None:
        relay.cut()


@pytest.fixture
def worker():
    return run_worker
