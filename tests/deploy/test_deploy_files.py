"""The container files as an operator relies on them: lint-clean, valid, and documented."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT

COMPOSE = ROOT / "compose.yaml"


def tool(name):
    """Return the path of a dev-requirements command line tool, or skip."""
    import sys

    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -r requirements-dev.txt)")
    return found


def test_the_dockerfile_is_hadolint_clean():
    result = subprocess.run([tool("hadolint"), "Dockerfile"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_gunicorn_as_a_non_root_user_with_a_health_check():
    dockerfile = (ROOT / "Dockerfile").read_text()
    final_stage = dockerfile.split("\nFROM ")[-1]
    assert final_stage.startswith("python:3.13-slim")
    user = re.search(r"^USER (\S+)", final_stage, re.MULTILINE).group(1)
    assert user.split(":")[0] not in ("root", "0")
    assert "HEALTHCHECK" in final_stage and "deploy/healthcheck.py" in final_stage
    assert "/healthz" in (ROOT / "deploy" / "healthcheck.py").read_text()
    assert 'CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"' in final_stage
    assert "collectstatic" in dockerfile and "compilemessages" in dockerfile


def compose_config(*args, env_file=".env.example"):
    return subprocess.run(
        [tool("docker-compose"), "--env-file", env_file, "-f", str(COMPOSE), "config", *args],
        cwd=ROOT,
        # The secrets are empty in .env.example: an operator fills them in .env.
        env={"PATH": "/usr/bin:/bin", "POSTGRES_PASSWORD": "only-for-this-check"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_accepts_the_file_with_the_documented_settings():
    result = compose_config("--quiet")
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_a_database_password(tmp_path):
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = subprocess.run(
        [tool("docker-compose"), "--env-file", str(empty), "-f", str(COMPOSE), "config", "--quiet"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_compose_file_matches_the_compose_specification(shared_dir):
    import json

    import jsonschema

    schema = json.loads((shared_dir / "schemas" / "compose-spec.json").read_text())
    # The schema names draft 07 without the "#" jsonschema looks up; say it plainly.
    validator = jsonschema.Draft7Validator(schema)
    errors = [
        f"{list(error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(yaml.safe_load(COMPOSE.read_text()))
    ]
    assert errors == []


def test_web_waits_for_healthy_services_and_scales_behind_the_proxy():
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    assert services["db"]["image"].startswith("postgres:17")
    assert services["web"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name in ("db", "redis"):
        assert services[name]["healthcheck"]["test"]
    # `--scale web=3` needs web without a fixed name or host port; the proxy has the ports.
    assert "ports" not in services["web"] and "container_name" not in services["web"]
    assert services["proxy"]["ports"]
    assert "dynamic a web 8000" in (ROOT / "deploy" / "Caddyfile").read_text()


def test_the_proxy_configuration_is_valid_for_caddy():
    caddy = shutil.which("caddy")
    if not caddy:
        pytest.skip("caddy is not installed here (apt-get install caddy)")
    result = subprocess.run(
        [caddy, "validate", "--adapter", "caddyfile", "--config", "deploy/Caddyfile"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "NEWSDESK_SITE_ADDRESS": "localhost"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def variables_read_by_the_app():
    """Return every environment variable the settings, deploy scripts and compose file read."""
    names = set()
    sources = [ROOT / "newsdesk" / "settings.py", *sorted((ROOT / "deploy").glob("*.py"))]
    sources += [ROOT / "articles" / "management" / "commands" / "create_editor.py"]
    for source in sources:
        text = source.read_text()
        names |= set(re.findall(r"""env(?:_bool|_list)?(?:\.get)?\(\s*["']([A-Z][A-Z0-9_]+)["']""", text))
        names |= set(re.findall(r"""environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""", text))
        names |= set(re.findall(r"""PASSWORD_VARIABLE = ["']([A-Z_]+)["']""", text))
    names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", COMPOSE.read_text()))
    return names - {"DJANGO_SETTINGS_MODULE", "CI", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_env_example_documents_every_variable_and_holds_no_secret():
    example = (ROOT / ".env.example").read_text()
    documented = dict(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=(.*)$", example, re.MULTILINE))
    missing = sorted(variables_read_by_the_app() - documented.keys())
    assert missing == [], f"add these to .env.example with a comment: {missing}"
    for secret in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "NEWSDESK_EDITOR_PASSWORD"):
        assert documented[secret] == "", f"{secret} must be empty in .env.example"
    assert documented["DJANGO_DEBUG"] == "false"


def test_gunicorn_recycles_workers_rarely_and_with_jitter(monkeypatch):
    # A restart costs a worker's start-up (imports, connections, first
    # renders): under a spike, recycling every few thousand requests meant
    # one every few seconds.
    import runpy

    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["max_requests"] >= 50_000
    assert config["max_requests_jitter"] >= config["max_requests"] // 20
    assert config["worker_class"] == "gthread"
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "0")
    assert runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["max_requests"] == 0


def test_the_ingest_service_watches_a_named_drop_volume_the_image_lets_it_write():
    compose = yaml.safe_load(COMPOSE.read_text())
    ingest = compose["services"]["ingest"]
    command = ingest["command"]
    assert command[:4] == ["python", "manage.py", "ingest", "--watch"]
    folder = command[4]
    assert "--interval" in command
    assert f"wire_drop:{folder}" in ingest["volumes"] and "wire_drop" in compose["volumes"]
    # Migrations are the web container's: the ingest starts once web is healthy.
    assert ingest["depends_on"] == {"web": {"condition": "service_healthy"}}
    check = ingest["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "/app/deploy/heartbeat_healthcheck.py"]
    assert (ROOT / "deploy" / "heartbeat_healthcheck.py").exists() and check[3] == f"{folder}/.ingest-heartbeat"
    assert app_may_write(folder)


def app_may_write(folder):
    """Return True when the run image creates ``folder`` owned by the app's user, before switching to it.

    A named volume mounted there starts with that owner; otherwise root's, and the app cannot write.
    """
    dockerfile = (ROOT / "Dockerfile").read_text().split("\nFROM ")[-1]
    before_user = dockerfile[: dockerfile.index("USER 10001:10001")]
    line = re.search(r"RUN mkdir -p (?P<made>[^&]+) && chown 10001:10001 (?P<owned>[^\n]+)", before_user)
    return bool(line) and folder in line["made"].split() and folder in line["owned"].split()


def test_the_photos_live_in_two_volumes_and_the_proxy_sees_only_the_renditions():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    dockerfile = (ROOT / "Dockerfile").read_text().split("\nFROM ")[-1]
    media = re.search(r"DJANGO_MEDIA_ROOT=(\S+)", dockerfile)[1]
    originals = re.search(r"NEWSDESK_ORIGINALS_ROOT=(\S+)", dockerfile)[1]
    for name in ("web", "ingest"):
        assert {f"media:{media}", f"originals:{originals}"} <= set(services[name]["volumes"]), name
    assert f"media:{media}:ro" in services["proxy"]["volumes"]
    assert not any(volume.startswith("originals:") for volume in services["proxy"]["volumes"])
    assert {"media", "originals"} <= set(compose["volumes"])
    assert app_may_write(media) and app_may_write(originals)
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    served = re.search(r"handle /media/\* \{(.*?)\n\t\}", caddyfile, re.S)[1]
    assert f"root * {media.removesuffix('/media')}" in served and "immutable" in served


def test_the_worker_service_scales_runs_the_warmed_worker_and_checks_its_own_loop():
    compose = yaml.safe_load(COMPOSE.read_text())
    worker, web = compose["services"]["worker"], compose["services"]["web"]
    assert worker["image"] == web["image"]
    command = worker["command"]
    assert command[:3] == ["python", "manage.py", "worker"]
    # `--scale worker=N`: no fixed name, no host port.
    assert not {"container_name", "ports"} & worker.keys()
    # The web container migrates first.
    assert worker["depends_on"] == {"web": {"condition": "service_healthy"}}
    # Its check reads the heartbeat its command writes, not gunicorn's /healthz.
    check = worker["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "/app/deploy/heartbeat_healthcheck.py"]
    assert check[3] == command[command.index("--heartbeat") + 1]
    assert (ROOT / "deploy" / "heartbeat_healthcheck.py").exists()
    # Photos' renditions are made by the worker: it writes where web reads.
    assert {"media:/srv/media", "originals:/srv/originals"} <= set(worker["volumes"])
    makefile = (ROOT / "Makefile").read_text()
    assert "manage.py worker &" in makefile
