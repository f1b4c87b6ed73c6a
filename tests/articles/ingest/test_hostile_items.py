"""Hostile or broken wire items: each refused alone, with a French reason, the good files imported.

The same set goes through the command and the admin upload; neither may stop
(or answer 500) on any of them.
"""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.articles.ingest.items import import_through_admin, newsml, ninjs

pytestmark = pytest.mark.django_db

NAR = "http://iptc.org/std/nar/2006-10-01/"


def ninjs_with(raw_field):
    """Return a ninjs item with ``raw_field`` (JSON text, not a Python value) written in by hand."""
    return ninjs("urn:newsdesk:hostile").replace(b'"type": "text"', b'"type": "text", ' + raw_field)


def deep_xml(levels):
    nesting = b"<div>" * levels + b"Texte" + b"</div>" * levels
    return (
        (
            f'<newsItem xmlns="{NAR}" guid="urn:deep" version="1"><contentMeta><headline>Profond</headline>'
            '</contentMeta><contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        ).encode()
        + nesting
        + b"</body></html></inlineXML></contentSet></newsItem>"
    )


HOSTILE = [
    ("urgence-1e400.json", ninjs_with(b'"urgency": 1e400'), "urgence illisible : « 1e400 »"),
    ("urgence-infinity.json", ninjs_with(b'"urgency": Infinity'), "urgence illisible : « Infinity »"),
    ("urgence-4300.json", ninjs_with(b'"urgency": ' + b"7" * 4300), "urgence illisible"),
    ("version-4301.json", ninjs_with(b'"version": ' + b"3" * 4301).replace(b'"version": "1", ', b""), "version"),
    ("version-exposant.json", ninjs("urn:v", version="²"), "version illisible : « ² »"),
    ("nul-uri.json", ninjs("urn:afp:\u0000:1"), "caractère nul interdit dans « identifiant »"),
    ("nul-sujet.json", ninjs("urn:s", subjects=[{"name": "Syr\u0000ie"}]), "caractère nul interdit dans « mots-clés »"),
    (
        "demi-paire.json",
        ninjs("urn:surrogate").replace(b"Frappe", b"Frap\\udc00pe"),
        "caractère invalide dans « titre » (moitié de paire UTF-16 isolée)",
    ),
    (
        "embargo-9999.json",
        ninjs("urn:embargo", embargoed="9999-12-31T23:00:00-14:00"),
        "date hors limites dans « embargoed » : 9999-12-31T23:00:00-14:00",
    ),
    ("utf7.xml", newsml().replace(b'encoding="UTF-8"', b'encoding="UTF-7"'), "encodage « UTF-7 » non pris en charge"),
    ("inconnu.xml", newsml().replace(b'encoding="UTF-8"', b'encoding="x-mac-klingon"'), "encodage « x-mac-klingon »"),
    ("profond.xml", deep_xml(100_000), "XML refusé : plus de 200 niveaux d'imbrication"),
    ("profond.json", b'{"uri": "urn:j", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "imbrication trop profonde"),
    (
        "profond-html.json",
        ninjs("urn:h", bodies=[{"contentType": "text/html", "value": "<blockquote>" * 5000 + "x"}]),
        "texte refusé : plus de 50 niveaux d'imbrication",
    ),
    (
        "chapo-geant.json",
        ninjs("urn:big", descriptions=[{"role": "summary", "value": "Bla " * 200_000}]),
        "« chapô » trop long : 799999 caractères (maximum 3000)",
    ),
    ("signature-longue.json", ninjs("urn:by", by="A" * 201), "« signature » trop long : 201 caractères (maximum 200)"),
    ("uri-longue.json", ninjs("urn:" + "x" * 300), "« identifiant » trop long : 304 caractères (maximum 255)"),
]


def test_every_hostile_input_is_refused_alone_through_the_command(tmp_path):
    for name, data, _reason in HOSTILE:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "zz-bon.json").write_bytes(ninjs("urn:good"))
    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("ingest", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert str(failure.value) == f"{len(HOSTILE)} dépêche(s) en échec."
    lines = err.getvalue().splitlines()
    for name, _data, reason in HOSTILE:
        line = next(line for line in lines if line.startswith(f"{tmp_path / name} : échec — "))
        assert reason in line, line
    assert list(Article.objects.values_list("wire_id", flat=True)) == ["urn:good"]


def test_every_hostile_input_is_refused_alone_through_the_admin_upload(editor_client):
    uploads = [SimpleUploadedFile(name, data) for name, data, _reason in HOSTILE]
    uploads.append(SimpleUploadedFile("bon.xml", newsml("urn:good")))

    response = import_through_admin(editor_client, uploads)

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    for name, _data, reason in HOSTILE:
        message = next(message for message in messages if message.startswith(f"{name} : échec — "))
        assert reason in message, message
    assert (
        messages[-1] == f"Import terminé : 1 créée, 0 mises à jour, 0 inchangées, 0 ignorées, {len(HOSTILE)} en échec."
    )
    assert Article.objects.get().wire_id == "urn:good"


def test_one_bad_item_in_a_list_leaves_its_neighbours_imported(ingest):
    batch = [json.loads(ninjs("urn:a")), json.loads(ninjs("urn:b", urgency="Infinity")), json.loads(ninjs("urn:c"))]

    report = ingest(("lot.json", json.dumps(batch).encode()))

    assert [(r.name, r.outcome) for r in report.results] == [
        ("lot.json [1]", "created"),
        ("lot.json [2]", "failed"),
        ("lot.json [3]", "created"),
    ]
    assert sorted(Article.objects.values_list("wire_id", flat=True)) == ["urn:a", "urn:c"]


def test_control_characters_are_removed_from_the_headline_and_keywords(ingest):
    headline = [{"role": "main", "value": "Séisme\x0b au\x1b Japon\x7f"}]
    ingest(("a.json", ninjs(headlines=headline, subjects=[{"name": "Asie\x08"}])))

    article = Article.objects.get()
    assert article.headline == "Séisme au Japon"
    assert list(article.tags.names()) == ["Asie"]


def test_an_unreadable_agency_time_does_not_refuse_the_item(ingest):
    report = ingest(("a.json", ninjs(versionCreated="hier soir", firstCreated="9999-12-31T23:00:00-14:00")))

    assert report.counts["created"] == 1, report.results


def test_a_control_character_in_a_wire_id_is_refused(ingest):
    (result,) = ingest(("a.json", ninjs("urn:afp:\x1b[2J"))).results

    assert result.outcome == "failed"
    assert result.reason == "caractère de contrôle interdit dans « identifiant »"
