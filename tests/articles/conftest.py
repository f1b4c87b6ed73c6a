"""The articles tests' fixtures: the session's Chromium, for the XSS rendering check in test_xss.py."""

from tests.browser.conftest import browser  # noqa: F401
