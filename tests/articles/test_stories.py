"""Stories: dispatches about one event, whose tolls revise one another, and the story page readers follow."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from articles import tolls
from articles.models import Article, CasualtyFigure, Source, Story
from tests.articles.admin_forms import add_toll
from tests.factories import ArticleFactory, CasualtyFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db

OUTSIDE = "Le bilan remplacé doit appartenir au même article ou à une dépêche du même dossier."


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def authorities():
    return SourceFactory(name="les autorités turques", role="", kind=Source.Kind.GOVERNMENT, slug="autorites-turques")


@pytest.fixture
def ngo():
    return SourceFactory(name="l'OSDH", role="", kind=Source.Kind.ORGANISATION, slug="osdh")


@pytest.fixture
def story():
    return Story.objects.create(title="Frappes à Idleb")


@pytest.fixture
def first_dispatch(story, authorities):
    article = ArticleFactory(headline="Idleb : des soldats turcs tués", story=story, published_at=hours_ago(5))
    CasualtyFigureFactory(article=article, count=22, qualifier="exact", source=authorities, reported_at=hours_ago(5))
    return article


def later_dispatch(story, **kwargs):
    fields = {"headline": "Idleb : le bilan s'alourdit", "published_at": hours_ago(1), **kwargs}
    return ArticleFactory(story=story, **fields)


# The rule: same article, or same story ---------------------------------------


def test_a_later_dispatch_of_the_story_revises_an_earlier_dispatchs_toll(story, first_dispatch, authorities):
    earlier = first_dispatch.casualty_figures.get()
    newer = CasualtyFigureFactory(article=later_dispatch(story), count=29, supersedes=earlier, source=authorities)
    newer.full_clean()
    assert earlier.superseded_by == newer


@pytest.mark.parametrize("other_story", [True, False], ids=["another story", "no story"])
def test_a_toll_cannot_revise_one_outside_its_article_and_story(story, first_dispatch, other_story):
    earlier = first_dispatch.casualty_figures.get()
    elsewhere = ArticleFactory(story=Story.objects.create(title="Séisme") if other_story else None)
    figure = CasualtyFigure(article=elsewhere, count=29, supersedes=earlier)
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    assert refused.value.message_dict["supersedes"] == [OUTSIDE]
    with pytest.raises(ValidationError) as refused:
        figure.save()
    assert refused.value.message_dict["supersedes"] == [OUTSIDE]
    assert not CasualtyFigure.objects.filter(supersedes=earlier).exists()


def test_a_dispatch_cannot_leave_the_story_its_tolls_are_linked_through(story, first_dispatch, authorities):
    later = later_dispatch(story)
    CasualtyFigureFactory(article=later, count=29, supersedes=first_dispatch.casualty_figures.get())
    for article in (later, first_dispatch):
        article.story = Story.objects.create(title=f"Ailleurs {article.pk}")
        with pytest.raises(ValidationError) as refused:
            article.full_clean()
        assert "story" in refused.value.message_dict
        with pytest.raises(ValidationError):
            article.save()
        article.story = None
        with pytest.raises(ValidationError):
            article.save()
    assert set(Article.objects.values_list("story", flat=True)) == {story.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the story triggers are PostgreSQL's")
def test_postgresql_refuses_a_cross_story_link_written_behind_the_models_back(story, first_dispatch):
    earlier = first_dispatch.casualty_figures.get()
    stranger = CasualtyFigureFactory(article=ArticleFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        CasualtyFigure.objects.filter(pk=stranger.pk).update(supersedes=earlier)
    later = later_dispatch(story)
    CasualtyFigureFactory(article=later, count=29, supersedes=earlier)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=later.pk).update(story=None)
    assert Article.objects.get(pk=later.pk).story == story


# The admin -------------------------------------------------------------------


def test_the_admin_offers_the_storys_earlier_tolls_with_their_dispatch(editor_client, story, first_dispatch):
    later = later_dispatch(story)
    unrelated = CasualtyFigureFactory(article=ArticleFactory(headline="Une autre affaire"), count=3)
    page = editor_client.get(f"/admin/articles/article/{later.pk}/change/")
    choices = dict(page.context["inline_admin_formsets"][1].formset.form.base_fields["supersedes"].choices)
    earlier = first_dispatch.casualty_figures.get()
    labels = {str(value): label for value, label in choices.items()}
    assert labels[str(earlier.pk)] == f"{earlier.sentence()} — Idleb : des soldats turcs tués"
    assert str(unrelated.pk) not in labels


def test_the_admins_new_toll_supersedes_an_earlier_dispatchs_toll_and_refuses_another_storys(
    editor_client, story, first_dispatch, authorities
):
    later = later_dispatch(story)
    earlier = first_dispatch.casualty_figures.get()
    add_toll(editor_client, later, count=29, victims="soldats turcs", supersedes=earlier, source=authorities)
    assert earlier.superseded_by.article == later
    stranger = CasualtyFigureFactory(article=ArticleFactory(story=Story.objects.create(title="Séisme")), count=4)
    response = editor_client.post(
        "/admin/articles/casualtyfigure/add/",
        {
            "article": str(later.pk),
            "outcome": "killed",
            "qualifier": "exact",
            "count": "5",
            "victim_category": "civilians",
            "source": str(authorities.pk),
            "reported_at_0": timezone.localtime().strftime("%Y-%m-%d"),
            "reported_at_1": timezone.localtime().strftime("%H:%M:%S"),
            "supersedes": str(stranger.pk),
        },
    )
    assert response.status_code == 200
    assert OUTSIDE in response.context["adminform"].form.errors["supersedes"]
    assert not hasattr(CasualtyFigure.objects.get(pk=stranger.pk), "superseded_by")


# The chart -------------------------------------------------------------------


def figure(count, hours, pk, supersedes=None, **kwargs):
    return CasualtyFigure(
        pk=pk, count=count, reported_at=hours_ago(hours), supersedes_id=supersedes, outcome="killed", **kwargs
    )


def test_two_sources_at_the_same_time_are_side_by_side_never_summed():
    official = [figure(22, 5, 1), figure(29, 2, 3, supersedes=1)]
    ngo = [figure(35, 3, 2)]
    (toll,) = tolls.story_tolls([*official, *ngo])
    assert [series.chain for series in toll.series] == [official, ngo]
    assert toll.current == [official[-1], ngo[0]] and toll.disputed
    # Three moments: 22 alone, then 22 beside 35, then 29 beside 35.
    assert [(bar.label, bar.series) for bar in toll.bars] == [("22", 0), ("22", 0), ("35", 1), ("29", 0), ("35", 1)]
    tallest = tolls.HEIGHT - tolls.TOP - tolls.BOTTOM
    assert max(bar.height for bar in toll.bars) == tallest  # scaled to 35, not to 29 + 35
    side = toll.bars[1:3]
    assert side[0].x + side[0].width <= side[1].x and side[0].y != side[1].y
    assert [entry.superseded for entry in toll.timeline] == [True, False, False]


def test_each_outcome_is_its_own_toll_and_a_single_figure_draws_no_chart():
    killed, injured = figure(3, 2, 1), figure(10, 1, 2, victims="civils")
    injured.outcome = "injured"
    assert [(toll.outcome, toll.bars) for toll in tolls.story_tolls([killed, injured])] == [
        ("killed", []),
        ("injured", []),
    ]


# The story page --------------------------------------------------------------


def test_the_story_page_shows_the_timeline_with_each_source_and_dispatch(
    client, story, first_dispatch, authorities, ngo, django_assert_max_num_queries
):
    later = later_dispatch(story)
    earlier = first_dispatch.casualty_figures.get()
    CasualtyFigureFactory(article=later, count=29, supersedes=earlier, source=authorities, reported_at=hours_ago(1))
    CasualtyFigureFactory(article=later, count=35, qualifier="exact", source=ngo, reported_at=hours_ago(2))
    draft = ArticleFactory(headline="Brouillon secret", story=story, status=Article.Status.DRAFT)
    CasualtyFigureFactory(article=draft, count=400, source=ngo)
    # Eight for the story, one for the sections' menu.
    with django_assert_max_num_queries(9):
        response = client.get("/dossier/frappes-a-idleb/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Dossier : Frappes à Idleb</h1>" in page
    assert first_dispatch.headline in page and later.headline.replace("'", "&#x27;") in page
    assert "Brouillon secret" not in page and not re.search(r">[^<]*\b400\b", page)
    timeline = page[page.index('class="toll-history toll-timeline"') :]
    items = timeline[: timeline.index("</ol>")].split("<li>")[1:]
    assert len(items) == 3
    assert "22 soldats turcs tués, selon les autorités turques" in items[0]
    assert "remplacé par un bilan plus récent" in items[0] and first_dispatch.get_absolute_url() in items[0]
    assert "35 soldats turcs tués, selon l&#x27;OSDH" in items[1] and later.get_absolute_url() in items[1]
    assert "Au moins 29 soldats turcs tués, selon les autorités turques" in items[2]
    assert "remplacé" not in items[1] + items[2]
    assert "sans être additionné" in page
    # 29 + 35 is never shown as a number (times in attributes may hold any digits).
    assert not re.search(r">[^<]*\b64\b", page)


@pytest.mark.parametrize("slug", ["inconnu", "que-des-brouillons"])
def test_an_unknown_story_or_one_of_drafts_only_is_a_french_404(client, slug):
    story = Story.objects.create(title="Que des brouillons")
    ArticleFactory(story=story, status=Article.Status.DRAFT)
    response = client.get(f"/dossier/{slug}/")
    assert response.status_code == 404
    assert "introuvable" in response.content.decode().lower() or "n'existe" in response.content.decode()


def test_the_article_page_links_to_its_story(client, first_dispatch):
    page = client.get(first_dispatch.get_absolute_url()).content.decode()
    assert 'Dossier : <a href="/dossier/frappes-a-idleb/">Frappes à Idleb</a>' in page


# What a newer toll elsewhere changes, through the page cache -----------------


def test_a_newer_toll_in_a_later_dispatch_marks_the_earlier_article_and_source_pages(
    client, story, first_dispatch, authorities, django_capture_on_commit_callbacks
):
    pages = [first_dispatch.get_absolute_url(), "/source/autorites-turques/", "/dossier/frappes-a-idleb/"]
    for url in pages:
        assert "plus récent" not in client.get(url).content.decode()
    later = later_dispatch(story, status=Article.Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        CasualtyFigureFactory(article=later, count=29, supersedes=first_dispatch.casualty_figures.get())
    # The newer toll is in a draft: readers see nothing of it yet.
    for url in pages:
        assert "plus récent" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        later.status = Article.Status.PUBLISHED
        later.save()
    article_page = client.get(pages[0]).content.decode()
    assert (
        f'Remplacé par un bilan plus récent : <a href="{later.get_absolute_url()}">au moins 29 soldats turcs tués</a>'
        in article_page
    )
    assert "Remplacé par un bilan plus récent :" in client.get(pages[1]).content.decode()
    assert "Au moins 29 soldats turcs tués" in client.get(pages[2]).content.decode()


def test_renaming_a_story_shows_at_once_on_its_page_and_its_articles(
    client, story, first_dispatch, django_capture_on_commit_callbacks
):
    client.get(first_dispatch.get_absolute_url())
    client.get(story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Offensive sur Idleb"
        story.save()
    assert "Offensive sur Idleb" in client.get(first_dispatch.get_absolute_url()).content.decode()
    assert "Dossier : Offensive sur Idleb" in client.get(story.get_absolute_url()).content.decode()


def test_withdrawing_a_dispatch_removes_it_and_its_tolls_from_the_story_page(
    client, story, first_dispatch, ngo, django_capture_on_commit_callbacks
):
    later = later_dispatch(story)
    CasualtyFigureFactory(article=later, count=35, source=ngo)
    assert "OSDH" in client.get(story.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        later.status = Article.Status.WITHDRAWN
        later.save()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "OSDH" not in page and first_dispatch.headline in page
