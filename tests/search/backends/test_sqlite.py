"""What only the SQLite engine does: stemming before FTS5, and highlights cut from the original text."""

import sqlite3
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.models import Article
from search.backends import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sqlite_only(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite engine")


def found(text, queryset=None):
    return [a.headline for a in search(queryset or Article.objects.published(), text)[0:20]]


def fts5_tokens(texts):
    """Return the tokens FTS5's tokenizer (as the index is configured) reads in each of ``texts``."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", list(enumerate(texts, 1)))
    tokens = {rowid: [] for rowid in range(1, len(texts) + 1)}
    for term, doc, _ in db.execute("SELECT term, doc, offset FROM v ORDER BY doc, offset"):
        tokens[doc].append(term)
    return [tokens[rowid] for rowid in range(1, len(texts) + 1)]


TRICKY = [
    "L'armée a tiré 29 obus sur Idleb, selon l'AFP (mardi).",
    "Cessez-le-feu : « Nous répondrons », a déclaré M. Akar.",
    "Œuvres, ﬁnances, Ŀlorenç, ½ point, x²",
    "Défense antiaérienne",  # decomposed accents, as some feeds send them
    "北京 et Москва, 😀 F-16 snake_case ١٢٣",
]


def test_stemmed_text_has_the_original_tokens_in_the_same_places():
    from search.backends.sqlite import stemmed

    for original, stems in zip(fts5_tokens(TRICKY), fts5_tokens([stemmed(t) for t in TRICKY]), strict=True):
        assert len(stems) == len(original), (original, stems)
    assert fts5_tokens([stemmed("Les soldats turcs ont été tués")]) == [["le", "soldat", "turc", "ont", "ete", "tu"]]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_keeps_its_token_count_once_stemmed(text):
    from search.backends.sqlite import stemmed

    original, stems = fts5_tokens([text, stemmed(text)])
    assert len(stems) == len(original)


def test_highlights_mark_the_original_words_after_tricky_characters(publish):
    publish(headline="Œuvre d'Ŀlorenç : 😀 les soldats turcs à Idleb", body="<p>x² ½ — Les soldats sont rentrés.</p>")
    [article] = search(Article.objects.published(), "soldat")[0:20]
    assert article.search_headline == "Œuvre d&#x27;Ŀlorenç : 😀 les <mark>soldats</mark> turcs à Idleb"
    assert "Les <mark>soldats</mark> sont rentrés" in article.search_excerpt


def test_participle_finds_its_feminine_and_plural_forms_whichever_is_typed(publish):
    publish(headline="Une passante tuée par un obus")
    publish(headline="Deux civiles blessées")
    assert found("tué") == ["Une passante tuée par un obus"]
    assert found("tues") == ["Une passante tuée par un obus"]
    assert found("blessé") == ["Deux civiles blessées"]


def test_irregular_plural_is_found_from_the_singular_too(publish):
    publish(headline="Des chevaux abattus à la frontière")
    assert found("cheval") == ["Des chevaux abattus à la frontière"]


def test_phrase_words_are_stemmed_but_kept_in_order(publish):
    publish(headline="Un soldat turc blessé")
    publish(headline="Turc, le soldat est rentré")
    assert found('"soldats turcs"') == ["Un soldat turc blessé"]


def test_a_stem_is_not_a_prefix_of_longer_words(publish):
    publish(headline="Le gouvernement démissionne")
    publish(headline="Les gouverneurs réunis")
    assert found("gouvernement") == ["Le gouvernement démissionne"]


def test_editing_an_article_twice_leaves_no_trace_of_its_old_words(publish, committed):
    article = publish(headline="Premier titre sur Alep")
    for headline in ("Deuxième titre sur Homs", "Troisième titre sur Deraa"):
        with committed():
            article.headline = headline
            article.save()
    assert found("Alep") == [] and found("Homs") == []
    assert found("Deraa") == ["Troisième titre sur Deraa"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM search_fts_vocab WHERE term IN ('alep', 'hom', 'homs')")
        assert cursor.fetchall() == []


@pytest.mark.parametrize("walk", ["matches", "articles"])
def test_a_filter_beyond_the_window_finds_the_same_articles_either_way(walk, publish, monkeypatch):
    monkeypatch.setattr("search.backends.CANDIDATES", 2)
    monkeypatch.setattr("search.backends.sqlite.WINDOW_FACTOR", 1)
    # With no room for the filtered articles, every match is read instead.
    monkeypatch.setattr("search.backends.sqlite.FILTERED_ARTICLES", 100 if walk == "articles" else 0)
    now = timezone.now()
    for days in (30, 40, 50):
        publish(headline=f"Bilan ancien il y a {days} jours", tags=["Syrie"], published_at=now - timedelta(days=days))
    for hours in range(1, 5):
        publish(headline=f"Bilan récent numéro {hours}", published_at=now - timedelta(hours=hours))
    syrie = Article.objects.published().tagged("syrie")
    results = search(syrie, "bilan")
    assert results.count() == 2 and results.capped
    assert sorted(a.headline for a in results[0:20]) == ["Bilan ancien il y a 30 jours", "Bilan ancien il y a 40 jours"]


def test_suggestions_offer_words_not_stems(publish):
    publish(headline="Offensive gouvernementale à Idleb")
    assert search(Article.objects.published(), "gouvernemental Idlib").suggestion() == "gouvernemental Idleb"
    assert search(Article.objects.published(), "ofensive").suggestion() == "offensive"


def test_candidates_keep_the_date_order_with_ties_broken_by_id(publish):
    when = timezone.now() - timedelta(hours=1)
    first = publish(headline="Bilan du matin", published_at=when)
    second = publish(headline="Bilan du soir", published_at=when)
    older = publish(headline="Bilan de la veille", published_at=when - timedelta(days=1))
    assert search(Article.objects.published(), "bilan").recent_ids() == [second.pk, first.pk, older.pk]


def test_a_filter_that_keeps_nothing_finds_nothing(publish):
    publish(headline="Bilan du jour")
    assert search(Article.objects.published().filter(pk__in=[]), "bilan").count() == 0
