"""Readers' live pages: the coverage page without JavaScript, its JSON-LD, the poll with ETag/304 and its interval."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from PIL import Image

from live.models import LiveCoverage, LiveEntry
from live.posting import post_entry

pytestmark = pytest.mark.django_db


class JsonLd(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._inside:
            self.found.append(json.loads(data))
            self._inside = False


def json_ld(response):
    parser = JsonLd()
    parser.feed(response.content.decode())
    (data,) = parser.found
    return data


def entry_ids(html):
    return [int(n) for n in re.findall(r'class="live-entry[^"]*" id="entree-(\d+)"', html)]


def test_the_coverage_page_shows_summary_key_events_first_entries_newest_first_and_the_toll(
    client, coverage, editor, toll
):
    now = timezone.now()
    older = post_entry(coverage=coverage, author=editor, text="Premières frappes", posted_at=now - timedelta(hours=2))
    key = post_entry(
        coverage=coverage,
        author=editor,
        text="Ankara annonce une riposte",
        is_key_event=True,
        posted_at=now - timedelta(hours=1),
    )
    newer = post_entry(coverage=coverage, author=editor, toll=toll, posted_at=now)
    html = client.get(coverage.get_absolute_url()).content.decode()
    assert "En direct" in html and "Terminé" not in html
    assert "la mort de ses soldats" in html  # the pinned summary
    key_events = html.index("Faits marquants")
    assert key_events < html.index('id="entree-')
    assert f'href="#entree-{key.pk}"' in html[key_events:]
    assert entry_ids(html) == [newer.pk, key.pk, older.pk]
    # The story's toll box, and the toll posted as an entry.
    assert 'class="toll"' in html and html.count("Au moins 29 soldats turcs tués") == 2
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d">', html)
    assert not re.search(r'id="entree-\d+">\s*<p class="live-time"><time datetime="[^"]*\.\d+', html)


def test_the_live_blog_posting_carries_updates_coverage_times_and_the_publisher_logo(client, coverage, entry):
    data = json_ld(client.get(coverage.get_absolute_url()))
    assert data["@type"] == "LiveBlogPosting"
    assert data["headline"] == coverage.title
    assert data["coverageStartTime"] == coverage.started_at.isoformat()
    assert "coverageEndTime" not in data
    (update,) = data["liveBlogUpdate"]
    assert update["@type"] == "BlogPosting"
    assert update["articleBody"] == "Les frappes ont repris à l'aube sur Saraqeb."
    assert update["url"].endswith(f"/direct/idleb-direct/#entree-{entry.pk}")
    assert data["publisher"]["name"] == "Newsdesk"
    logo = data["publisher"]["logo"]
    assert logo["url"] == "http://testserver/static/img/newsdesk-logo.png"
    with Image.open(finders.find("img/newsdesk-logo.png")) as picture:
        assert picture.size == (logo["width"], logo["height"]) == (600, 60)

    coverage.status = LiveCoverage.Status.ENDED
    coverage.save()
    response = client.get(coverage.get_absolute_url())
    assert json_ld(response)["coverageEndTime"] == coverage.ended_at.isoformat()
    assert "Terminé" in response.content.decode()


def test_a_correction_is_shown_as_such(client, coverage, entry):
    entry.correction = "Il s'agit de Saraqeb, non de Maarat al-Noomane."
    entry.save()
    html = client.get(coverage.get_absolute_url()).content.decode()
    assert "Rectificatif" in html and "non de Maarat al-Noomane" in html


@pytest.mark.parametrize("path", ["/direct/inconnue/", "/direct/inconnue/entrees", "/direct/%00/"])
def test_an_unknown_coverage_is_a_404(client, path, coverage):
    assert client.get(path).status_code == 404


def test_a_draft_coverage_is_a_404_and_not_listed(client, coverage):
    coverage.status = LiveCoverage.Status.DRAFT
    coverage.save()
    assert client.get(coverage.get_absolute_url()).status_code == 404
    assert client.get("/direct/idleb-direct/entrees").status_code == 404
    assert "idleb-direct" not in client.get("/direct/").content.decode()


def test_the_index_lists_visible_coverages_live_first(client, coverage, story):
    LiveCoverage.objects.create(title="Séisme en Crète", story=story, status=LiveCoverage.Status.ENDED)
    html = client.get("/direct/").content.decode()
    assert html.index("Idleb : la situation en direct") < html.index("Séisme en Crète")


@pytest.mark.parametrize("after", ["abc", "-1", "1.5", str(2**64)])
def test_a_poll_with_a_bad_after_is_a_404(client, coverage, after):
    assert client.get(f"/direct/idleb-direct/entrees?after={after}").status_code == 404


def test_a_poll_returns_the_new_entries_then_304_until_the_coverage_changes(client, coverage, entry, editor):
    url = f"/direct/idleb-direct/entrees?after={entry.pk}"
    first = client.get(url)
    assert first.status_code == 200 and first.json()["entries"] == []
    assert first["X-Poll-Interval"] == "15" and first.json()["interval"] == 15
    etag = first["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["X-Poll-Interval"] == "15"

    new = post_entry(coverage=coverage, author=editor, text="Un convoi touché près de Saraqeb")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    (only,) = changed.json()["entries"]
    assert only["id"] == new.pk and "Un convoi touché" in only["html"]


def test_an_unchanged_poll_costs_one_query(client, coverage, entry, django_assert_num_queries):
    url = f"/direct/idleb-direct/entrees?after={entry.pk}"
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_the_server_sets_the_interval_and_zero_stops_polling(client, coverage, entry, settings):
    settings.NEWSDESK_LIVE_POLL_SECONDS = 60
    response = client.get("/direct/idleb-direct/entrees")
    assert response.json()["interval"] == 60
    assert 'data-poll-interval="60"' in client.get(coverage.get_absolute_url()).content.decode()

    settings.NEWSDESK_LIVE_POLL_SECONDS = 0
    stopped = client.get("/direct/idleb-direct/entrees", headers={"If-None-Match": response["ETag"]})
    assert stopped.status_code == 200 and stopped.json()["interval"] == 0 and stopped["X-Poll-Interval"] == "0"


def test_an_ended_coverage_tells_pages_to_stop_polling(client, coverage, entry):
    coverage.status = LiveCoverage.Status.ENDED
    coverage.save()
    response = client.get("/direct/idleb-direct/entrees")
    assert response.json()["interval"] == 0 and response.json()["status"] == "ended"


def test_a_new_entry_reaches_the_cached_page_at_once(client, coverage, entry, editor):
    assert client.get(coverage.get_absolute_url()).status_code == 200
    post_entry(coverage=coverage, author=editor, text="Un convoi touché près de Saraqeb")
    assert "Un convoi touché" in client.get(coverage.get_absolute_url()).content.decode()
    LiveEntry.objects.filter(text__contains="convoi").delete()
    assert "Un convoi touché" not in client.get(coverage.get_absolute_url()).content.decode()


def test_the_demo_desk_has_a_live_coverage_with_entries_a_key_event_a_summary_and_a_toll(client):
    from articles import demo

    demo.load()
    demo.load()  # twice: nothing is duplicated
    coverage = LiveCoverage.objects.get(slug="crues-aude-en-direct")
    assert coverage.entries.count() >= 5 and coverage.entries.filter(is_key_event=True).exists()
    html = client.get(coverage.get_absolute_url()).content.decode()
    assert "L'essentiel" in html and "Faits marquants" in html and 'class="toll"' in html
    assert len(entry_ids(html)) == coverage.entries.count()
