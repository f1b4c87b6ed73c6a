"""The desk flow in the article form: the attribution gate's message on top, and why a form is read-only."""

import html

import pytest

from articles.models import Article
from tests.articles.test_admin import ADD_URL, article_form, with_quote_and_toll
from tests.factories import ArticleFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_gates_message_stands_at_the_top_of_the_form_with_a_link_to_the_headline(editor_client):
    data = with_quote_and_toll(
        article_form(status="published", headline="Séisme : 30 morts dans l'est"), SourceFactory()
    )

    page = html.unescape(editor_client.post(ADD_URL, data).content.decode())

    notice = page.index('id="toll-gate"')
    assert "Le titre annonce 30" in page[notice : notice + 400]
    assert notice < page.index('name="headline"') < page.index('id="casualty_figures-group"')
    assert 'href="#id_headline"' in page[notice : notice + 800]
    assert 'id="id_headline"' in page and 'id="id_toll_note"' in page  # the anchors lead somewhere
    assert not Article.objects.exists()


def test_a_form_without_the_gates_refusal_has_no_notice(editor_client):
    data = with_quote_and_toll(article_form(status="published", headline="Séisme : au moins 12 morts"), SourceFactory())
    data["slug"] = ""

    page = editor_client.post(ADD_URL, data).content.decode()

    assert 'id="toll-gate"' not in page


def test_a_reporter_opening_a_published_article_is_told_why_it_is_read_only_and_who_may_change_it(reporter_client):
    UserFactory(username="cheffe", first_name="Inès", last_name="Marchand", group="Éditeurs")
    article = ArticleFactory()

    page = html.unescape(reporter_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode())

    notice = page[page.index('id="read-only-notice"') :][:500]
    assert "Publié : seuls les éditeurs peuvent le modifier." in notice
    assert "« Éditeurs » (Inès Marchand)" in notice
    assert 'name="headline"' not in page  # read-only, as before


def test_with_many_editors_the_notice_names_the_group_only(reporter_client):
    for n in range(6):
        UserFactory(username=f"editeur{n}", group="Éditeurs")
    article = ArticleFactory(status=Article.Status.WITHDRAWN)

    page = html.unescape(reporter_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode())

    assert (
        "Retiré : seuls les éditeurs peuvent le modifier. Peuvent le modifier : les membres du groupe « Éditeurs »."
        in page
    )


def test_neither_a_reporters_draft_nor_an_editors_form_carries_the_notice(reporter_client, editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    published = ArticleFactory()

    assert (
        'id="read-only-notice"'
        not in reporter_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    )
    assert (
        'id="read-only-notice"'
        not in editor_client.get(f"/admin/articles/article/{published.pk}/change/").content.decode()
    )


def test_after_nouveau_bilan_the_editor_is_warned_that_the_headline_still_gives_the_old_number(editor_client):
    from tests.articles.admin_forms import add_toll
    from tests.factories import CasualtyFigureFactory

    source = SourceFactory(name="les autorités turques", role="")
    first = CasualtyFigureFactory(count=22, source=source, article=ArticleFactory(headline="Syrie : 22 soldats tués"))

    add_toll(editor_client, first.article, count=29, victims="soldats turcs", source=source, supersedes=first)
    page = html.unescape(editor_client.get(f"/admin/articles/article/{first.article_id}/change/").content.decode())

    assert "Le titre annonce encore 22 : corrigez-le, le bilan actuel dit au moins 29 soldats turcs tués." in page
