"""Live coverage rules: what an entry must hold, whose toll it may post, who may post where."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from live.models import LiveCoverage
from live.posting import post_entry
from tests.factories import ArticleFactory, CasualtyFigureFactory

pytestmark = pytest.mark.django_db


def test_an_entry_with_nothing_in_it_is_refused_with_a_french_message(coverage, editor):
    with pytest.raises(ValidationError) as error:
        post_entry(coverage=coverage, author=editor, text="   ")
    assert "au moins un texte" in str(error.value.message_dict["text"])
    assert not coverage.entries.exists()


def test_an_entry_text_is_cleaned_like_an_article_body(coverage, editor):
    entry = post_entry(coverage=coverage, author=editor, text='<p onclick="x()">Tirs</p><script>alert(1)</script>')
    assert entry.text == "<p>Tirs</p>"


def test_a_toll_of_another_story_cannot_be_posted(coverage, editor, toll):
    elsewhere = CasualtyFigureFactory(article=ArticleFactory())
    with pytest.raises(ValidationError) as error:
        post_entry(coverage=coverage, author=editor, toll=elsewhere)
    assert "dossier de la couverture" in str(error.value.message_dict["toll"])
    assert post_entry(coverage=coverage, author=editor, toll=toll).toll == toll


def test_a_toll_of_an_unpublished_dispatch_of_the_story_cannot_be_posted(coverage, editor, story):
    draft = CasualtyFigureFactory(article=ArticleFactory(story=story, status="draft"))
    with pytest.raises(ValidationError):
        post_entry(coverage=coverage, author=editor, toll=draft)


def test_a_quote_needs_its_source(coverage, editor):
    with pytest.raises(ValidationError) as error:
        post_entry(coverage=coverage, author=editor, quote_text="Nous riposterons")
    assert "quote_source" in error.value.message_dict


def test_times_are_kept_in_whole_seconds(coverage, editor):
    moment = timezone.make_aware(datetime(2026, 3, 1, 10, 15, 30, 123456))
    entry = post_entry(coverage=coverage, author=editor, text="Tirs", posted_at=moment)
    entry.refresh_from_db()
    assert entry.posted_at.microsecond == 0
    assert coverage.started_at.microsecond == 0


def test_opening_and_ending_a_coverage_stamps_its_times(story):
    coverage = LiveCoverage.objects.create(title="Séisme en Crète", story=story)
    assert coverage.slug == "seisme-en-crete" and coverage.started_at is None
    coverage.status = LiveCoverage.Status.LIVE
    coverage.save()
    assert coverage.started_at is not None and coverage.ended_at is None
    coverage.status = LiveCoverage.Status.ENDED
    coverage.save()
    assert coverage.ended_at >= coverage.started_at


def test_a_reporter_posts_only_to_a_live_coverage_an_editor_opened_to_them(coverage, reporter, editor):
    with pytest.raises(PermissionDenied):
        post_entry(coverage=coverage, author=reporter, text="Tirs")
    coverage.opened_to_reporters = True
    coverage.save()
    assert post_entry(coverage=coverage, author=reporter, text="Tirs").author == reporter
    coverage.status = LiveCoverage.Status.ENDED
    coverage.save()
    with pytest.raises(PermissionDenied):
        post_entry(coverage=coverage, author=reporter, text="Encore")
    assert post_entry(coverage=coverage, author=editor, text="Fin du direct").pk


def test_a_correction_is_stamped_when_it_is_written(entry):
    entry.correction = "Il s'agit de Saraqeb, non de Maarat al-Noomane."
    entry.save()
    assert entry.corrected_at is not None and entry.corrected_at.microsecond == 0
    first = entry.corrected_at
    entry.save()
    assert entry.corrected_at == first


def test_posting_an_entry_moves_the_coverage_last_change(coverage, editor):
    before = coverage.modified
    post_entry(coverage=coverage, author=editor, text="Tirs", posted_at=timezone.now() - timedelta(minutes=1))
    coverage.refresh_from_db()
    assert coverage.modified > before
