"""The standfirst comes from a summary, never a caption or credit; the feed's language fills a missing one."""

import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.articles.ingest.items import newsml, ninjs

pytestmark = pytest.mark.django_db


def test_a_credit_line_or_caption_is_never_the_standfirst(ingest):
    descriptions = [
        {"role": "drol:credit", "value": "Photo : Agence / J. Martin"},
        {"role": "caption", "value": "Des secouristes à Idleb."},
        {"role": "drol:summary", "value": "Au moins 29 soldats turcs ont été tués."},
    ]
    ingest(("a.json", ninjs(descriptions=descriptions)))

    assert Article.objects.get().standfirst == "Au moins 29 soldats turcs ont été tués."


def test_an_item_with_only_a_credit_line_has_no_standfirst(ingest):
    ingest(("a.json", ninjs(descriptions=[{"role": "credit", "value": "Photo : Agence"}])))

    assert Article.objects.get().standfirst == ""


def test_newsml_takes_the_summary_description_not_the_caption(ingest):
    data = newsml().replace(
        b"<headline>",
        b'<description role="drol:caption">Photo : Agence</description>'
        b'<description role="drol:summary">Ankara annonce un nouveau bilan.</description><headline>',
    )
    ingest(("a.xml", data))

    assert Article.objects.get().standfirst == "Ankara annonce un nouveau bilan."


def test_the_feeds_language_is_given_to_items_that_name_none_and_are_too_short_to_recognise(tmp_path):
    too_short = {"headlines": [{"role": "main", "value": "Kaboul"}], "bodies": [{"role": "main", "value": "Kaboul."}]}
    (tmp_path / "sans-langue.json").write_bytes(ninjs("urn:en:1", language=None, **too_short))
    (tmp_path / "en-francais.json").write_bytes(ninjs("urn:en:2", language="fr"))

    call_command("ingest", str(tmp_path), "--language", "en", stdout=io.StringIO())

    assert dict(Article.objects.values_list("wire_id", "language")) == {"urn:en:1": "en", "urn:en:2": "fr"}


def test_without_a_feed_language_an_item_that_names_none_is_french(ingest):
    ingest(("a.json", ninjs(language=None)))

    assert Article.objects.get().language == "fr"


def test_an_invalid_feed_language_is_refused_before_anything_is_imported(tmp_path):
    (tmp_path / "a.json").write_bytes(ninjs())

    with pytest.raises(CommandError, match="Code de langue invalide : fr;DROP"):
        call_command("ingest", str(tmp_path), "--language", "fr;DROP", stdout=io.StringIO())
    assert not Article.objects.exists()
