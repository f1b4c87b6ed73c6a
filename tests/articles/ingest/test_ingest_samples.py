"""Every official sample in ../shared/wire/ imports, field by field."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry

from articles.models import Article

pytestmark = pytest.mark.django_db

COSTA_URI = "http://ninjs.example.com/newsitems/20130709simp123"
COSTA_START = "<p>GROSSETO, Italy (AP) -- The trial of the captain of the shipwrecked Costa Concordia"


def sample(shared_dir, *parts):
    path = shared_dir.joinpath("wire", *parts)
    return path.name, path.read_bytes()


@pytest.mark.parametrize(
    "filename",
    ["example-2.2-simple-text-article.json", "example-3.0-simple-text.json", "example-3.1-simple-text-article.json"],
)
def test_each_ninjs_sample_becomes_a_draft_with_its_headline_body_and_byline(shared_dir, ingest, filename):
    report = ingest(sample(shared_dir, "ninjs", filename))

    assert report.counts["created"] == 1, report.results
    article = Article.objects.get(wire_id=COSTA_URI)
    assert article.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert article.status == Article.Status.DRAFT and article.published_at is None
    # The HTML body is preferred to the plain one, kept as paragraphs.
    assert article.body.startswith(COSTA_START)
    assert article.body.count("<p>") == 4
    assert "<body>" not in article.body
    assert article.wire_version is None
    # The samples name no language: their English is recognised, never taken for French.
    assert article.urgency == 5 and article.language == "en"
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.action_flag == ADDITION
    assert "Paulo Santalucia and Frances d'Emilio" in entry.change_message
    assert article.byline == "By Paulo Santalucia and Frances d'Emilio" or "Santalucia" in article.byline
    assert filename in entry.change_message


def test_newsml_sample_with_nitf_body_maps_every_field(shared_dir, ingest):
    report = ingest(sample(shared_dir, "newsml-g2", "LISTING_2_NewsML-G2_Text_Document.xml"))

    assert report.counts["created"] == 1, report.results
    article = Article.objects.get()
    assert article.wire_id == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert article.wire_version == 11
    assert article.headline == 'Fed to halt QE to avert "bubble"'
    assert article.dateline == "New York, NY"
    assert article.agency == "Associated Press"
    assert article.language == "en-US"
    assert sorted(article.tags.names()) == [
        "central bank",
        "economy, business and finance",
        "money and monetary policy",
    ]
    assert article.body.startswith("<p>(New York, NY - October 21) Et, sent luptat luptat, commy Nim zzriureet")
    assert article.body.count("<p>") == 2
    assert "\n " not in article.body  # the XML indentation is gone
    assert "Meredith Jameson" in LogEntry.objects.get().change_message


def test_newsml_sample_with_embargo_in_the_past_and_empty_body_imports_as_plain_draft(shared_dir, ingest):
    report = ingest(sample(shared_dir, "newsml-g2", "LISTING_1_A_NewsML-G2_News_Item.xml"))

    assert report.counts["created"] == 1, report.results
    article = Article.objects.get()
    assert article.wire_id == "urn:newsml:acmenews.com:20161018:US-FINANCE-FED"
    assert article.wire_version == 11
    assert article.headline == 'Fed to halt QE to avert "bubble"'
    assert article.dateline == "Berlin"
    assert article.agency == "REUTERS"  # provider: the info source has no name
    assert article.language == "en-GB"
    assert sorted(article.tags.names()) == ["economy, business and finance", "labour market"]
    assert article.body == ""  # the sample's inlineXML holds only comments
    # Its embargo (2018) is over: nothing to schedule.
    assert article.published_at is None and article.status == Article.Status.DRAFT


def test_newsml_sample_published_with_publish_flag_goes_live_now(shared_dir, ingest):
    before = datetime.now(UTC)
    ingest(sample(shared_dir, "newsml-g2", "LISTING_2_NewsML-G2_Text_Document.xml"), publish=True)

    article = Article.objects.get()
    assert article.is_published()
    assert article.published_at >= before


def test_the_samples_folder_twice_creates_nothing_the_second_time(shared_dir, ingest):
    files = [
        sample(shared_dir, "ninjs", "example-3.1-simple-text-article.json"),
        sample(shared_dir, "newsml-g2", "LISTING_1_A_NewsML-G2_News_Item.xml"),
        sample(shared_dir, "newsml-g2", "LISTING_2_NewsML-G2_Text_Document.xml"),
    ]
    ingest(*files)
    again = ingest(*files)

    assert again.counts["unchanged"] == 3, again.results
    assert Article.objects.count() == 3
    assert LogEntry.objects.count() == 3
