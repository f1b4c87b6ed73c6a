"""The desk's two groups, created by migration 0002 (which keeps its own copy of the names)."""

REPORTERS = "Rédacteurs"  # write and change drafts
EDITORS = "Éditeurs"  # everything on articles: publish, withdraw, revise tolls
PUBLISH_PERMISSION = "articles.publish_article"
