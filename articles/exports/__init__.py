"""Newsdesk speaking the formats others read: ninjs, RSS/Atom, sitemaps, JSON-LD.

Every export starts from ``Article.objects.published()``: drafts, scheduled
and withdrawn articles never leave the building.
"""
