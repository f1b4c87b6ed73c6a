"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Without /usr/bin/chromium the tests are skipped, except in CI (CI=true),
where the browser tests are required and a missing Chromium fails them.
Playwright is never asked to download a browser of its own.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would
# otherwise refuse the ORM calls the tests make between two clicks.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Ten seconds: long enough for a loaded CI machine, short enough that a
# broken page fails fast.
TIMEOUT_MS = 10_000


class _Chromium:
    """The session's one Playwright and Chromium, shared by every conftest that imports ``browser``.

    Each conftest that imports the fixture makes a fixture of its own, and a
    second sync Playwright cannot start while the first one runs: the first
    user starts them, the last one stops them.
    """

    playwright = None
    browser = None
    users = 0

    @classmethod
    def acquire(cls):
        if cls.users == 0:
            from django.db import connections
            from playwright.sync_api import sync_playwright

            # Playwright's sync API keeps an event loop running in this
            # thread, and Django's connection storage follows the running
            # loop's context: the test code would get fresh connection
            # objects, not the ones the test database was set up on (which
            # hold the data serialized_rollback brings back).
            originals = connections.all()
            cls.playwright = sync_playwright().start()
            for connection in originals:
                connections[connection.alias] = connection
            cls.browser = cls.playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        cls.users += 1
        return cls.browser

    @classmethod
    def release(cls):
        cls.users -= 1
        if cls.users == 0:
            cls.browser.close()
            cls.playwright.stop()
            cls.browser = cls.playwright = None


@pytest.fixture(scope="session")
def browser():
    """Return the one Chromium of the session."""
    if not CHROMIUM.exists():
        reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI requires the browser tests, but {reason}", pytrace=False)
        pytest.skip(reason)
    yield _Chromium.acquire()
    _Chromium.release()


def _new_page(browser, live_server, **options):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris", **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def open_page(browser, live_server):
    """Return a function that opens a page for a new visitor, whose relative URLs go to the live server.

    Whatever the test does, no page may log a script error or a
    Content-Security-Policy violation: those are checked when it ends.
    """
    opened = []

    def open_new_page():
        context, page = _new_page(browser, live_server)
        problems = []
        page.on("console", lambda message: _is_problem(message, page) and problems.append(message.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        opened.append((context, problems))
        return page

    yield open_new_page
    for context, _ in opened:
        context.close()
    problems = [problem for _, problems in opened for problem in problems]
    assert not problems, f"the browser console reported: {problems}"


@pytest.fixture
def page(open_page):
    """Return a fresh desktop page whose relative URLs go to the live server."""
    return open_page()


def _is_problem(message, page):
    """Return True for a console error other than an expected 404.

    The browser asks every site for /favicon.ico, and a test that checks a
    404 page loads a document answered with 404: neither is a fault.
    """
    if message.type != "error":
        return False
    url = message.location.get("url", "")
    return not (
        message.text.startswith("Failed to load resource") and (url.endswith("/favicon.ico") or url == page.url)
    )


@pytest.fixture
def demo_desk(settings):
    """Load the demo desk into the live server's database; return its articles."""
    from articles import demo
    from articles.models import Article

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load()
    return Article.objects.filter(wire_id__startswith=demo.WIRE_PREFIX)
