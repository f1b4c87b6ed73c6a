"""Hardened settings as readers and editors meet them: CSP everywhere, nothing inline, login lockout."""

import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import ArticleFactory, QuoteFactory
from tests.support import ROOT, production_env

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"


@pytest.fixture
def site_pages(editor):
    article = ArticleFactory(headline="Inondations dans le Gard", tags=["Météo"])
    quote = QuoteFactory(article=article, featured=True)
    return {
        "latest": "/",
        "article": article.get_absolute_url(),
        "tag": "/tag/meteo/",
        "source": quote.source.get_absolute_url(),
        "search": "/recherche/?q=Gard",
        "not found": "/article/999999/",
        "admin login": "/admin/login/",
    }


class InlineFinder(HTMLParser):
    """Collect what a strict CSP would block: inline scripts, styles and handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        # A JSON-LD block is data that no browser executes; CSP leaves it alone.
        if tag == "script" and "src" not in names and dict(attrs).get("type") != "application/ld+json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        if "style" in names:
            self.found.append(f"style attribute on <{tag}>")
        self.found += [f"{name} on <{tag}>" for name in names if name.startswith("on")]
        for name, value in attrs:
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def test_every_page_sends_an_enforced_csp_without_unsafe_inline(site_pages):
    reader = Client()
    for name, url in site_pages.items():
        response = reader.get(url)
        assert response.status_code in (200, 404), name
        policy = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy, name
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, name
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, name
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, name
        assert "Content-Security-Policy-Report-Only" not in response, name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert response["X-Content-Type-Options"] == "nosniff", name


def test_no_page_relies_on_inline_script_or_style(site_pages, editor_client):
    pages = {**site_pages, "admin dashboard": "/admin/", "article form": "/admin/articles/article/add/"}
    for name, url in pages.items():
        client = editor_client if url.startswith("/admin/") and "login" not in url else Client()
        finder = InlineFinder()
        finder.feed(client.get(url).content.decode())
        # The admin's own templates are Django's; the site's must be clean.
        found = [f for f in finder.found if not url.startswith("/admin/")]
        assert found == [], f"{name}: {found}"


def test_production_settings_pass_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(DATABASE_URL="", REDIS_URL=""),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def log_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_five_bad_passwords_lock_the_account_from_that_address_in_french(editor):
    browser = Client()
    for attempt in range(4):
        response = log_in(browser, "editrice", f"mauvais-{attempt}")
        assert response.status_code == 200, "a wrong password shows the form again"
    locked = log_in(browser, "editrice", "mauvais-5")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Connexion bloquée" in page
    assert "après 5 essais" in page
    # Even the right password no longer opens the door.
    right = log_in(browser, "editrice", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in browser.session


def test_a_lockout_holds_one_username_at_one_address_only(editor):
    for attempt in range(5):
        log_in(Client(), "editrice", f"mauvais-{attempt}", address="203.0.113.7")
    elsewhere = log_in(Client(), "editrice", PASSWORD, address="198.51.100.20")
    assert elsewhere.status_code == 302, "the editor logs in from the newsroom while the attacker is locked"
    # Signing in did not lift the attacker's lock.
    assert log_in(Client(), "editrice", PASSWORD, address="203.0.113.7").status_code == 429


@pytest.fixture
def behind_caddy(settings):
    """Production's setting: one proxy, on the compose network's private range."""
    settings.NEWSDESK_PROXY_COUNT = 1
    settings.NEWSDESK_TRUSTED_PROXIES = ["172.16.0.0/12", "fd00::/8"]


def test_behind_the_proxy_the_forwarded_address_is_the_one_locked(behind_caddy, editor):
    for attempt in range(5):
        log_in(Client(), "editrice", f"mauvais-{attempt}", address="172.18.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # Same proxy, another reader behind it: not locked.
    other = log_in(Client(), "editrice", PASSWORD, address="172.18.0.5", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.status_code == 302
    # A forged left-most entry does not get the attacker out of the lock.
    forged = log_in(
        Client(), "editrice", PASSWORD, address="172.18.0.5", HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7"
    )
    assert forged.status_code == 429


def test_the_documented_command_unlocks_an_editor(editor):
    for attempt in range(5):
        log_in(Client(), "editrice", f"mauvais-{attempt}")
    assert log_in(Client(), "editrice", PASSWORD).status_code == 429
    call_command("axes_reset_username", "editrice")
    assert log_in(Client(), "editrice", PASSWORD).status_code == 302


def test_a_client_reaching_gunicorn_directly_cannot_dodge_the_lockout_with_forwarded_for(behind_caddy, editor):
    for attempt in range(12):
        log_in(Client(), "editrice", f"mauvais-{attempt}", address="198.51.100.66",
               HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 1}")  # fmt: skip
    right = log_in(Client(), "editrice", PASSWORD, address="198.51.100.66", HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert right.status_code == 429


def test_twelve_wrong_passwords_from_twelve_addresses_lock_the_account(behind_caddy, editor):
    for attempt in range(12):
        response = log_in(Client(), "editrice", f"mauvais-{attempt}", address="172.18.0.5",
                          HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 1}")  # fmt: skip
        assert response.status_code == (200 if attempt < 9 else 429), attempt
    # The account is locked from everywhere, even for its owner with the right password.
    owner = log_in(Client(), "editrice", PASSWORD, address="172.18.0.5", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert owner.status_code == 429
    assert "après 10 essais depuis plusieurs adresses, ce compte est bloqué" in owner.content.decode()
    # Another account is not.
    from tests.factories import UserFactory

    UserFactory(username="redacteur-chef", group="Éditeurs")
    other = log_in(Client(), "redacteur-chef", PASSWORD, address="172.18.0.5", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert other.status_code == 302


def test_forwarded_proto_is_believed_only_from_the_proxy(behind_caddy, settings):
    settings.SECURE_SSL_REDIRECT = True
    direct = Client().get("/", REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301 and direct["Location"].startswith("https://")
    through_caddy = Client().get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_PROTO="https")
    assert through_caddy.status_code == 200


def test_without_trusted_proxies_every_forwarded_header_is_ignored(settings, editor):
    settings.NEWSDESK_PROXY_COUNT = 1
    settings.NEWSDESK_TRUSTED_PROXIES = []
    for attempt in range(5):
        log_in(
            Client(), "editrice", f"mauvais-{attempt}", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}"
        )
    assert (
        log_in(Client(), "editrice", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429
    )
