"""Template context every reader page shares."""

import functools
import hashlib
from pathlib import Path

from django.conf import settings


@functools.cache
def templates_digest(directories):
    """Return a short digest of every template under ``directories``.

    Cached fragments are keyed by it, so that a deploy with changed templates
    (or a designer's override directory) never serves fragments printed by the
    templates before it. Read once per process and set of directories.
    """
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.html")):
            digest.update(str(path.relative_to(directory)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def site(request):
    """Return the site's name, as feeds and JSON-LD already print it, and the templates' digest."""
    directories = tuple(str(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", ()))
    return {"site_name": settings.NEWSDESK_SITE_NAME, "templates_digest": templates_digest(directories)}
