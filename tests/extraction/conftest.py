"""The extraction tests' fixtures: the session's Chromium, for the review page under the CSP."""

from tests.browser.conftest import browser  # noqa: F401
