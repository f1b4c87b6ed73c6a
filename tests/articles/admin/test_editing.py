"""The body and the admin as an editor reads them: paragraphs, HTML as left, French typography, French titles."""

import pytest

from articles.french import NARROW_NBSP, NBSP, typography
from articles.html import block_per_line, clean_body, compact_blocks, map_text
from articles.models import Article
from tests.articles.test_admin import ADD_URL, article_form
from tests.factories import ArticleFactory, CasualtyFigureFactory

pytestmark = pytest.mark.django_db


def test_pasted_lines_become_paragraphs_with_a_warning_that_nothing_was_lost(editor_client):
    body = "Un séisme a frappé la région.\nLes secours sont sur place.\n\nLe bilan reste provisoire."
    response = editor_client.post(ADD_URL, article_form(body=body), follow=True)
    article = Article.objects.get()
    assert article.body == (
        "<p>Un séisme a frappé la région.</p><p>Les secours sont sur place.</p><p>Le bilan reste provisoire.</p>"
    )
    assert "chaque ligne est devenue un paragraphe, rien n&#x27;a été perdu" in response.content.decode()


def test_text_with_blank_lines_only_gives_no_warning(editor_client):
    response = editor_client.post(ADD_URL, article_form(body="Premier.\n\nSecond."), follow=True)
    assert Article.objects.get().body == "<p>Premier.</p><p>Second.</p>"
    assert "rien n&#x27;a été perdu" not in response.content.decode()


def test_after_a_save_the_body_box_shows_the_html_one_block_a_line_with_quotes_as_typed(editor_client):
    body = 'L\'armée a dit "non" & maintenu sa position.\n\nSecond paragraphe.'
    editor_client.post(ADD_URL, article_form(body=body, language="en"))
    article = Article.objects.get()
    form = editor_client.get(f"/admin/articles/article/{article.pk}/change/")
    textarea = form.context["adminform"].form["body"].value()
    rendered = form.content.decode()
    assert article.body == '<p>L\'armée a dit "non" &amp; maintenu sa position.</p><p>Second paragraphe.</p>'
    assert "&amp;#x27;" not in rendered and "&amp;quot;" not in rendered
    assert "&lt;/p&gt;\n&lt;p&gt;Second" in rendered
    assert textarea == article.body


def test_saving_the_body_box_unchanged_changes_nothing(editor_client):
    article = ArticleFactory(status="draft", published_at=None, body="<p>Un.</p><ul><li>a</li><li>b</li></ul>")
    shown = block_per_line(article.body)
    assert shown == "<p>Un.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    assert compact_blocks(clean_body(shown)) == article.body


def test_french_typography_on_save_in_headline_standfirst_and_body_never_in_links(editor_client):
    data = article_form(
        headline='Syrie : "nous resterons" , dit Ankara',
        standfirst="Pourquoi ? Parce que ; voilà !",
        body=(
            '<p>Il a dit : « Non » ; voir <a href="https://exemple.org/a?b=1;c:2">'
            "https://exemple.org/a?b=1;c:2</a> !</p>"
        ),
    )
    editor_client.post(ADD_URL, data)
    article = Article.objects.get()
    assert article.headline.startswith(f"Syrie{NBSP}: «{NARROW_NBSP}nous resterons{NARROW_NBSP}»")
    assert article.standfirst == f"Pourquoi{NARROW_NBSP}? Parce que{NARROW_NBSP}; voilà{NARROW_NBSP}!"
    assert f"Il a dit{NBSP}: «{NARROW_NBSP}Non{NARROW_NBSP}»{NARROW_NBSP}; voir" in article.body
    assert 'href="https://exemple.org/a?b=1;c:2"' in article.body
    assert ">https://exemple.org/a?b=1;c:2</a>" in article.body


def test_english_copy_keeps_its_own_typography(editor_client):
    editor_client.post(ADD_URL, article_form(headline='Ankara says "no": talks stall', language="en"))
    assert Article.objects.get().headline == 'Ankara says "no": talks stall'


def test_typography_is_idempotent_and_leaves_times_and_addresses_alone():
    text = 'À 10:30, il a écrit à presse@exemple.fr : "Venez !" (www.exemple.fr?x=1)'
    once = typography(text)
    assert typography(once) == once
    assert "10:30" in once and "presse@exemple.fr" in once and "www.exemple.fr?x=1)" in once
    assert map_text("<p>a &amp; b ?</p>", typography) == f"<p>a &amp; b{NARROW_NBSP}?</p>"


def test_admin_titles_are_correct_french_with_no_taggit_and_no_raw_ids(editor_client):
    add = editor_client.get(ADD_URL).content.decode()
    assert "<title>Ajout d&#x27;un article" in add
    assert "Ajout de article" not in add
    assert 'class="vTextField headline-field"' in add
    index = editor_client.get("/admin/").content.decode()
    assert "Taggit" not in index and "TAGGIT" not in index and "Mots-clés" in index
    figure = CasualtyFigureFactory()
    change = editor_client.get(f"/admin/articles/article/{figure.article_id}/change/").content.decode()
    assert "Modification de l&#x27;article" in change
    # The toll it revises is chosen by its wording among the article's own tolls, not typed as an id.
    assert "vForeignKeyRawIdAdminField" not in change
    assert f'<option value="{figure.pk}">{figure.sentence()}</option>' in change
