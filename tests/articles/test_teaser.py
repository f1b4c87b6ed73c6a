"""The teaser: the words a reader sees for an article in every list."""

import pytest

from articles.models import Article
from articles.teaser import MAX_CHARS, MAX_WORDS, cut, html_to_text, teaser, teaser_text


def article(body="", standfirst=""):
    # Teasers need no database: an unsaved article is enough.
    return Article(headline="Titre", body=body, standfirst=standfirst)


@pytest.fixture
def seed_paragraphs(shared_dir):
    """Return the body paragraphs of the seed page the product was designed from."""
    text = (shared_dir / "seed" / "000_e6a121b3daece513.txt").read_text(encoding="utf-8")
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    start = next(i for i, block in enumerate(blocks) if block.startswith("Les Etats-Unis ont demandé"))
    # The page ends with its own teaser glued after the last paragraph: leave it out.
    return [block.split("\n")[0] for block in blocks[start:]]


def test_seed_paragraphs_are_never_glued_together(seed_paragraphs):
    body = "".join(f"<p>{p}</p>" for p in seed_paragraphs)
    text = teaser_text(article(body))
    assert 'jeudi."Nous' not in text
    assert 'jeudi. "Nous' in text


def test_seed_teaser_is_cut_on_a_word_with_an_ellipsis(seed_paragraphs):
    body = "".join(f"<p>{p}</p>" for p in seed_paragraphs)
    text = teaser_text(article(body))
    assert text.endswith("…")
    assert len(text.split()) <= MAX_WORDS
    assert len(text) <= MAX_CHARS + 1
    words_of_body = html_to_text(body).split()
    # Every word but the last is a whole word of the body, in order.
    assert text[:-1].split() == words_of_body[: len(text[:-1].split())]


def test_seed_plain_text_body_pasted_by_an_editor_keeps_paragraphs_apart(seed_paragraphs):
    pasted = Article(headline="Titre", body="\n\n".join(seed_paragraphs))
    pasted.body = __import__("articles.html", fromlist=["clean_body"]).clean_body(pasted.body)
    assert pasted.body.count("<p>") == len(seed_paragraphs)
    assert 'jeudi. "Nous' in teaser_text(pasted)


def test_the_seed_last_paragraph_is_whole_when_short_enough(seed_paragraphs):
    last = seed_paragraphs[-1]
    assert teaser_text(article(f"<p>{last}</p>")) == last
    assert "…" not in teaser_text(article(f"<p>{last}</p>"))


def test_standfirst_wins_over_the_body():
    assert teaser_text(article("<p>Corps du texte.</p>", standfirst="Le chapeau.")) == "Le chapeau."


def test_short_body_is_not_cut_and_has_no_ellipsis():
    assert teaser_text(article("<p>Deux mots.</p>")) == "Deux mots."


def test_exactly_the_word_limit_is_not_cut():
    body = " ".join(["mot"] * MAX_WORDS)
    assert teaser_text(article(body)) == body


def test_one_word_over_the_limit_is_cut_with_an_ellipsis():
    body = " ".join(f"mot{i}" for i in range(MAX_WORDS + 1))
    text = teaser_text(article(body))
    assert text == " ".join(f"mot{i}" for i in range(MAX_WORDS)) + "…"


def test_exactly_the_character_limit_is_not_cut():
    body = ("a" * 9 + " ") * (MAX_CHARS // 10 - 1) + "b" * 9
    assert len(body) == MAX_CHARS - 1 and len(body.split()) <= MAX_WORDS
    assert teaser_text(article(body)) == body


def test_long_words_are_cut_on_a_word_boundary_under_the_character_limit():
    body = " ".join(["anticonstitutionnellement"] * 40)
    text = teaser_text(article(body))
    assert len(text) <= MAX_CHARS + 1
    assert text.endswith("anticonstitutionnellement…")


def test_no_dangling_comma_or_space_before_the_ellipsis():
    # The 60th word carries a comma: it is kept, the comma is not.
    body = " ".join(["mot"] * (MAX_WORDS - 1)) + " virgule, suite et fin du texte"
    text = teaser_text(article(body))
    assert text.endswith("mot virgule…")
    assert ",…" not in text and " …" not in text


def test_sentence_end_becomes_the_ellipsis():
    assert cut("Une phrase. Deux phrases.", max_words=2) == "Une phrase…"


def test_entities_are_decoded_never_cut_and_output_is_escaped():
    body = "<p>Tom &amp; Jerry &lt;script&gt; « guillemets » &eacute;t&eacute;</p>"
    assert teaser_text(article(body)) == "Tom & Jerry <script> « guillemets » été"
    assert teaser(article(body)) == "Tom &amp; Jerry &lt;script&gt; « guillemets » été"


def test_tags_never_show_and_are_never_cut():
    body = '<p>Un <a href="https://exemple.fr/?a=1&amp;b=2">lien</a> et <strong>du gras</strong>.</p>'
    assert teaser_text(article(body)) == "Un lien et du gras."


def test_cut_never_lands_inside_a_tag_or_an_entity():
    body = "<p>" + " ".join(f'<a href="https://exemple.fr/{i}">m&eacute;t{i}</a>' for i in range(80)) + "</p>"
    text = teaser_text(article(body))
    assert "<" not in text and "&" not in text and "href" not in text
    assert text.endswith("…") and text.startswith("mét0 mét1")


def test_french_non_breaking_spaces_are_kept():
    body = "<p>Il a dit\u00a0: «\u00a0Non\u00a0». Au moins 1\u202f200&nbsp;morts.</p>"
    text = teaser_text(article(body))
    assert text == "Il a dit\u00a0: «\u00a0Non\u00a0». Au moins 1\u202f200\u00a0morts."


def test_list_items_and_headings_are_separated_too():
    body = "<h2>Contexte</h2><ul><li>un</li><li>deux</li></ul><blockquote>fin</blockquote>"
    assert teaser_text(article(body)) == "Contexte un deux fin"


def test_empty_body_gives_an_empty_teaser():
    assert teaser_text(article("")) == ""


@pytest.mark.parametrize("max_words", [MAX_WORDS, 35, 5])
def test_a_long_body_gives_the_teaser_of_its_whole_text(max_words):
    # The teaser reads only the start of a long body; the words must be the
    # same as when the whole text is cut, whatever falls on a piece's edge.
    words = ["l&#8217;État", "<em>annonce</em>", "«\u00a0Nous", "vingt-neuf", "soldats&nbsp;»", "x" * 40]
    body = "".join(f"<p>{' '.join(words[(i + j) % len(words)] for j in range(25))}.</p>" for i in range(200))
    assert len(body) > 20_000
    expected = cut(html_to_text(body), max_words=max_words)
    assert teaser_text(article(body), max_words=max_words) == expected
    assert expected.endswith("…")


@pytest.mark.django_db
def test_the_teaser_is_stored_on_save_and_follows_the_body():
    from tests.factories import ArticleFactory

    story = ArticleFactory(body="<p>Premier texte de la dépêche.</p>")
    assert Article.objects.get(pk=story.pk).teaser_plain == "Premier texte de la dépêche."
    story.body = "<p>Texte corrigé.</p>"
    story.save(update_fields=["body"])
    assert Article.objects.get(pk=story.pk).teaser_plain == "Texte corrigé."
    story.standfirst = "Le chapeau."
    story.save()
    assert teaser_text(Article.objects.get(pk=story.pk)) == "Le chapeau."


@pytest.mark.django_db
def test_articles_loaded_in_bulk_get_their_teaser_computed_then_stored_by_fill_teasers():
    from io import StringIO

    from django.core.management import call_command

    [bulk] = Article.objects.bulk_create([Article(headline="Vrac", slug="vrac", body="<p>Chargé en masse.</p>")])
    loaded = Article.objects.get(pk=bulk.pk)
    assert loaded.teaser_plain == "" and teaser_text(loaded) == "Chargé en masse."
    call_command("fill_teasers", stdout=StringIO())
    assert Article.objects.get(pk=bulk.pk).teaser_plain == "Chargé en masse."
