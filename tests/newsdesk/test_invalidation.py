"""The desk's invalidation rules (articles/invalidation.py), read through the page cache's public tokens."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from newsdesk.pagecache import bump, is_gone, token
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed(django_capture_on_commit_callbacks):
    """Return ``changed(names, action)``: the names among ``names`` whose token ``action()`` changed, once committed."""

    def changed(names, action):
        # What the fixtures saved is committed first (a bump's callback
        # writes everything this thread has pending).
        with django_capture_on_commit_callbacks(execute=True):
            bump("tests:setup")
        before = {name: token(name) for name in names}
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return {name for name in names if token(name) != before[name]}

    return changed


@pytest.fixture
def old():
    return ArticleFactory(standfirst="Chapeau.", published_at=timezone.now() - timedelta(days=10), tags=["Gard"])


@pytest.fixture
def front():
    return [
        ArticleFactory(standfirst="Chapeau.", published_at=timezone.now() - timedelta(minutes=10 - n)) for n in range(6)
    ]


def names_for(*articles):
    return {"lists", "front", *(f"article:{article.pk}" for article in articles)}


def test_a_body_edit_to_an_old_article_changes_only_its_token(changed, old, front):
    def edit():
        old.body = "<p>Nouveau paragraphe.</p>"
        old.save()

    assert changed(names_for(old, front[0]), edit) == {f"article:{old.pk}"}


def test_a_headline_edit_to_an_old_article_changes_the_lists_too(changed, old, front):
    def edit():
        old.headline = "Un titre revu"
        old.save()

    assert changed(names_for(old, front[0]), edit) == {f"article:{old.pk}", "lists"}


def test_an_edit_to_one_of_the_newest_items_changes_front(changed, old, front):
    def edit():
        front[-1].body = "<p>Correction mineure.</p>"
        front[-1].save()

    assert changed(names_for(front[-1], old), edit) == {f"article:{front[-1].pk}", "front"}


def test_an_article_leaving_the_newest_items_changes_front(changed, old, front):
    def push_out():
        ArticleFactory()

    assert "front" in changed({"front"}, push_out)


def test_a_draft_saved_changes_no_list_and_its_token_says_gone(changed, front):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert is_gone(token(f"article:{draft.pk}"))

    def edit():
        draft.headline = "Brouillon revu"
        draft.save()

    assert changed({"lists", "front"}, edit) == set()


def test_withdrawing_marks_the_article_gone_and_changes_lists(changed, old, front):
    def withdraw():
        old.status = Article.Status.WITHDRAWN
        old.save()

    assert changed({"lists"}, withdraw) == {"lists"}
    assert is_gone(token(f"article:{old.pk}"))


def test_a_quote_moved_to_another_source_changes_both_sources_and_its_article(changed, old):
    quote = QuoteFactory(article=old)
    first, second = quote.source, SourceFactory()
    names = {f"source:{first.slug}", f"source:{second.slug}", f"article:{old.pk}", "lists"}

    def move():
        quote.source = second
        quote.save()

    assert changed(names, move) == names - {"lists"}


def test_a_new_toll_changes_its_article_and_its_source(changed, old):
    source = SourceFactory()
    names = {f"source:{source.slug}", f"article:{old.pk}"}
    assert changed(names, lambda: CasualtyFigureFactory(article=old, source=source)) == names


def test_a_toll_on_a_draft_keeps_the_draft_gone(changed):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    CasualtyFigureFactory(article=draft)
    assert is_gone(token(f"article:{draft.pk}"))


def test_a_source_renamed_changes_its_old_and_new_slugs_and_the_articles_citing_it(changed, old, front):
    quote = QuoteFactory(article=old)
    source = quote.source
    old_slug = source.slug
    names = {f"source:{old_slug}", "source:nouveau-nom", f"article:{old.pk}", f"article:{front[0].pk}"}

    def rename():
        source.slug = "nouveau-nom"
        source.save()

    assert changed(names, rename) == names - {f"article:{front[0].pk}"}


def test_a_tag_renamed_changes_its_articles_and_the_lists(changed, old, front):
    tag = Tag.objects.get(name="Gard")

    def rename():
        tag.name = "Gard (département)"
        tag.save()

    assert changed(names_for(old, front[0]), rename) == {f"article:{old.pk}", "lists"}


def test_tags_added_removed_or_deleted_change_the_article_and_the_lists(changed, old, front):
    names = {f"article:{old.pk}", "lists"}
    assert changed(names | {f"article:{front[0].pk}"}, lambda: old.tags.add("Crue")) == names
    assert changed(names, lambda: old.tags.remove("Crue")) == names
    assert changed(names, lambda: Tag.objects.get(name="Gard").delete()) == names
    old.tags.add("Cévennes")
    assert changed(names, lambda: old.tags.clear()) == names


def test_deleting_an_article_marks_it_gone(changed, old):
    pk = old.pk
    assert changed({"lists"}, old.delete) == {"lists"}
    assert is_gone(token(f"article:{pk}"))


def test_a_quote_moved_to_another_article_leaves_the_first_ones_cached_story(
    client, django_capture_on_commit_callbacks
):
    first = ArticleFactory(headline="Première dépêche")
    second = ArticleFactory(headline="Seconde dépêche")
    quote = QuoteFactory(article=first, text="Nous ne reculerons pas", featured=True)
    with django_capture_on_commit_callbacks(execute=True):
        pass
    assert "Nous ne reculerons pas" in client.get(first.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        quote.article = second
        quote.save()

    # The first page is rendered again, and its story fragment with it: the quote is not shown twice.
    assert "Nous ne reculerons pas" not in client.get(first.get_absolute_url()).content.decode()
    assert "Nous ne reculerons pas" in client.get(second.get_absolute_url()).content.decode()
