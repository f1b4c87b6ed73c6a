"""The articles tests' fixtures: the session's Chromium, for the XSS rendering check in test_xss.py; the real
importer, for the sections' wire subjects in test_sections.py."""

from tests.articles.ingest.items import ingest, wire_account  # noqa: F401
from tests.browser.conftest import browser  # noqa: F401
