"""The ingest rules an editor relies on: versions, duplicates, cancellations, embargoes, bad files."""

import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import timezone

from articles.ingest import importer, storing
from articles.ingest.item import IngestError
from articles.models import Article
from tests.articles.ingest.items import newsml, ninjs
from tests.factories import CasualtyFigureFactory, QuoteFactory

pytestmark = pytest.mark.django_db

HEADLINE = [{"role": "main", "value": "Nouveau bilan : au moins 33 soldats tués"}]


def test_same_item_twice_creates_one_article_and_reports_it_unchanged(ingest):
    first = ingest(("a.json", ninjs()))
    second = ingest(("a.json", ninjs()))

    assert first.counts["created"] == 1
    assert second.counts["unchanged"] == 1
    assert Article.objects.count() == 1
    assert LogEntry.objects.count() == 1


def test_newer_version_updates_the_article_and_keeps_the_editors_quotes_tolls_and_tags(ingest, editor):
    ingest(("v1.json", ninjs(subjects=[{"name": "Syrie"}])))
    article = Article.objects.get()
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=10)
    article.save()
    article.tags.add("Frappe aérienne")
    QuoteFactory(article=article, text="Nous suivons la situation")
    CasualtyFigureFactory(article=article, count=29)

    report = ingest(("v2.json", ninjs(version="2", headlines=HEADLINE, subjects=[{"name": "Turquie"}])))

    assert report.counts["updated"] == 1, report.results
    article.refresh_from_db()
    assert article.headline == "Nouveau bilan : au moins 33 soldats tués"
    assert article.wire_version == 2
    assert article.status == Article.Status.PUBLISHED  # still live
    assert article.updated_at is not None  # readers see "Mis à jour le …"
    assert article.quotes.get().text == "Nous suivons la situation"
    assert article.casualty_figures.get().count == 29
    assert sorted(article.tags.names()) == ["Frappe aérienne", "Syrie", "Turquie"]
    change = LogEntry.objects.filter(object_id=str(article.pk), action_flag=CHANGE).get()
    assert "version 2" in change.change_message
    assert "titre" in change.change_message and "Turquie" in change.change_message
    assert "texte" not in change.change_message  # the body did not change


def test_older_version_is_skipped_with_a_reason(ingest):
    ingest(("v3.json", ninjs(version="3", headlines=HEADLINE)))
    report = ingest(("v2.json", ninjs(version="2")))

    (result,) = report.results
    assert result.outcome == "skipped"
    assert result.reason == "version 2 plus ancienne que la version 3 déjà importée"
    assert Article.objects.get().headline == HEADLINE[0]["value"]


def test_versions_arriving_in_one_batch_out_of_order_end_on_the_newest(ingest):
    report = ingest(("v2.json", ninjs(version="2", headlines=HEADLINE)), ("v1.json", ninjs(version="1")))

    assert [r.outcome for r in report.results] == ["created", "skipped"]
    assert Article.objects.get().wire_version == 2


def test_two_versions_in_one_batch_tag_the_article_once_and_the_update_records_only_the_new_tag(ingest):
    report = ingest(
        ("v1.json", ninjs(version="1", subjects=[{"name": "Syrie"}])),
        ("v2.json", ninjs(version="2", headlines=HEADLINE, subjects=[{"name": "Syrie"}, {"name": "Turquie"}])),
    )

    assert [r.outcome for r in report.results] == ["created", "updated"]
    assert sorted(Article.objects.get().tags.names()) == ["Syrie", "Turquie"]
    change = LogEntry.objects.get(action_flag=CHANGE).change_message
    assert "Turquie" in change and "Syrie" not in change


def test_canceled_item_withdraws_the_published_article(ingest):
    ingest(("v1.json", ninjs()), publish=True)
    assert Article.objects.published().count() == 1

    report = ingest(("cancel.json", ninjs(version="2", pubStatus="canceled")))

    assert report.counts["updated"] == 1
    article = Article.objects.get()
    assert article.status == Article.Status.WITHDRAWN
    assert not Article.objects.published().exists()
    assert "Annulée par l'agence" in LogEntry.objects.filter(action_flag=CHANGE).get().change_message


def test_cancellation_of_an_unknown_item_is_skipped_not_created(ingest):
    report = ingest(("cancel.xml", newsml(status="canceled")))

    assert report.results[0].outcome == "skipped"
    assert not Article.objects.exists()


def test_withheld_item_takes_a_published_article_back_to_draft(ingest):
    ingest(("v1.json", ninjs()), publish=True)
    ingest(("v2.json", ninjs(version="2", pubStatus="withheld")))

    assert Article.objects.get().status == Article.Status.DRAFT


def test_embargoed_item_published_with_flag_stays_invisible_until_its_time(ingest):
    embargo = timezone.now() + timedelta(hours=2)
    ingest(("embargo.json", ninjs(embargoedUntil=embargo.isoformat())), publish=True)

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert abs(article.published_at - embargo) < timedelta(seconds=1)
    assert article.is_scheduled()
    assert not Article.objects.published().exists()


def test_embargoed_draft_keeps_the_embargo_as_its_scheduled_time(ingest):
    embargo = timezone.now() + timedelta(days=1)
    ingest(("embargo.json", ninjs(embargoedUntil=embargo.isoformat())))

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at > timezone.now()


def test_ninjs_2_lowercase_embargo_is_read_too(ingest):
    embargo = timezone.now() + timedelta(hours=3)
    ingest(("embargo.json", ninjs(embargoed=embargo.isoformat())), publish=True)

    assert not Article.objects.published().exists()
    assert Article.objects.get().is_scheduled()


def test_unreadable_embargo_fails_rather_than_publishing_now(ingest):
    report = ingest(("embargo.json", ninjs(embargoedUntil="demain midi")), publish=True)

    assert report.results[0].outcome == "failed"
    assert "embargoedUntil" in report.results[0].reason
    assert not Article.objects.exists()


def test_missing_id_fails_alone_and_the_rest_of_the_batch_is_imported(ingest):
    batch = json.dumps([json.loads(ninjs("urn:a")), {"headlines": HEADLINE}, json.loads(ninjs("urn:b"))]).encode()
    report = ingest(("batch.json", batch))

    assert [r.outcome for r in report.results] == ["created", "failed", "created"]
    assert report.results[1].name == "batch.json [2]"
    assert report.results[1].reason == "identifiant manquant (« uri »)"
    assert Article.objects.count() == 2


def test_newsml_without_guid_is_reported(ingest):
    report = ingest(("noguid.xml", newsml(guid="")))

    assert report.results[0].reason == "identifiant manquant (attribut « guid »)"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"uri": "urn:a", "headlines": [', "JSON invalide, ligne 1 colonne 32"),
        (b"<newsItem guid='x'><unclosed></newsItem>", "XML invalide"),
        (b"GROSSETO, Italy (AP) -- plain text is no wire format", "format inconnu"),
        (b"", "fichier vide"),
        (b"<rss version='2.0'><channel/></rss>", "format inconnu : XML dont l'élément racine est « rss »"),
    ],
)
def test_malformed_files_are_reported_with_their_name_and_reason(ingest, data, reason):
    report = ingest(("broken", data), ("good.json", ninjs()))

    failed, good = report.results
    assert failed.name == "broken" and failed.outcome == "failed"
    assert failed.reason.startswith(reason)
    assert good.outcome == "created"
    assert report.failed


def test_xml_entities_are_refused_no_billion_laughs_no_file_reading(ingest):
    hostile = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x" version="1">
<contentMeta><headline>&xxe;</headline></contentMeta></newsItem>"""
    report = ingest(("xxe.xml", hostile))

    assert report.results[0].outcome == "failed"
    assert "entités" in report.results[0].reason
    assert not Article.objects.exists()


def test_hostile_html_in_the_body_is_sanitised_and_the_text_kept(ingest):
    body = (
        '<p onclick="steal()">Texte <a href="javascript:alert(1)">lien</a> <a href="https://afp.com">source</a></p>'
        "<script>alert(1)</script><iframe src=//evil></iframe><img src=x onerror=alert(1)><style>p{}</style>"
    )
    report = ingest(("hostile.json", ninjs(bodies=[{"contentType": "text/html", "value": body}])))

    assert report.counts["created"] == 1
    stored = Article.objects.get().body
    for bad in ("script", "onclick", "javascript:", "iframe", "onerror", "<img", "<style", "alert"):
        assert bad not in stored
    assert "Texte" in stored and 'href="https://afp.com"' in stored


def test_body_with_nothing_left_after_sanitising_fails(ingest):
    body = "<script>document.location='https://evil'</script><style>body{display:none}</style>"
    report = ingest(("empty.json", ninjs(bodies=[{"contentType": "text/html", "value": body}])))

    assert report.results[0].outcome == "failed"
    assert report.results[0].reason.startswith("texte impossible à nettoyer")


def test_plain_text_body_becomes_paragraphs_and_angle_brackets_stay_text(ingest):
    text = "Premier paragraphe, 3 < 5.\n\nSecond paragraphe."
    ingest(("plain.json", ninjs(bodies=[{"contentType": "text/plain", "value": text}])))

    assert Article.objects.get().body == "<p>Premier paragraphe, 3 &lt; 5.</p><p>Second paragraphe.</p>"


def test_five_megabyte_body_is_refused_with_its_size(ingest):
    body = "<p>" + "x" * (5 * 1024 * 1024) + "</p>"
    report = ingest(
        ("huge.json", ninjs(bodies=[{"contentType": "text/html", "value": body}])), ("ok.json", ninjs("urn:ok"))
    )

    huge, ok = report.results
    assert huge.outcome == "failed"
    assert huge.reason.startswith("texte trop long : 5 242 887 caractères")
    assert ok.outcome == "created"


def test_json_that_is_not_utf8_is_reported_with_the_byte(ingest):
    latin1 = ninjs().decode().replace("Frappe aérienne", "Frappe aérienne").encode("latin-1")
    report = ingest(("latin1.json", latin1))

    assert report.results[0].outcome == "failed"
    assert report.results[0].reason.startswith("encodage invalide : le fichier n'est pas en UTF-8 (octet 0xe9")


def test_xml_declaring_latin1_is_read_with_its_accents(ingest):
    report = ingest(("latin1.xml", newsml(encoding="ISO-8859-1", headline="Défense antiaérienne")))

    assert report.counts["created"] == 1
    assert Article.objects.get().headline == "Défense antiaérienne"


def test_xml_declared_utf8_with_latin1_bytes_is_reported(ingest):
    data = newsml(headline="Défense").replace("Défense".encode(), "Défense".encode("latin-1"))
    report = ingest(("bad.xml", data))

    assert report.results[0].outcome == "failed"
    assert report.results[0].reason.startswith("XML invalide (encodage ou caractère interdit), ligne")


def test_newsml_message_with_several_items_imports_each(ingest):
    one = newsml("urn:1").decode().split("?>", 1)[1]
    two = newsml("urn:2").decode().split("?>", 1)[1]
    message = (
        '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>' + one + two + "</itemSet></newsMessage>"
    )
    report = ingest(("message.xml", message.encode()))

    assert report.counts["created"] == 2
    article = Article.objects.get(wire_id="urn:1")
    assert (article.agency, article.dateline, article.urgency) == ("AFP", "Ankara", 2)
    assert list(article.tags.names()) == ["conflit armé"]


def test_killed_halfway_and_run_again_imports_every_item_once(ingest, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK_SIZE", 2)
    files = [(f"item-{n}.json", ninjs(f"urn:item:{n}")) for n in range(6)]
    real_wire_values = storing.wire_values
    calls = []

    def killed_at_the_fourth_item(item):
        calls.append(item.wire_id)
        if len(calls) == 4:
            raise KeyboardInterrupt  # mid-chunk: item-2 is stored but not committed
        return real_wire_values(item)

    monkeypatch.setattr(storing, "wire_values", killed_at_the_fourth_item)
    reported = []
    with pytest.raises(KeyboardInterrupt):
        ingest(*files, progress=reported.append)
    monkeypatch.setattr(storing, "wire_values", real_wire_values)
    # What was reported is stored; the chunk being stored is not, even in part.
    assert [result.name for result in reported] == ["item-0.json", "item-1.json"]
    assert sorted(Article.objects.values_list("wire_id", flat=True)) == ["urn:item:0", "urn:item:1"]

    report = ingest(*files)

    assert report.counts == {"unchanged": 2, "created": 4}
    assert sorted(Article.objects.values_list("wire_id", flat=True)) == sorted(f"urn:item:{n}" for n in range(6))


def test_an_item_failing_after_its_rows_were_written_rolls_back_alone_with_its_new_tag(ingest, monkeypatch):
    real_log_entry = storing.log_entry

    def refused_for_the_second(article, **kwargs):
        if article.wire_id == "urn:item:2":
            raise IngestError("refusée pour le test")
        return real_log_entry(article, **kwargs)

    monkeypatch.setattr(storing, "log_entry", refused_for_the_second)
    subjects = [{"name": "Crète"}]
    report = ingest(
        ("1.json", ninjs("urn:item:1")),
        ("2.json", ninjs("urn:item:2", subjects=subjects)),
        ("3.json", ninjs("urn:item:3", subjects=subjects)),
    )

    assert [(result.name, result.outcome) for result in report.results] == [
        ("1.json", "created"),
        ("2.json", "failed"),
        ("3.json", "created"),
    ]
    assert sorted(Article.objects.values_list("wire_id", flat=True)) == ["urn:item:1", "urn:item:3"]
    # The tag the failed item created was rolled back with it; the next item made it again.
    assert list(Article.objects.get(wire_id="urn:item:3").tags.names()) == ["Crète"]
    assert LogEntry.objects.count() == 2


def test_newsml_xhtml_body_is_read_without_its_namespace(ingest):
    data = newsml().replace(
        b'<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>'
        b"<p>Les autorit\xc3\xa9s turques ont annonc\xc3\xa9 un bilan.</p></body.content></body></nitf>",
        b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>'
        b"<h2>Contexte</h2><p>Premier <em>paragraphe</em>.</p></body></html>",
    )
    ingest(("xhtml.xml", data))

    assert Article.objects.get().body == "<h2>Contexte</h2><p>Premier <em>paragraphe</em>.</p>"


def test_newsml_nitf_subheads_become_headings_and_byline_goes_to_history(ingest):
    body = "<hl2>Riposte</hl2><p>Ankara a riposté.</p>"
    data = newsml(body=body).replace(
        b"<body><body.content>", b"<body><body.head><byline>Par Ayse Kaya</byline></body.head><body.content>"
    )
    ingest(("nitf.xml", data))

    assert Article.objects.get().body == "<h2>Riposte</h2><p>Ankara a riposté.</p>"
    assert "signée Par Ayse Kaya" in LogEntry.objects.get().change_message
    assert Article.objects.get().byline == "Par Ayse Kaya"
