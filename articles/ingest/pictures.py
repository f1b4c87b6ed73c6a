"""Wire pictures: their bytes read beside the item's file or from an agency's host, stored once in the library.

A picture's ``href`` is either relative, a file the drop folder delivered
with the item (read inside that folder only), or an http(s) address, fetched
only from the hosts listed in NEWSDESK_WIRE_PICTURE_HOSTS. Whatever the
source, the same picture twice is one Image: found first by its wire id, then
by our own uri (a picture we exported), then by the SHA-256 of its bytes.
"""

import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from images.models import Image
from images.renditions import MAX_BYTES, PictureError, digest_of

# Our own pictures' uri in a ninjs export, when the agency gave them no id.
OWN_PICTURE_URI = "urn:newsdesk:image:sha256:"
_DIGEST_RE = re.compile(r"[0-9a-f]{64}")
# Seconds to connect and between two reads; and for the whole download.
FETCH_TIMEOUT = 15
FETCH_DEADLINE = 120
READ_CHUNK = 256 * 1024


class PictureUnavailable(Exception):
    """A picture whose bytes cannot be had; the message is for editors (French)."""


class NotFetched(PictureUnavailable):
    """A picture the ingest is not set to read (a host not listed, a file outside a drop folder): no error."""


def own_picture_uri(digest):
    """Return the uri our exports give a picture that has no wire id: stable, made from its bytes' SHA-256."""
    return f"{OWN_PICTURE_URI}{digest}"


def own_picture_digest(uri):
    """Return the SHA-256 named by one of our pictures' uri, "" for any other uri."""
    digest = uri[len(OWN_PICTURE_URI) :] if uri.startswith(OWN_PICTURE_URI) else ""
    return digest if _DIGEST_RE.fullmatch(digest) else ""


@dataclass
class Stored:
    """What became of one wire picture: its Image (None when it could not be had) and what to tell editors."""

    image: Image | None = None
    added: bool = False
    note: str = ""
    files: list[Path] = field(default_factory=list)
    # No Image, and by no fault of the picture: none was delivered, or the ingest may not fetch it.
    skipped: bool = False


def known_image(picture):
    """Return the library's Image of ``picture`` without reading any file, None when it is not there yet."""
    if picture.wire_id:
        image = Image.objects.filter(wire_id=picture.wire_id).first()
        if image is not None:
            return image
    if picture.digest:
        return Image.objects.filter(digest=picture.digest).first()
    return None


def store_picture(picture, *, folder, user):
    """Return the Stored of ``picture``: the Image already in the library, else one made from its file.

    Never raises for a picture that cannot be had or read: the note says why.
    """
    image = known_image(picture)
    if image is not None:
        return Stored(image)
    if not picture.hrefs:
        return Stored(note=_("photo annoncée mais non livrée avec la dépêche"), skipped=True)
    reasons = []
    for href in picture.hrefs:
        try:
            data, source = picture_bytes(href, folder=folder)
        except PictureUnavailable as error:
            reasons.append((str(error), isinstance(error, NotFetched)))
            continue
        try:
            stored = _image_of(picture, data, href, user=user)
        except PictureError as error:
            reason = _("photo illisible (%(href)s) : %(reason)s") % {"href": _shown(href), "reason": error}
            reasons.append((reason, False))
            continue
        stored.files = [source] if source else []
        return stored
    # The best rendition's reason: the others were only fallbacks.
    return Stored(note=reasons[0][0], skipped=reasons[0][1])


def _image_of(picture, data, href, *, user):
    digest = digest_of(data)
    image = Image.objects.filter(digest=digest).first()
    if image is not None:
        if picture.wire_id and not image.wire_id and not Image.objects.filter(wire_id=picture.wire_id).exists():
            # The same file already filed by hand: it is that picture, now known by its wire id too.
            image.wire_id = picture.wire_id
            image.save(update_fields=["wire_id", "modified"])
        return Stored(image)
    image = Image(caption=picture.caption, credit=picture.credit, alt_text=picture.alt_text, wire_id=picture.wire_id)
    image.created_by = user if user.pk else None
    image.set_original(data, PurePosixPath(urlsplit(href).path).name)
    try:
        with transaction.atomic():
            image.save()
    except IntegrityError:
        # Another ingest filed the same picture meanwhile: it is that one.
        image = Image.objects.filter(digest=digest).first() or known_image(picture)
        if image is None:
            raise
        return Stored(image)
    return Stored(image, added=True)


def picture_bytes(href, *, folder):
    """Return (bytes, local path or None) of the picture at ``href``; raise PictureUnavailable saying why not."""
    address = urlsplit(href)
    if address.scheme in ("http", "https"):
        return download(href), None
    if address.scheme or address.netloc:
        raise PictureUnavailable(
            _("photo non récupérée : adresse « %(href)s » non prise en charge") % {"href": _shown(href)}
        )
    path = local_file(unquote(address.path), folder=folder)
    return _read_file(path, href), path


def local_file(relative, *, folder):
    """Return the path of ``relative`` inside ``folder``; raise PictureUnavailable for one outside it.

    The item's file names its picture relative to itself: an absolute path,
    a ``..`` or a symbolic link leading out of the folder is refused, so that
    a dispatch can never have the server read its other files.
    """
    if folder is None:
        raise NotFetched(
            _("photo non récupérée : le fichier « %(href)s » n'est lu que dans un dossier de dépôt")
            % {"href": _shown(relative)}
        )
    parts = PurePosixPath(relative)
    if not relative or "\\" in relative or parts.is_absolute() or ".." in parts.parts:
        raise PictureUnavailable(
            _("photo refusée : « %(href)s » sort du dossier de la dépêche") % {"href": _shown(relative)}
        )
    base = Path(folder).resolve()
    try:
        path = (base / parts).resolve(strict=True)
    except (OSError, RuntimeError):
        raise PictureUnavailable(
            _("photo non récupérée : fichier « %(href)s » introuvable à côté de la dépêche")
            % {"href": _shown(relative)}
        ) from None
    if not path.is_relative_to(base):
        raise PictureUnavailable(
            _("photo refusée : « %(href)s » sort du dossier de la dépêche") % {"href": _shown(relative)}
        )
    return path


def _read_file(path, href):
    try:
        if not path.is_file():
            # A folder, or a pipe that would hold the ingest until someone writes into it.
            raise IsADirectoryError(path)
        # O_NOFOLLOW: the path was resolved, a link put in its place since is not followed.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError:
        raise PictureUnavailable(
            _("photo non récupérée : fichier « %(href)s » illisible") % {"href": _shown(href)}
        ) from None
    if len(data) > MAX_BYTES:
        raise PictureUnavailable(_too_big(href))
    return data


def allowed_host(address):
    """Return True when pictures may be fetched from ``address``'s host (NEWSDESK_WIRE_PICTURE_HOSTS)."""
    parts = urlsplit(address)
    hosts = {host.strip().lower() for host in getattr(settings, "NEWSDESK_WIRE_PICTURE_HOSTS", [])}
    return parts.scheme in ("http", "https") and bool({(parts.hostname or "").lower(), parts.netloc.lower()} & hosts)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same host: an agency's address never leads the server elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target, origin = urlsplit(newurl), urlsplit(req.full_url)
        if target.scheme not in ("http", "https") or (target.hostname or "").lower() != (origin.hostname or "").lower():
            raise PictureUnavailable(
                _("photo non récupérée : redirection vers un autre hôte (%(host)s)") % {"host": _shown(newurl)}
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(href):
    """Return the bytes at ``href`` (at most 40 Mo, in FETCH_DEADLINE seconds); raise PictureUnavailable."""
    if not allowed_host(href):
        raise NotFetched(
            _("photo non récupérée : l'hôte de « %(href)s » n'est pas dans NEWSDESK_WIRE_PICTURE_HOSTS")
            % {"href": _shown(href)}
        )
    opener = urllib.request.build_opener(_SameHostRedirects)
    request = urllib.request.Request(href, headers={"User-Agent": "Newsdesk wire ingest", "Accept": "image/*"})
    deadline = time.monotonic() + FETCH_DEADLINE
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > MAX_BYTES:
                raise PictureUnavailable(_too_big(href))
            chunks, size = [], 0
            while chunk := response.read(READ_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise PictureUnavailable(_too_big(href))
                if time.monotonic() > deadline:
                    raise TimeoutError
    except urllib.error.HTTPError as error:
        raise PictureUnavailable(
            _("photo non récupérée : « %(href)s » répond %(status)d") % {"href": _shown(href), "status": error.code}
        ) from None
    except (TimeoutError, OSError, HTTPException, ValueError):
        # URLError is an OSError; so are a refused connection and a timeout.
        raise PictureUnavailable(
            _("photo non récupérée : « %(href)s » injoignable ou trop lent") % {"href": _shown(href)}
        ) from None
    return b"".join(chunks)


def _too_big(href):
    return _("photo refusée : « %(href)s » dépasse 40 Mo") % {"href": _shown(href)}


def _shown(href):
    """Return ``href`` short enough for a message."""
    return href if len(href) <= 120 else href[:119] + "…"
