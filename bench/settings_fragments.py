"""Bench settings with the page cache off but the fragment cache on: what a page re-render costs after an edit.

When an edit elsewhere changes a page (a new item in "Dernières Infos"), the
page is rendered again, but the story fragment of an unchanged article comes
from Redis.
"""

from bench.settings import *  # noqa: F403

NEWSDESK_PAGE_CACHE_ENABLED = False
