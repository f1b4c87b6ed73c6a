"""The front page ("À la une", then Dernières Infos time-first) and the dossier index."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, FrontSlot, Story
from tests.factories import ArticleFactory, CasualtyFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def leads(page):
    """Return the headlines "À la une", in order."""
    part = page.split('<section class="front-leads"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="teaser-headline">(?:<span class="urgent">[^<]*</span> )?<a [^>]*>([^<]*)</a>', part)


def latest(page):
    """Return the headlines of Dernières Infos, in order."""
    part = page.split('<section class="front-latest"', 1)[1]
    return re.findall(r'class="teaser-headline">(?:<span class="urgent">[^<]*</span> )?<a [^>]*>([^<]*)</a>', part)


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def test_without_a_choice_the_newest_urgent_or_updated_stories_lead(client):
    ArticleFactory(headline="Ordinaire récente", urgency=5, published_at=ago(minutes=1))
    ArticleFactory(headline="Flash ancien", urgency=1, published_at=ago(hours=5))
    ArticleFactory(headline="Mise à jour", urgency=5, published_at=ago(hours=9), updated_at=ago(minutes=30))
    ArticleFactory(headline="Urgent brouillon", urgency=1, status=Article.Status.DRAFT, published_at=None)
    page = html(client.get("/"))
    assert leads(page) == ["Mise à jour", "Flash ancien"]
    assert latest(page) == ["Ordinaire récente"]


def test_the_stories_editors_put_on_the_front_lead_in_their_order_and_appear_once(client):
    first = ArticleFactory(headline="Le choix de la rédaction", urgency=6, published_at=ago(hours=7))
    second = ArticleFactory(headline="Second choix", published_at=ago(hours=3))
    ArticleFactory(headline="Un flash non choisi", urgency=1)
    draft = ArticleFactory(headline="Brouillon choisi", status=Article.Status.DRAFT, published_at=None)
    FrontSlot.objects.create(article=second, position=2)
    FrontSlot.objects.create(article=first, position=1)
    FrontSlot.objects.create(article=draft, position=3)
    page = html(client.get("/"))
    assert leads(page) == ["Le choix de la rédaction", "Second choix"]
    assert latest(page) == ["Un flash non choisi"]
    assert "Brouillon choisi" not in page


def test_the_lead_stories_are_on_the_first_page_only(client):
    FrontSlot.objects.create(article=ArticleFactory(headline="À la une ce matin"), position=1)
    for i in range(25):
        ArticleFactory(headline=f"Dépêche {i:02d}", published_at=ago(minutes=i + 10))
    second = html(client.get("/?page=2"))
    assert "À la une ce matin" not in second and "<h1>Dernières Infos</h1>" in second


def test_dernieres_infos_gives_todays_time_alone_under_one_header_per_day(client, settings):
    settings.TIME_ZONE = "Europe/Paris"
    now = timezone.localtime()
    # A minute ago, but never before midnight.
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = ArticleFactory(headline="Aujourd'hui même", published_at=max(midnight, now - timedelta(minutes=1)))
    ArticleFactory(headline="La veille", published_at=now - timedelta(days=1))
    ArticleFactory(headline="Il y a trois jours", published_at=now - timedelta(days=3))
    page = html(client.get("/"))
    headers = re.findall(r'class="day-heading"[^>]*><time datetime="([\d-]+)">([^<]+)</time>', page)
    three_days = (now - timedelta(days=3)).date()
    assert [text for _, text in headers] == ["Aujourd&#x27;hui", "Hier", page_date(three_days)]
    assert [iso for iso, _ in headers][0] == now.date().isoformat()
    # Each card the time alone: the day is in its header.
    clock = timezone.localtime(today.published_at)
    assert f'<time class="clock" datetime="{clock.replace(microsecond=0).isoformat()}">{clock:%H:%M}</time>' in page
    times = re.findall(r'<time class="clock" datetime="[^"]+">([^<]+)</time>', page)
    assert len(times) == 3 and all(re.fullmatch(r"\d\d:\d\d", time) for time in times)


def page_date(day):
    from django.utils.formats import date_format

    return date_format(day, "l j F" if day.year == timezone.localdate().year else "l j F Y").capitalize()


def test_a_story_that_moved_rises_above_those_published_since(client):
    ArticleFactory(headline="Publiée il y a une heure", published_at=ago(hours=1))
    moved = ArticleFactory(headline="Nouveau bilan à Idleb", published_at=ago(hours=6))
    FrontSlot.objects.create(article=ArticleFactory(headline="Une", published_at=ago(hours=9)), position=1)
    assert latest(html(client.get("/"))) == ["Publiée il y a une heure", "Nouveau bilan à Idleb"]
    moved.updated_at = timezone.now()
    moved.save()
    assert latest(html(client.get("/"))) == ["Nouveau bilan à Idleb", "Publiée il y a une heure"]


def test_readers_see_a_new_choice_of_lead_stories_at_once_through_the_page_cache(
    client, django_capture_on_commit_callbacks
):
    chosen = ArticleFactory(headline="Choisie ensuite")
    ArticleFactory(headline="Flash du matin", urgency=1, published_at=ago(hours=2))
    assert leads(html(client.get("/"))) == ["Flash du matin"]
    with django_capture_on_commit_callbacks(execute=True):
        slot = FrontSlot.objects.create(article=chosen, position=1)
    assert leads(html(client.get("/"))) == ["Choisie ensuite"]
    with django_capture_on_commit_callbacks(execute=True):
        slot.delete()
    assert leads(html(client.get("/"))) == ["Flash du matin"]


def test_only_editors_choose_the_lead_stories(client, reporter, editor):
    article = ArticleFactory()
    data = {"article": str(article.pk), "position": "1"}
    client.force_login(reporter)
    assert client.post("/admin/articles/frontslot/add/", data).status_code == 403
    assert not FrontSlot.objects.exists()
    client.force_login(editor)
    assert client.post("/admin/articles/frontslot/add/", data).status_code == 302
    assert FrontSlot.objects.get().article == article


# Dossiers --------------------------------------------------------------------


def test_the_dossier_index_lists_stories_moved_last_first_with_their_newest_dispatch_and_current_toll(client):
    authorities = SourceFactory(name="les autorités turques", role="", slug="autorites-turques")
    idleb = Story.objects.create(title="Frappes à Idleb")
    first = ArticleFactory(headline="Premier bilan à Idleb", story=idleb, published_at=ago(hours=10))
    toll = CasualtyFigureFactory(article=first, count=22, source=authorities)
    newest = ArticleFactory(headline="Nouveau bilan à Idleb", story=idleb, published_at=ago(hours=1))
    CasualtyFigureFactory(article=newest, count=29, supersedes=toll, source=authorities)
    floods = Story.objects.create(title="Crues dans l'Aude")
    ArticleFactory(headline="L'Aude en vigilance rouge", story=floods, published_at=ago(hours=3))
    secret = Story.objects.create(title="Dossier secret")
    ArticleFactory(headline="Brouillon", story=secret, status=Article.Status.DRAFT, published_at=None)

    response = client.get("/dossiers/")
    assert response.status_code == 200
    page = html(response)
    assert page.index("Frappes à Idleb") < page.index("Crues dans l&#x27;Aude")
    entry = page.split("Frappes à Idleb", 1)[1].split("</article>", 1)[0]
    assert "Nouveau bilan à Idleb" in entry and "Premier bilan à Idleb" not in entry
    assert "Au moins 29 soldats turcs tués</strong>, selon les autorités turques" in entry
    assert "22" not in entry
    assert "Dossier secret" not in page


def test_the_dossier_index_is_linked_from_the_front_and_the_singular_address_leads_to_it(client):
    ArticleFactory()
    assert 'href="/dossiers/"' in html(client.get("/"))
    response = client.get("/dossier/")
    assert response.status_code == 301 and response["Location"] == "/dossiers/"


def test_the_dossier_index_costs_the_same_few_queries_however_many_stories(client, django_assert_max_num_queries):
    for n in range(12):
        story = Story.objects.create(title=f"Dossier {n}")
        for k in range(3):
            CasualtyFigureFactory(
                article=ArticleFactory(story=story, published_at=ago(minutes=n * 10 + k)), count=k + 1
            )
    # The page cache's schedule, the count, the stories, their newest dispatches, their tolls, the sections' menu.
    with django_assert_max_num_queries(6):
        response = client.get("/dossiers/")
    assert html(response).count('class="teaser story-entry"') == 12


def test_the_demo_desk_files_its_dispatches_in_every_section_and_curates_the_front(client):
    from articles import demo
    from articles.demo_content import FRONT
    from articles.models import Section

    demo.load()
    for section in Section.objects.all():
        assert Article.objects.published().in_section(section).exists(), section.name
    page = html(client.get("/"))
    assert leads(page) == [escape(Article.objects.get(slug=key).headline) for key in FRONT]
    assert "Syrie : les combats dans la province d&#x27;Idleb" in html(client.get("/dossiers/"))
    # An editor's own choice survives a second load.
    FrontSlot.objects.all().delete()
    FrontSlot.objects.create(article=Article.objects.get(slug="crete-seisme"), position=1)
    demo.load()
    assert list(FrontSlot.objects.values_list("article__slug", flat=True)) == ["crete-seisme"]
