"""The demo desk: what `load_demo` puts on the site, and that loading it again changes nothing."""

import re
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from articles import demo
from articles.models import Article, CasualtyFigure, Quote, Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_settings(settings):
    # The command refuses to run without DEBUG (public passwords); hashing the
    # demo passwords the production way would only slow the suite down.
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=StringIO())
    return Article.objects.filter(wire_id__startswith=demo.WIRE_PREFIX)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Quote, CasualtyFigure, Source, Tag, get_user_model())
    }


def test_the_demo_has_a_dozen_dispatches_each_tagged_dated_and_credited(loaded):
    assert loaded.count() >= 12
    for article in loaded:
        assert article.tags.exists(), article.headline
        assert article.dateline and article.agency == "AFP"
        assert 4 <= article.body.count("<p>") <= 8, article.headline


def test_the_demo_has_one_scheduled_one_withdrawn_one_draft_and_an_urgent_item(loaded):
    now = timezone.now()
    assert loaded.filter(status=Article.Status.PUBLISHED, published_at__gt=now).count() == 1
    assert loaded.filter(status=Article.Status.WITHDRAWN).count() == 1
    assert loaded.filter(status=Article.Status.DRAFT).count() == 1
    urgent = [article for article in loaded.published() if article.is_urgent]
    assert urgent
    assert loaded.published().exclude(correction="").exists()
    assert loaded.published().filter(updated_at__isnull=False).exists()


def test_published_times_spread_over_the_last_days(loaded):
    times = sorted(loaded.published().values_list("published_at", flat=True))
    assert timezone.now() - times[0] > timedelta(days=1)
    assert timezone.now() - times[-1] < timedelta(hours=6)


def test_one_toll_is_revised_three_times_each_figure_attributed_and_later_than_the_last(loaded):
    chains = [chain for article in loaded for chain in article.toll_histories()]
    longest = max(chains, key=len)
    assert len(longest) >= 4
    assert all(figure.source for figure in longest)
    times = [figure.reported_at for figure in longest]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert longest[0].sentence() == "9 soldats turcs tués, selon les autorités turques"
    assert longest[-1].sentence() == "33 soldats turcs tués, selon les autorités turques"


def test_quotes_come_from_named_and_anonymous_sources_and_some_are_pull_quotes(loaded):
    quoted = Source.objects.filter(quotes__article__in=loaded).distinct()
    assert quoted.filter(name="").exists()
    assert quoted.exclude(name="").exists()
    assert Quote.objects.filter(article__in=loaded.published(), featured=True).count() >= 5
    anonymous = Source.objects.get(slug="porte-parole-diplomatie-americaine")
    assert str(anonymous).startswith("un porte-parole de la diplomatie américaine")


def test_loading_again_creates_no_duplicate(loaded):
    before = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == before


def test_loading_again_restores_the_demo_copy(loaded):
    article = loaded.get(wire_id=demo.WIRE_PREFIX + "crete-seisme")
    headline = article.headline
    Article.objects.filter(pk=article.pk).update(headline="Titre modifié")
    call_command("load_demo", stdout=StringIO())
    article.refresh_from_db()
    assert article.headline == headline


def test_once_leaves_a_loaded_demo_alone(loaded):
    article = loaded.get(wire_id=demo.WIRE_PREFIX + "crete-seisme")
    Article.objects.filter(pk=article.pk).update(headline="Titre modifié")
    out = StringIO()
    call_command("load_demo", "--once", stdout=out)
    article.refresh_from_db()
    assert article.headline == "Titre modifié"
    assert "déjà chargée" in out.getvalue()


def test_once_loads_an_empty_desk():
    call_command("load_demo", "--once", stdout=StringIO())
    assert demo.is_loaded()


def test_a_toll_an_editor_added_to_a_demo_article_survives_a_reload(loaded):
    article = loaded.get(wire_id=demo.WIRE_PREFIX + "idleb-washington-offensive")
    current = article.current_tolls()[0]
    newer = CasualtyFigure.objects.create(
        article=article, count=34, victims="soldats turcs", supersedes=current, source=current.source
    )
    call_command("load_demo", stdout=StringIO())
    assert article.current_tolls() == [newer]


def test_the_command_prints_the_admin_address_and_the_demo_logins():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "/admin/" in out.getvalue()
    assert "editrice" in out.getvalue() and demo.PASSWORD in out.getvalue()


def test_the_command_refuses_to_create_public_passwords_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert not demo.is_loaded()


def test_the_demo_editor_may_publish_and_the_demo_reporter_may_not(loaded, client):
    User = get_user_model()
    editor, reporter = User.objects.get(username="editrice"), User.objects.get(username="redacteur")
    assert editor.is_staff and editor.has_perm("articles.publish_article")
    assert reporter.is_staff and not reporter.has_perm("articles.publish_article")
    assert client.login(username="editrice", password=demo.PASSWORD)


def test_an_account_that_already_exists_keeps_its_password(client):
    get_user_model().objects.create_user("editrice", password="un-autre-secret-solide", is_staff=True)
    call_command("load_demo", stdout=StringIO())
    assert client.login(username="editrice", password="un-autre-secret-solide")


# The reader site -------------------------------------------------------


def test_the_latest_page_lists_every_visible_demo_dispatch(loaded, client):
    response = client.get("/")
    assert response.status_code == 200
    for article in loaded.published():
        assert escape(article.headline) in response.text
    for article in loaded.exclude(pk__in=loaded.published()):
        assert escape(article.headline) not in response.text


def test_every_published_demo_article_page_renders(loaded, client):
    for article in loaded.published():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.headline
        assert f"<h1>{escape(article.headline)}</h1>" in response.text


def test_the_revised_toll_shows_on_its_article_page_with_its_history(loaded, client):
    article = loaded.get(wire_id=demo.WIRE_PREFIX + "idleb-washington-offensive")
    page = client.get(article.get_absolute_url()).text
    assert "33 soldats turcs tués" in page
    for earlier in ("9 soldats turcs tués", "au moins 22 soldats turcs tués", "au moins 29 soldats turcs tués"):
        assert earlier in page
    assert escape("l'allié du passé et de l'avenir") in page


def test_every_demo_tag_page_renders(loaded, client):
    tags = Tag.objects.filter(article__in=loaded.published()).distinct()
    assert tags.count() > 10
    for tag in tags:
        response = client.get(f"/tag/{tag.slug}/")
        assert response.status_code == 200, tag.name


def test_every_source_cited_in_a_published_dispatch_has_a_page(loaded, client):
    published = loaded.published()
    sources = Source.objects.filter(
        Q(quotes__article__in=published) | Q(casualty_figures__article__in=published)
    ).distinct()
    assert sources.count() >= 14
    for source in sources:
        response = client.get(source.get_absolute_url())
        assert response.status_code == 200, source.slug
        # The page is headed by the attribution, capitalised.
        assert escape(source.attribution()).lower() in response.text.lower()


@pytest.mark.parametrize("status", ["scheduled", "draft", "withdrawn"])
def test_scheduled_draft_and_withdrawn_demo_dispatches_are_not_found(loaded, client, status):
    hidden = {
        "scheduled": loaded.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now()),
        "draft": loaded.filter(status=Article.Status.DRAFT),
        "withdrawn": loaded.filter(status=Article.Status.WITHDRAWN),
    }[status].get()
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/article/{hidden.pk}/").status_code == 404


def test_every_link_on_the_demo_article_pages_leads_to_a_page(loaded, client):
    broken = set()
    for article in loaded.published():
        page = client.get(article.get_absolute_url()).text
        for href in set(re.findall(r'href="(/[^"]*)"', page)) - {"/favicon.ico"}:
            if not href.startswith(("/static/", "/admin/")):
                response = client.get(unescape(href), follow=True)
                if response.status_code != 200:
                    broken.add(href)
    assert not broken, sorted(broken)
