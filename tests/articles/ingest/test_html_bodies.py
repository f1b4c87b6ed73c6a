"""Agency HTML bodies: no page head or repeated headline, no glued blocks, wrapped text joined."""

import pytest

from articles.models import Article
from articles.teaser import html_to_text
from tests.articles.ingest.items import newsml, ninjs

pytestmark = pytest.mark.django_db

HEADLINE = "Frappe aérienne dans le nord de la Syrie"


def body_of(ingest, value, content_type="text/html"):
    report = ingest(("depeche.json", ninjs("urn:body:1", bodies=[{"contentType": content_type, "value": value}])))
    assert report.counts["created"] == 1, report.results
    return Article.objects.get(wire_id="urn:body:1").body


def test_a_whole_html_page_keeps_neither_its_title_nor_the_repeated_headline(ingest):
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>AFP - Syrie</title>"
        "<style>p { color: red }</style></head><body>"
        f"<h1>{HEADLINE.upper()}</h1><p>Une frappe a visé Idleb.</p><h1>Bilan provisoire</h1><p>Trois morts.</p>"
        "</body></html>"
    )
    body = body_of(ingest, page)
    assert body == "<p>Une frappe a visé Idleb.</p><h2>Bilan provisoire</h2><p>Trois morts.</p>"


def test_a_head_left_open_ends_where_the_story_starts(ingest):
    body = body_of(ingest, "<head><title>Dépêche</title><meta name='x' content='y'><p>Le texte commence ici.</p>")
    assert body == "<p>Le texte commence ici.</p>"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<div>2023</div><div>Försvar</div>TT", "<p>2023</p><p>Försvar</p><p>TT</p>"),
        ("<p>2023<br>Försvar<br/>TT</p>", "<p>2023</p><p>Försvar</p><p>TT</p>"),
        ("<section><div><span>Ankara</span></div><div>(AFP)</div></section>", "<p>Ankara</p><p>(AFP)</p>"),
        (
            "<table><tr><th>Année</th><th>Budget</th></tr><tr><td>2023</td><td>Försvar</td></tr></table>",
            "<p>Année Budget</p><p>2023 Försvar</p>",
        ),
        ("<ul><li>Idleb<br>Alep<li>Homs</ul>", "<ul><li>Idleb Alep</li><li>Homs</li></ul>"),
        ("<p>Début <b>gras</b> et <i>penché</i>.</p>", "<p>Début <strong>gras</strong> et <em>penché</em>.</p>"),
    ],
)
def test_block_boundaries_never_glue_two_texts(ingest, markup, expected):
    body = body_of(ingest, markup)
    assert body == expected
    assert "2023Försvar" not in html_to_text(body)


def test_hard_wrapped_plain_text_becomes_paragraphs(ingest):
    text = (
        "ANKARA, 27 nov (AFP) - Au moins 29 soldats turcs ont été tués\n"
        "jeudi dans une frappe aérienne.\n"
        "\n"
        "Le bilan a été annoncé par le gouverneur\r\n"
        "de la province.\n"
        "   \n"
        "Fin."
    )
    body = body_of(ingest, text, content_type="text/plain")
    assert body == (
        "<p>ANKARA, 27 nov (AFP) - Au moins 29 soldats turcs ont été tués jeudi dans une frappe aérienne.</p>"
        "<p>Le bilan a été annoncé par le gouverneur de la province.</p><p>Fin.</p>"
    )


def test_loose_text_and_pre_in_an_html_body_join_their_wrapped_lines(ingest):
    markup = "Premier paragraphe\ncoupé en deux.\n\nSecond <em>paragraphe</em>.<pre>Ligne\ncoupée.\n\nAutre.</pre>"
    assert body_of(ingest, markup) == (
        "<p>Premier paragraphe coupé en deux.</p><p>Second <em>paragraphe</em>.</p><p>Ligne coupée.</p><p>Autre.</p>"
    )


def test_nitf_blocks_of_a_newsml_item_stay_apart(ingest):
    body = (
        "<hl1>Au moins 29 soldats turcs tués</hl1><block><p>2023</p></block><block>Försvar</block>"
        "<p>Bilan<br/>provisoire</p>"
    )
    report = ingest(("afp.xml", newsml(body=body)))
    assert report.counts["created"] == 1, report.results
    article = Article.objects.get(wire_id="urn:newsml:afp.com:20261127:1")
    assert article.body == "<p>2023</p><p>Försvar</p><p>Bilan</p><p>provisoire</p>"


def test_a_link_keeps_its_address_and_a_script_its_nothing(ingest):
    markup = '<p>Voir <a href="https://www.afp.com/fr?a=1&amp;b=2">le site</a>.<script>alert(1)</script></p>'
    body = body_of(ingest, markup)
    assert body == (
        '<p>Voir <a href="https://www.afp.com/fr?a=1&amp;b=2" rel="noopener noreferrer nofollow">le site</a>.</p>'
    )
