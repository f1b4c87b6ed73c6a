"""Rubriques: the section pages, feeds and sitemap, the wire subjects that file dispatches in them, the admin."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, Section, SectionSubject
from articles.sections import section_for
from tests.articles.ingest.items import ninjs
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


@pytest.fixture
def sport():
    return Section.objects.get(slug="sport")


def test_the_desks_first_sections_are_there_in_their_order_with_their_wire_subjects():
    assert [section.name for section in Section.objects.all()] == ["Monde", "Liban", "Économie", "Sport", "Culture"]
    assert SectionSubject.objects.get(subject="medtop:15000000").section.slug == "sport"
    assert SectionSubject.objects.get(subject="liban").section.slug == "liban"


def test_a_section_page_lists_its_published_articles_only_the_one_that_moved_last_first(client, sport):
    old = ArticleFactory(headline="Record du marathon", section=sport, published_at=timezone.now() - timedelta(hours=5))
    moved = ArticleFactory(
        headline="Finale de la coupe : nouveau score",
        section=sport,
        published_at=timezone.now() - timedelta(hours=8),
        updated_at=timezone.now() - timedelta(minutes=2),
    )
    ArticleFactory(headline="Un article de la rubrique Monde", section=Section.objects.get(slug="monde"))
    ArticleFactory(headline="Brouillon sportif", section=sport, status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(headline="Sans rubrique")
    response = client.get("/rubrique/sport/")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>Sport</h1>" in page
    assert page.index(moved.headline) < page.index(old.headline)
    for absent in ("rubrique Monde", "Brouillon sportif", "Sans rubrique"):
        assert absent not in page
    # Its feeds are announced to feed readers.
    assert 'href="/flux/rubrique/sport/rss/"' in page and 'href="/flux/rubrique/sport/atom/"' in page


def test_every_page_links_to_the_sections_in_their_order(client):
    page = html(client.get("/"))
    links = [f'href="/rubrique/{slug}/"' for slug in ("monde", "liban", "economie", "sport", "culture")]
    assert all(link in page for link in links)
    assert sorted(links, key=page.index) == links


def test_a_section_page_is_paginated_like_the_latest_list(client, sport):
    for i in range(23):
        ArticleFactory(
            headline=f"Résultat {i:02d}", section=sport, published_at=timezone.now() - timedelta(minutes=i + 1)
        )
    first, second = html(client.get("/rubrique/sport/")), html(client.get("/rubrique/sport/?page=2"))
    assert first.count('class="teaser"') == 20 and second.count('class="teaser"') == 3
    assert "Résultat 22" in second and "Résultat 22" not in first


@pytest.mark.parametrize("url", ["/rubrique/inconnue/", "/rubrique/sport/?page=9", "/rubrique/sport/?page=abc"])
def test_an_unknown_section_or_page_is_a_french_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in html(response)


def test_an_empty_section_says_so(client):
    assert "Aucune dépêche publiée dans cette rubrique" in html(client.get("/rubrique/culture/"))


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_sections_feed_carries_its_published_articles_only(client, sport, kind):
    ArticleFactory(headline="Record du monde du 10 000 m", section=sport)
    ArticleFactory(headline="Sommet de l'Otan", section=Section.objects.get(slug="monde"))
    ArticleFactory(headline="Brouillon sportif", section=sport, status=Article.Status.DRAFT, published_at=None)
    response = client.get(f"/flux/rubrique/sport/{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title.startswith("Rubrique Sport")
    assert [entry.title for entry in feed.entries] == ["Record du monde du 10 000 m"]
    assert client.get(f"/flux/rubrique/inconnue/{kind}/").status_code == 404


def test_the_sitemap_lists_the_sections_with_published_articles(client, sport):
    article = ArticleFactory(section=sport)
    ArticleFactory(section=Section.objects.get(slug="culture"), status=Article.Status.DRAFT, published_at=None)
    page = html(client.get("/sitemap-sections.xml"))
    assert "http://testserver/rubrique/sport/" in page
    assert f"{article.published_at:%Y-%m-%dT%H:%M:%S}" in page
    assert "/rubrique/culture/" not in page and "/rubrique/monde/" not in page


# The wire's subjects -----------------------------------------------------------


def test_the_first_mapped_subject_in_the_agencys_order_gives_the_section():
    assert section_for(["athlétisme", "  SPORT ", "Liban"]).slug == "sport"
    assert section_for(["Liban", "sport"]).slug == "liban"
    assert section_for(["MEDTOP:04000000"]).slug == "economie"
    assert section_for(["athlétisme", "météo"]) is None
    assert section_for([]) is None


def test_an_imported_dispatch_is_filed_in_the_section_its_subjects_map_to(ingest):
    item = ninjs(
        subjects=[{"name": "athlétisme"}, {"name": "Sport", "uri": "http://cv.iptc.org/newscodes/mediatopic/15000000"}]
    )
    report = ingest(("record.json", item))
    article = Article.objects.get(pk=report.results[0].article_id)
    assert article.section.slug == "sport"


def test_a_dispatch_whose_subjects_map_to_nothing_has_no_section(ingest):
    report = ingest(("meteo.json", ninjs(subjects=[{"name": "météo"}])))
    assert Article.objects.get(pk=report.results[0].article_id).section is None


def test_a_mapping_an_editor_adds_in_the_admin_files_the_next_dispatches(editor_client, ingest):
    culture = Section.objects.get(slug="culture")
    response = editor_client.post(
        f"/admin/articles/section/{culture.pk}/change/",
        {
            "name": "Culture",
            "slug": "culture",
            "order": "5",
            "subjects-TOTAL_FORMS": "1",
            "subjects-INITIAL_FORMS": "0",
            "subjects-0-subject": "  Archéologie ",
            "subjects-0-id": "",
            "subjects-0-section": str(culture.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SectionSubject.objects.filter(subject="archéologie", section=culture).exists()
    report = ingest(("fouilles.json", ninjs(subjects=[{"name": "Archéologie"}])))
    assert Article.objects.get(pk=report.results[0].article_id).section == culture


def test_reporters_read_the_sections_but_only_editors_change_them(reporter_client):
    monde = Section.objects.get(slug="monde")
    url = f"/admin/articles/section/{monde.pk}/change/"
    assert reporter_client.get(url).status_code == 200
    # The admin shows a reporter the section read-only, and saves nothing they post.
    reporter_client.post(url, {"name": "Planète", "slug": "monde", "order": "1"})
    assert Section.objects.get(pk=monde.pk).name == "Monde"
    assert reporter_client.get("/admin/articles/section/add/").status_code == 403


def test_a_published_article_moved_to_another_section_leaves_one_cached_page_for_the_other(
    client, sport, django_capture_on_commit_callbacks
):
    article = ArticleFactory(headline="Le derby reporté", section=sport)
    assert article.headline in html(client.get("/rubrique/sport/"))
    assert article.headline not in html(client.get("/rubrique/culture/"))
    with django_capture_on_commit_callbacks(execute=True):
        article.section = Section.objects.get(slug="culture")
        article.save()
    assert article.headline not in html(client.get("/rubrique/sport/"))
    assert article.headline in html(client.get("/rubrique/culture/"))


def test_a_renamed_section_is_renamed_on_the_cached_pages(client, sport, django_capture_on_commit_callbacks):
    assert ">Sport</a>" in html(client.get("/"))
    with django_capture_on_commit_callbacks(execute=True):
        sport.name = "Sports"
        sport.save()
    assert ">Sports</a>" in html(client.get("/"))
