"""Wire items written on the spot (ninjs, NewsML-G2) and the fixtures that import them with the real importer."""

import json

import pytest

from articles.ingest.importer import IngestOptions, ingest_files, wire_user


def ninjs(uri="urn:newsdesk:test:1", **fields):
    """Return the bytes of a ninjs 3 item with a headline and a body, ``fields`` on top."""
    item = {
        "uri": uri,
        "type": "text",
        "version": "1",
        "versionCreated": "2026-11-27T09:00:00Z",
        "language": "fr",
        "headlines": [{"role": "main", "value": "Frappe aérienne dans le nord de la Syrie"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>Premier paragraphe.</p><p>Second.</p>"}],
    }
    item.update(fields)
    return json.dumps({k: v for k, v in item.items() if v is not None}, ensure_ascii=False).encode()


NEWSML = """<?xml version="1.0" encoding="{encoding}"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="{version}" standard="NewsML-G2"
    standardversion="2.29" xml:lang="fr">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:AFP"/>
    <versionCreated>2026-11-27T10:00:00Z</versionCreated>
    <pubStatus qcode="stat:{status}"/>
  </itemMeta>
  <contentMeta>
    <urgency>2</urgency>
    <located><name>Ankara</name></located>
    <subject qcode="medtop:16000000"><name>conflit armé</name></subject>
    <headline>{headline}</headline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/nitf+xml">
      <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>{body}</body.content></body></nitf>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def newsml(
    guid="urn:newsml:afp.com:20261127:1",
    *,
    version=1,
    status="usable",
    encoding="UTF-8",
    headline="Au moins 29 soldats turcs tués",
    body="<p>Les autorités turques ont annoncé un bilan.</p>",
):
    """Return the bytes of a NewsML-G2 newsItem with an inline NITF body."""
    text = NEWSML.format(guid=guid, version=version, status=status, encoding=encoding, headline=headline, body=body)
    return text.encode("utf-8" if encoding.upper() == "UTF-8" else encoding)


@pytest.fixture
def wire_account(db):
    return wire_user()


@pytest.fixture
def ingest(wire_account):
    """Import (name, bytes) pairs with the real importer; return the Report."""

    def run(*files, publish=False, user=None, progress=None, record_tolls=False, language=""):
        options = IngestOptions(
            user=user or wire_account, publish=publish, record_tolls=record_tolls, language=language
        )
        return ingest_files(list(files), options, progress=progress)

    return run


# The Idleb photo the picture tests (ingest and export) pass around: AFP's words.
PHOTO = "urn:newsml:afp.com:20261204:PH-IDL-0412"
CAPTION = "Des secouristes fouillent les décombres d'un immeuble effondré après une frappe, jeudi à Idleb."
ALT = "Trois secouristes en casque blanc soulèvent une dalle de béton au milieu des gravats."
CREDIT = "AFP / Omar Haj Kadour"


def wire_jpeg(seed=0, size=(1600, 1067)):
    """Return a JPEG as a photographer's camera writes it: EXIF with the camera, its serial and a GPS position."""
    from tests.images.pictures import camera_jpeg

    return camera_jpeg(*size, seed=seed)


def wire_png(seed=0, size=(800, 600)):
    """Return a PNG with a transparent band (a graphic desk's export)."""
    import io

    from PIL import Image as Pillow

    picture = Pillow.new("RGBA", size, (10, 120 + seed % 100, 200, 255))
    picture.paste((0, 0, 0, 0), (0, 0, size[0], size[1] // 4))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def import_through_admin(client, files, **extra):
    """Upload ``files`` (SimpleUploadedFile) on the admin's import page as an editor would, let the worker run
    the import, and return the run's page as it then shows (its report in the admin's messages).

    The upload's response is checked first: it returns at once, the files waiting for a worker.
    """
    from django.urls import reverse

    from tests.support import run_queued_tasks

    response = client.post(reverse("admin:articles_article_ingest"), {"files": files, **extra}, follow=True)
    assert response.status_code == 200
    assert "En attente : l'import commencera dès qu'un worker sera libre." in response.text, response.text[-3000:]
    run_queued_tasks()
    return client.get(response.redirect_chain[-1][0])
