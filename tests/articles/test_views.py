"""Reader pages through the test client: what a reader gets, and at what cost."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def latest_headlines(page):
    """Return the headlines of the "Dernières Infos" cards of an article page, in order."""
    section = page.split('<section class="related"', 1)[1]
    return re.findall(
        r'<h2 class="teaser-headline">(?:<span class="urgent">[^<]*</span> )?<a [^>]*>([^<]*)</a>', section
    )


def make_unpublished():
    return [
        ArticleFactory(headline="Brouillon secret", status=Article.Status.DRAFT, published_at=None),
        ArticleFactory(headline="Embargo secret", published_at=timezone.now() + timedelta(hours=2)),
        ArticleFactory(headline="Retrait secret", status=Article.Status.WITHDRAWN),
    ]


# Dernières Infos --------------------------------------------------------------


def test_latest_lists_published_items_newest_first_with_their_parts(client):
    older = ArticleFactory(headline="Ancienne dépêche", published_at=timezone.now() - timedelta(hours=3))
    newer = ArticleFactory(
        headline="Nouvelle dépêche",
        dateline="Ankara",
        urgency=2,
        standfirst="Le chapeau de la dépêche.",
        tags=["Syrie", "Turquie"],
    )
    make_unpublished()
    page = html(client.get("/"))
    # The urgent one leads the front ("À la une"), the other opens Dernières Infos.
    assert '<h1 id="a-la-une">À la une</h1>' in page and '<h2 id="dernieres-infos">Dernières Infos</h2>' in page
    assert page.index(newer.headline) < page.index("Dernières Infos</h2>") < page.index(older.headline)
    assert "Ankara" in page and "URGENT" in page and "Le chapeau de la dépêche." in page
    assert 'href="/tag/syrie/"' in page
    # Valid HTML times: to the second, never with microseconds.
    assert f'datetime="{timezone.localtime(newer.published_at).replace(microsecond=0).isoformat()}"' in page
    assert "secret" not in page


def test_only_the_urgent_items_carry_the_urgent_mark(client):
    ArticleFactory(headline="Flash", urgency=1)
    ArticleFactory(headline="Ordinaire", urgency=4)
    page = html(client.get("/"))
    assert page.count('class="urgent"') == 1


def test_latest_is_paginated_by_twenty(client):
    for i in range(25):
        ArticleFactory(headline=f"Dépêche {i:02d}", published_at=timezone.now() - timedelta(minutes=i + 1))
    first, second = client.get("/"), client.get("/?page=2")
    assert html(first).count('class="teaser"') == 20
    assert html(second).count('class="teaser"') == 5
    assert "Dépêche 24" in html(second) and "Dépêche 24" not in html(first)


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1e9", "99999999999999999999999", "%00", "1.5"])
def test_latest_with_a_bad_page_number_is_a_french_404(client, page):
    ArticleFactory()
    response = client.get("/", {"page": page})
    assert response.status_code == 404
    assert "Page introuvable" in html(response)


def test_front_page_costs_at_most_eight_queries_whatever_the_items_and_tags(client, django_assert_max_num_queries):
    for i in range(30):
        ArticleFactory(tags=[f"tag{i}", f"autre{i}", "commun"])
    client.get("/")  # the tags' content type, read once per process
    # The lead stories chosen (none), the default leads and their tags, the count, the page and
    # its tags, the sections' menu.
    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200
    assert html(response).count('class="tags"') == 20


def test_empty_desk_says_so(client):
    assert "Aucune dépêche publiée" in html(client.get("/"))


# Article page -----------------------------------------------------------------


@pytest.fixture
def story():
    article = ArticleFactory(
        headline="Au moins 29 soldats turcs tués dans la province d'Idleb",
        dateline="Washington",
        body="<p>Premier paragraphe.</p><p>Deuxième paragraphe.</p>",
        correction="Une version précédente situait l'attaque à Alep.",
        updated_at=timezone.now(),
        tags=["Syrie", "Otan"],
    )
    authorities = SourceFactory(name="les autorités turques", role="", kind="government", slug="autorites-turques")
    spokesman = SourceFactory(name="", role="porte-parole de la diplomatie américaine", kind="anonymous")
    first = CasualtyFigureFactory(
        article=article, count=9, qualifier="exact", source=authorities, reported_at=timezone.now() - timedelta(hours=5)
    )
    second = CasualtyFigureFactory(
        article=article, count=22, supersedes=first, source=authorities, reported_at=timezone.now() - timedelta(hours=3)
    )
    CasualtyFigureFactory(article=article, count=29, supersedes=second, source=authorities)
    QuoteFactory(
        article=article,
        source=spokesman,
        featured=True,
        text="Nous soutenons notre allié",
        context="a déclaré dans un communiqué",
    )
    return article


def test_article_page_shows_everything_a_reader_needs(client, story):
    page = html(client.get(story.get_absolute_url()))
    assert escape(story.headline) in page
    assert "Washington" in page
    assert "Publié le" in page and "Mis à jour le" in page
    assert "<p>Premier paragraphe.</p><p>Deuxième paragraphe.</p>" in page
    assert "Au moins 29 soldats turcs tués</strong>, selon les autorités turques" in page
    assert "Premier bilan" in page and "9 soldats turcs tués, selon les autorités turques" in page
    assert "Nouveau bilan" in page
    assert "« Nous soutenons notre allié »" in page
    assert "un porte-parole de la diplomatie américaine" in page
    assert "Sources citées" in page and 'href="/source/autorites-turques/"' in page
    assert "Rectificatif" in page and "situait l&#x27;attaque à Alep" in page
    assert 'href="/tag/otan/"' in page
    assert '<meta name="description" content="Premier paragraphe. Deuxième paragraphe.">' in page


def test_article_page_lists_five_latest_other_items(client, story):
    for i in range(7):
        ArticleFactory(headline=f"Autre dépêche {i}", published_at=timezone.now() - timedelta(minutes=i + 1))
    page = html(client.get(story.get_absolute_url()))
    related = page[page.index('class="related"') :]
    assert related.count('class="teaser"') == 5
    assert story.headline not in related


def test_article_page_costs_five_queries_whatever_it_holds(client, story, settings, django_assert_max_num_queries):
    for i in range(10):
        QuoteFactory(article=story, source=SourceFactory())
        CasualtyFigureFactory(article=story, outcome="injured", count=i, source=SourceFactory())
    story.tags.add(*[f"theme{i}" for i in range(10)])
    for _ in range(6):
        ArticleFactory(tags=["x", "y"])
    # The article, its tags, quotes and tolls (with their sources), the latest items, the sections' menu, and the
    # breaking alert (read once a minute: this is the first page since the cache was cleared).
    with django_assert_max_num_queries(7):
        response = client.get(story.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert page.count('class="pull-quote"') == 1
    assert "Au moins 9 soldats turcs blessés" in page and 'href="/tag/theme9/"' in page
    assert page.count('<li><a href="/source/') == 22  # sources cited: the story's two, then twenty
    assert page.count('class="teaser"') == 5


def test_dernieres_infos_follows_the_desk_for_a_reader_with_a_session_cookie(client, story):
    client.cookies["sessionid"] = "lecteur"
    older = [ArticleFactory(headline=f"Dépêche plus ancienne {n}") for n in range(3)]

    def shown():
        return latest_headlines(html(client.get(story.get_absolute_url())))

    before = shown()
    assert older[2].headline == before[0] and story.headline not in before
    fresh = ArticleFactory(headline="Nouveau bilan : au moins 29 morts")
    assert shown() == [fresh.headline, *before[:4]]
    fresh.headline = "Nouveau bilan : au moins 31 morts"
    fresh.save()
    assert shown()[0] == fresh.headline
    fresh.status = Article.Status.WITHDRAWN
    fresh.save()
    assert shown() == before


def test_dernieres_infos_without_a_cache_is_read_with_each_page(client, story, settings):
    from tests.support import unreachable_redis_caches

    # Redis down: no generation to keep the list under; each page reads its own.
    settings.CACHES = unreachable_redis_caches()
    client.cookies["sessionid"] = "lecteur"
    first = ArticleFactory(headline="Première dépêche")
    assert latest_headlines(html(client.get(story.get_absolute_url())))[0] == first.headline
    second = ArticleFactory(headline="Seconde dépêche")
    assert latest_headlines(html(client.get(story.get_absolute_url())))[:2] == [second.headline, first.headline]


def test_stale_slug_redirects_permanently_to_the_canonical_url(client, story):
    for stale in [f"/article/{story.pk}/ancien-titre/", f"/article/{story.pk}/"]:
        response = client.get(stale)
        assert response.status_code == 301
        assert response["Location"] == story.get_absolute_url()


@pytest.mark.parametrize("index", [0, 1, 2])
def test_draft_scheduled_and_withdrawn_articles_are_404_for_readers(client, index):
    article = make_unpublished()[index]
    for url in [article.get_absolute_url(), f"/article/{article.pk}/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert article.headline not in html(response)


@pytest.mark.parametrize(
    "url",
    [
        "/tag/%00/",
        "/source/a%00b/",
        "/article/1/%00/",
        "/flux/tag/%00/rss/",
        "/tag/%1F/",
        "/article/999999/x/",
        "/article/0/",
        "/article/abc/",
        "/tag/inconnu/",
        "/source/inconnue/",
        "/nulle-part/",
        "/article/99999999999999999999999/x/",
    ],
)
def test_unknown_urls_are_french_404s(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in html(response)


# Staff preview ------------------------------------------------------------------


def test_staff_preview_shows_a_draft_uncached_and_readers_are_sent_to_login(client, editor):
    draft = ArticleFactory(headline="Brouillon en cours", status=Article.Status.DRAFT, published_at=None)
    url = f"/apercu/article/{draft.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Brouillon en cours" in html(response) and "Aperçu réservé à la rédaction" in html(response)
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


# Tag and source pages ------------------------------------------------------------


def test_tag_page_lists_only_published_items_with_the_tag(client):
    ArticleFactory(headline="Sur la Syrie", tags=["Syrie"])
    ArticleFactory(headline="Sur le Mali", tags=["Mali"])
    ArticleFactory(headline="Syrie en brouillon", tags=["Syrie"], status="draft", published_at=None)
    page = html(client.get("/tag/syrie/"))
    assert "Thème : Syrie" in page
    assert "Sur la Syrie" in page and "Sur le Mali" not in page and "brouillon" not in page


@pytest.mark.parametrize(
    "status, published_at",
    [
        ("draft", None),
        ("published", timezone.now() + timedelta(hours=2)),  # scheduled: under embargo
        ("withdrawn", timezone.now() - timedelta(hours=1)),
    ],
    ids=["draft", "scheduled", "withdrawn"],
)
def test_a_tag_used_only_by_unpublished_articles_has_no_page_nor_feed(client, status, published_at):
    ArticleFactory(headline="Offensive sous embargo", tags=["Idleb"], status=status, published_at=published_at)
    ArticleFactory(headline="Sur le Mali", tags=["Mali"])
    assert client.get("/tag/idleb/").status_code == 404
    assert client.get("/flux/tag/idleb/rss/").status_code == 404
    assert client.get("/tag/mali/").status_code == 200


def test_source_page_lists_its_published_quotes_with_links(client):
    source = SourceFactory(name="Kay Bailey Hutchison", role="ambassadrice des Etats-Unis auprès de l'Otan")
    public = QuoteFactory(source=source, text="Ils voient la Russie telle qu'elle est")
    QuoteFactory(source=source, text="Citation embargo", article=ArticleFactory(status="draft", published_at=None))
    page = html(client.get(source.get_absolute_url()))
    assert "Kay Bailey Hutchison, ambassadrice" in page
    assert "Ils voient la Russie telle qu&#x27;elle est" in page
    assert public.article.get_absolute_url() in page
    assert "Citation embargo" not in page


def test_source_quoted_only_in_drafts_has_no_public_page(client):
    source = SourceFactory()
    QuoteFactory(source=source, article=ArticleFactory(status="draft", published_at=None))
    assert client.get(source.get_absolute_url()).status_code == 404


# Every page -------------------------------------------------------------------


def test_every_page_has_the_search_box_and_is_french(client, story):
    for url in ["/", story.get_absolute_url(), "/tag/syrie/", "/recherche/", "/recherche/?q=soldats"]:
        page = html(client.get(url))
        assert '<html lang="fr">' in page
        assert 'action="/recherche/"' in page and 'name="q"' in page and "Rechercher" in page


def test_english_readers_get_english_through_i18n(client):
    page = html(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in page
    assert "Latest news" in page and "Search" in page


def test_writes_are_refused_on_reader_pages(client, story):
    assert client.post("/").status_code == 405
    assert client.post(story.get_absolute_url()).status_code in (403, 405)


def test_toll_history_is_drawn_as_a_server_side_chart(client, story):
    page = html(client.get(story.get_absolute_url()))
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert chart.count("<rect") == 3
    assert "Évolution du bilan : 9, 22, 29" in chart
    assert "<script" not in chart and "style=" not in chart


def test_source_that_only_reported_a_toll_has_a_page_listing_it(client):
    authorities = SourceFactory(name="les autorités turques", role="", kind="government", slug="autorites-turques")
    figure = CasualtyFigureFactory(source=authorities)
    CasualtyFigureFactory(source=authorities, count=3, article=ArticleFactory(status="draft", published_at=None))
    response = client.get("/source/autorites-turques/")
    assert response.status_code == 200
    page = html(response)
    assert "Bilans annoncés" in page and "Au moins 29 soldats turcs tués" in page
    assert figure.article.get_absolute_url() in page
    assert "3 soldats" not in page


def test_a_tag_of_punctuation_only_gets_a_page_of_its_own(client):
    article = ArticleFactory(tags=["#", ">", "Syrie"])
    slugs = sorted(tag.slug for tag in article.tags.all())
    assert all(slugs) and len(set(slugs)) == 3
    page = html(client.get(article.get_absolute_url()))
    for slug in slugs:
        assert f'href="/tag/{slug}/"' in page
        assert client.get(f"/tag/{slug}/").status_code == 200


def test_the_site_name_setting_names_every_page(client, settings):
    settings.NEWSDESK_SITE_NAME = "Le Fil du Soir"
    page = html(client.get("/"))
    assert "<title>Dernières Infos — Le Fil du Soir</title>" in page
    assert ">Le Fil du Soir</a>" in page


def test_dernieres_infos_cards_follow_the_readers_language(client, story):
    # The shared items keep their printed cards: one per language.
    client.cookies["sessionid"] = "lecteur"
    # Two days old: a card gives the time alone for today's, the day and month before.
    two_days_ago = timezone.now() - timedelta(days=2)
    ArticleFactory(headline="Dépêche urgente", urgency=1, published_at=two_days_ago)
    french = html(client.get(story.get_absolute_url())).split('<section class="related"', 1)[1]
    english = html(client.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")).split(
        '<section class="related"', 1
    )[1]
    again = html(client.get(story.get_absolute_url())).split('<section class="related"', 1)[1]
    month = timezone.localtime(two_days_ago).month
    from django.utils.dates import MONTHS
    from django.utils.translation import override

    with override("en"):
        english_month = str(MONTHS[month])
    with override("fr"):
        french_month = str(MONTHS[month])
    assert french_month in french and english_month not in french
    assert english_month in english and "Latest news" in english
    assert again == french
