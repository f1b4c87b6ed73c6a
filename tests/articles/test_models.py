"""The desk's models: what is refused, what is visible (toll wording: test_tolls.py)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, CasualtyFigure, Quote, Source
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def refused(make):
    """Assert the database refuses what ``make`` writes, and leaves nothing behind."""
    with pytest.raises((IntegrityError, ValidationError)), transaction.atomic():
        make()


# Database constraints: each bad value is refused whatever the path ------


def test_negative_count_is_refused_by_the_database():
    figure = CasualtyFigureFactory()
    refused(lambda: CasualtyFigure.objects.filter(pk=figure.pk).update(count=-1))
    figure.refresh_from_db()
    assert figure.count == 29


def test_upper_bound_below_the_count_is_refused():
    figure = CasualtyFigureFactory(count=20)
    refused(lambda: CasualtyFigure.objects.filter(pk=figure.pk).update(count_max=19))
    CasualtyFigure.objects.filter(pk=figure.pk).update(count_max=30)


@pytest.mark.parametrize("urgency", [0, 10, 255])
def test_urgency_out_of_range_is_refused(urgency):
    article = ArticleFactory()
    refused(lambda: Article.objects.filter(pk=article.pk).update(urgency=urgency))


def test_a_figure_cannot_supersede_itself():
    figure = CasualtyFigureFactory()
    refused(lambda: CasualtyFigure.objects.filter(pk=figure.pk).update(supersedes=figure.pk))


def test_a_supersedes_chain_cannot_loop():
    first = CasualtyFigureFactory(count=9)
    second = CasualtyFigureFactory(article=first.article, supersedes=first)
    # Closing the loop means the older figure revising the newer one.
    refused(lambda: CasualtyFigure.objects.filter(pk=first.pk).update(supersedes=second.pk))


def test_a_figure_cannot_supersede_a_figure_of_another_article():
    other = CasualtyFigureFactory()
    with pytest.raises(ValidationError):
        CasualtyFigureFactory(supersedes=other)


def test_two_sources_cannot_share_a_slug():
    SourceFactory(slug="porte-parole-otan")
    refused(lambda: SourceFactory(slug="porte-parole-otan"))


def test_a_source_needs_a_name_or_a_role():
    refused(lambda: Source.objects.create(name="", role="", slug="vide"))


def test_wire_id_is_unique_when_present_and_free_when_blank():
    ArticleFactory(wire_id="urn:newsml:afp.com:1", wire_version=1)
    refused(lambda: ArticleFactory(wire_id="urn:newsml:afp.com:1"))
    ArticleFactory(wire_id="")
    ArticleFactory(wire_id="")
    assert Article.objects.filter(wire_id="").count() == 2


def test_a_published_article_without_a_date_is_refused():
    article = ArticleFactory()
    refused(lambda: Article.objects.filter(pk=article.pk).update(published_at=None))


def test_unknown_status_is_refused():
    article = ArticleFactory()
    refused(lambda: Article.objects.filter(pk=article.pk).update(status="online"))


def test_model_validation_reports_errors_on_the_field_in_french():
    figure = CasualtyFigure(article=ArticleFactory(), count=20, count_max=10, victims="civils")
    with pytest.raises(ValidationError) as excinfo:
        figure.full_clean()
    assert "supérieur ou égal" in excinfo.value.message_dict["count_max"][0]
    article = ArticleFactory.build(urgency=12, slug="x")
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "urgency" in excinfo.value.message_dict


# published(): status × past/future -----------------------------------

CASES = [
    (Article.Status.DRAFT, -1, False),
    (Article.Status.DRAFT, +1, False),
    (Article.Status.DRAFT, None, False),
    (Article.Status.PUBLISHED, -1, True),
    (Article.Status.PUBLISHED, +1, False),
    (Article.Status.WITHDRAWN, -1, False),
    (Article.Status.WITHDRAWN, +1, False),
    (Article.Status.WITHDRAWN, None, False),
]


@pytest.mark.parametrize(("status", "hours", "visible"), CASES)
def test_published_queryset_and_is_published_agree(status, hours, visible):
    when = None if hours is None else timezone.now() + timedelta(hours=hours)
    article = ArticleFactory(status=status, published_at=when)
    assert Article.objects.published().filter(pk=article.pk).exists() is visible
    assert article.is_published() is visible


def test_scheduled_article_appears_on_its_own_when_its_time_comes():
    article = ArticleFactory(published_at=timezone.now() + timedelta(seconds=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_without_a_date_stamps_now():
    article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
    assert article.published_at is not None
    assert article.is_published()


# Body sanitising ----------------------------------------------------------


def test_plain_text_with_blank_lines_becomes_paragraphs():
    article = ArticleFactory(body="Premier paragraphe,\nsur deux lignes.\n\n\nSecond < troisième & fin.")
    assert article.body == "<p>Premier paragraphe, sur deux lignes.</p><p>Second &lt; troisième &amp; fin.</p>"


def test_body_html_is_reduced_to_the_allow_list():
    article = ArticleFactory(
        body='<p onclick="x()">Texte <b>gras</b> <a href="javascript:alert(1)">lien</a> '
        '<a href="https://exemple.fr/a">bon</a></p><script>alert(1)</script><h2>Titre</h2><img src=x>'
    )
    assert "onclick" not in article.body
    assert "<script" not in article.body and "alert(1)" not in article.body
    assert "javascript:" not in article.body
    assert "<b>" not in article.body and "gras" in article.body
    assert '<a href="https://exemple.fr/a" rel="noopener noreferrer nofollow">bon</a>' in article.body
    assert "<h2>Titre</h2>" in article.body and "<img" not in article.body


# Quotes and sources -------------------------------------------------------


def test_quote_text_is_stored_without_its_quotation_marks():
    quote = QuoteFactory(text="« Nous étudions les meilleures façons d'aider »")
    assert quote.text == "Nous étudions les meilleures façons d'aider"
    assert QuoteFactory(text='"Citation droite"').text == "Citation droite"


def test_named_source_reads_as_a_french_attribution():
    source = Source(name="Kay Bailey Hutchison", role="ambassadrice des Etats-Unis auprès de l'Otan")
    assert str(source) == "Kay Bailey Hutchison, ambassadrice des Etats-Unis auprès de l'Otan"


def test_anonymous_source_takes_an_indefinite_article_in_its_gender():
    spokesman = Source(role="porte-parole de la diplomatie américaine", kind=Source.Kind.ANONYMOUS)
    assert str(spokesman) == "un porte-parole de la diplomatie américaine"
    insider = Source(role="source sécuritaire", gender=Source.Gender.FEMININE, kind=Source.Kind.ANONYMOUS)
    assert str(insider) == "une source sécuritaire"


def test_a_figure_can_be_superseded_only_once():
    first = CasualtyFigureFactory()
    CasualtyFigureFactory(article=first.article, supersedes=first)
    refused(lambda: CasualtyFigureFactory(article=first.article, supersedes=first))


def test_sources_cited_lists_each_source_once_in_order():
    article = ArticleFactory()
    a, b = SourceFactory(), SourceFactory()
    QuoteFactory(article=article, source=a, position=1)
    QuoteFactory(article=article, source=a, position=2)
    CasualtyFigureFactory(article=article, source=b)
    assert article.sources_cited() == [a, b]
    assert Quote.objects.count() == 2
