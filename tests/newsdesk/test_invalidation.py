"""The desk's invalidation rules (articles/invalidation.py), read from the purges each change queues."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from articles.models import Article
from tests.factories import ArticleFactory, CasualtyFigureFactory, QuoteFactory, SourceFactory
from tests.support import free_port

# Each save commits (autocommit), as the desk's do, so that its purges are queued.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def queued_keys():
    """Return the keys of the purges the queue holds for now (those of an embargo's end excepted)."""
    soon = timezone.now() + timedelta(minutes=1)
    rows = DBTaskResult.objects.filter(status="READY", run_after__lte=soon)
    return set().union(*(row.args_kwargs["args"][0] for row in rows))


@pytest.fixture
def changed(settings):
    """Return ``changed(names, action)``: the keys among ``names`` that ``action()`` purges.

    No edge answers at the purge address, so each purge stays in the queue.
    """
    settings.NEWSDESK_EDGE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}/"]

    def changed(names, action):
        DBTaskResult.objects.all().delete()
        action()
        return queued_keys() & set(names)

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
    return {"lists", "front", *(f"article-{article.pk}" for article in articles)}


def test_a_body_edit_to_an_old_article_purges_only_its_pages(changed, old, front):
    def edit():
        old.body = "<p>Nouveau paragraphe.</p>"
        old.save()

    assert changed(names_for(old, front[0]), edit) == {f"article-{old.pk}"}


def test_a_headline_edit_to_an_old_article_changes_the_lists_too(changed, old, front):
    def edit():
        old.headline = "Un titre revu"
        old.save()

    assert changed(names_for(old, front[0]), edit) == {f"article-{old.pk}", "lists"}


def test_an_edit_to_one_of_the_newest_items_changes_front(changed, old, front):
    def edit():
        front[-1].body = "<p>Correction mineure.</p>"
        front[-1].save()

    assert changed(names_for(front[-1], old), edit) == {f"article-{front[-1].pk}", "front"}


def test_an_article_leaving_the_newest_items_changes_front(changed, old, front):
    def push_out():
        ArticleFactory()

    assert "front" in changed({"front"}, push_out)


def test_a_draft_saved_purges_nothing(changed, front):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    def edit():
        draft.headline = "Brouillon revu"
        draft.save()

    assert changed({"lists", "front", f"article-{draft.pk}", "search"}, edit) == set()


def test_withdrawing_purges_the_article_and_the_lists(changed, old, front):
    def withdraw():
        old.status = Article.Status.WITHDRAWN
        old.save()

    assert changed({"lists", f"article-{old.pk}"}, withdraw) == {"lists", f"article-{old.pk}"}


def test_a_quote_moved_to_another_source_changes_both_sources_and_its_article(changed, old):
    quote = QuoteFactory(article=old)
    first, second = quote.source, SourceFactory()
    names = {f"source-{first.slug}", f"source-{second.slug}", f"article-{old.pk}", "lists"}

    def move():
        quote.source = second
        quote.save()

    assert changed(names, move) == names - {"lists"}


def test_a_new_toll_changes_its_article_and_its_source(changed, old):
    source = SourceFactory()
    names = {f"source-{source.slug}", f"article-{old.pk}"}
    assert changed(names, lambda: CasualtyFigureFactory(article=old, source=source)) == names


def test_a_toll_on_a_draft_purges_nothing_readers_see(changed):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert changed({f"article-{draft.pk}", "lists", "search"}, lambda: CasualtyFigureFactory(article=draft)) == set()


def test_a_scheduled_article_purges_the_lists_when_its_time_comes(changed, settings):
    when = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(published_at=when)
    row = DBTaskResult.objects.get(run_after=when)
    assert {"lists", "front", f"article-{article.pk}"} <= set(row.args_kwargs["args"][0])


def test_a_source_renamed_changes_its_old_and_new_slugs_and_the_articles_citing_it(changed, old, front):
    quote = QuoteFactory(article=old)
    source = quote.source
    old_slug = source.slug
    names = {f"source-{old_slug}", "source-nouveau-nom", f"article-{old.pk}", f"article-{front[0].pk}"}

    def rename():
        source.slug = "nouveau-nom"
        source.save()

    assert changed(names, rename) == names - {f"article-{front[0].pk}"}


def test_a_tag_renamed_changes_its_articles_and_the_lists(changed, old, front):
    tag = Tag.objects.get(name="Gard")

    def rename():
        tag.name = "Gard (département)"
        tag.save()

    assert changed(names_for(old, front[0]), rename) == {f"article-{old.pk}", "lists"}


def test_tags_added_removed_or_deleted_change_the_article_and_the_lists(changed, old, front):
    names = {f"article-{old.pk}", "lists"}
    assert changed(names | {f"article-{front[0].pk}"}, lambda: old.tags.add("Crue")) == names
    assert changed(names, lambda: old.tags.remove("Crue")) == names
    assert changed(names, lambda: Tag.objects.get(name="Gard").delete()) == names
    old.tags.add("Cévennes")
    assert changed(names, lambda: old.tags.clear()) == names


def test_deleting_an_article_purges_it_and_the_lists(changed, old):
    pk = old.pk
    assert changed({"lists", f"article-{pk}"}, old.delete) == {"lists", f"article-{pk}"}


def test_a_quote_moved_to_another_article_leaves_the_first_ones_cached_story(client):
    first = ArticleFactory(headline="Première dépêche")
    second = ArticleFactory(headline="Seconde dépêche")
    quote = QuoteFactory(article=first, text="Nous ne reculerons pas", featured=True)
    assert "Nous ne reculerons pas" in client.get(first.get_absolute_url()).content.decode()

    quote.article = second
    quote.save()

    # The first page's story fragment is keyed by its version, which the move counted: the quote is not shown twice.
    assert "Nous ne reculerons pas" not in client.get(first.get_absolute_url()).content.decode()
    assert "Nous ne reculerons pas" in client.get(second.get_absolute_url()).content.decode()


def test_one_transaction_queues_one_purge_with_every_key_it_touched(changed, old):
    source = SourceFactory()

    def edit_with_a_quote():
        with transaction.atomic():
            old.body = "<p>Le préfet s'exprime.</p>"
            old.save()
            QuoteFactory(article=old, source=source)

    assert changed({f"article-{old.pk}", f"source-{source.slug}"}, edit_with_a_quote) == {
        f"article-{old.pk}",
        f"source-{source.slug}",
    }
    assert DBTaskResult.objects.count() == 1


def test_a_rolled_back_edit_queues_no_purge(changed, old):
    def failed_edit():
        with pytest.raises(RuntimeError), transaction.atomic():
            old.headline = "Un titre jamais publié"
            old.save()
            raise RuntimeError("the save failed")

    assert changed({f"article-{old.pk}", "lists"}, failed_edit) == set()
    assert not DBTaskResult.objects.exists()
