"""The search interface, on whichever database the suite runs (SQLite or PostgreSQL)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import publishing
from articles.models import Article
from search.backends import Order, admin_matches, filter_matches, search
from tests.factories import QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def found(text, queryset=None, **kwargs):
    """Return the headlines of the first page of results for ``text``."""
    results = search(queryset if queryset is not None else Article.objects.published(), text, **kwargs)
    return [article.headline for article in results[0:20]]


def test_plural_finds_singular_and_singular_finds_plural(publish):
    publish(headline="Un soldat blessé à la frontière")
    publish(headline="Trois soldats tués dans une embuscade")
    assert sorted(found("soldat")) == ["Trois soldats tués dans une embuscade", "Un soldat blessé à la frontière"]
    assert "Un soldat blessé à la frontière" in found("soldats")


def test_participle_finds_its_agreed_forms(publish):
    publish(headline="Vingt-neuf militaires tués")
    assert found("tué") == ["Vingt-neuf militaires tués"]


def test_accents_are_forgiven_both_ways(publish):
    publish(headline="La défense antiaérienne a été activée")
    publish(headline="Debat sur la defense europeenne")
    assert found("defense antiaerienne") == ["La défense antiaérienne a été activée"]
    assert found("débat défense") == ["Debat sur la defense europeenne"]


def test_a_different_spelling_is_a_miss(publish):
    publish(headline="Offensive à Idleb")
    assert found("Idlib") == []


def test_stop_words_do_not_prevent_a_match(publish):
    publish(headline="Sommet de l'Otan à Bruxelles")
    assert found("le sommet des Otan") == ["Sommet de l'Otan à Bruxelles"]


def test_stop_words_alone_find_nothing(publish):
    publish(headline="Le président et la ministre")
    assert found("le la et") == []


def test_exact_phrase_needs_the_words_together(publish):
    publish(headline="Les soldats turcs sont rentrés")
    publish(headline="Des turcs et des soldats")
    assert found('"soldats turcs"') == ["Les soldats turcs sont rentrés"]


def test_minus_excludes_a_word(publish):
    publish(headline="Frappe aérienne en Syrie")
    publish(headline="Frappe aérienne en Irak")
    assert found("frappe -Syrie") == ["Frappe aérienne en Irak"]


def test_or_accepts_either_word(publish):
    publish(headline="Combats à Alep")
    publish(headline="Combats à Idleb")
    publish(headline="Calme à Damas")
    assert sorted(found("Alep OR Idleb")) == ["Combats à Alep", "Combats à Idleb"]


def test_every_word_is_required_without_or(publish):
    publish(headline="Combats à Alep")
    publish(headline="Combats à Idleb")
    assert found("combats Alep") == ["Combats à Alep"]


def test_quoted_source_name_finds_the_article(publish, committed):
    article = publish(headline="L'Otan réunie en urgence", body="<p>Les alliés se sont réunis.</p>")
    with committed():
        source = SourceFactory(name="Kay Bailey Hutchison", role="ambassadrice des Etats-Unis auprès de l'Otan")
        QuoteFactory(article=article, source=source, text="Nous sommes solidaires de nos alliés turcs")
    assert found("Hutchison") == ["L'Otan réunie en urgence"]
    assert found("ambassadrice") == ["L'Otan réunie en urgence"]
    assert found("solidaires") == ["L'Otan réunie en urgence"]


def test_renaming_a_source_is_found_at_once(publish, committed):
    article = publish(headline="Déclaration à Ankara")
    with committed():
        QuoteFactory(article=article, source=SourceFactory(name="Porte-parole anonyme", slug="pp"))
    with committed():
        source = article.quotes.get().source
        source.name = "Ibrahim Kalin"
        source.save()
    assert found("Kalin") == ["Déclaration à Ankara"]


def test_tags_are_searched_and_tag_changes_are_seen_at_once(publish, committed):
    article = publish(headline="Réunion à Genève", tags=["Diplomatie"])
    assert found("diplomatie") == ["Réunion à Genève"]
    with committed():
        article.tags.set(["Nucléaire"])
    assert found("diplomatie") == []
    assert found("nucleaire") == ["Réunion à Genève"]


def test_headline_hit_ranks_above_body_hit(publish):
    now = timezone.now()
    publish(
        headline="Point sur la situation",
        body="<p>Le cessez-le-feu tient à Idleb.</p>",
        published_at=now - timedelta(minutes=1),
    )
    publish(headline="Le cessez-le-feu tient", body="<p>Rien de neuf.</p>", published_at=now - timedelta(hours=5))
    assert found("cessez-le-feu") == ["Le cessez-le-feu tient", "Point sur la situation"]
    assert found("cessez-le-feu", order=Order.DATE) == ["Point sur la situation", "Le cessez-le-feu tient"]


def test_matched_words_are_marked_and_everything_else_escaped(publish):
    publish(
        headline="<script>alert(1)</script> Frappe à Idleb",
        body="<p>Une frappe &amp; des <em>tirs</em> &lt;img src=x onerror=alert(1)&gt; près d'Idleb.</p>",
    )
    [article] = search(Article.objects.published(), "frappe")[0:20]
    assert "<mark>Frappe</mark>" in article.search_headline
    assert "&lt;script&gt;" in article.search_headline and "<script>" not in article.search_headline
    assert "<mark>frappe</mark>" in article.search_excerpt
    assert "&amp; des tirs &lt;img" in article.search_excerpt
    tags = [t for t in article.search_excerpt.replace("<mark>", "").replace("</mark>", "").split("<")[1:]]
    assert tags == []


def test_draft_scheduled_and_withdrawn_articles_are_never_found(publish):
    future = timezone.now() + timedelta(days=1)
    publish(headline="Embargo nucléaire visible")
    publish(headline="Embargo nucléaire brouillon", status=Article.Status.DRAFT, published_at=None)
    publish(headline="Embargo nucléaire programmé", published_at=future)
    publish(headline="Embargo nucléaire retiré", status=Article.Status.WITHDRAWN)
    assert found("embargo") == ["Embargo nucléaire visible"]


def test_publishing_and_withdrawing_are_seen_at_once(publish, committed):
    draft = publish(headline="Accord de paix signé", status=Article.Status.DRAFT, published_at=None)
    assert found("accord") == []
    with committed():
        publishing.publish_now(Article.objects.filter(pk=draft.pk))
    assert found("accord") == ["Accord de paix signé"]
    with committed():
        publishing.withdraw(Article.objects.filter(pk=draft.pk))
    assert found("accord") == []


def test_an_edit_is_searchable_at_once(publish, committed):
    article = publish(headline="Premier bilan", body="<p>Des blessés.</p>")
    with committed():
        article.body = "<p>Un nouveau bilan fait état de disparus.</p>"
        article.save()
    assert found("disparus") == ["Premier bilan"]
    assert found("blessés") == []


def test_a_deleted_article_leaves_the_index(publish, committed):
    article = publish(headline="Dépêche erronée")
    with committed():
        article.delete()
    assert found("erronée") == []
    publish(headline="Dépêche suivante")
    assert found("dépêche") == ["Dépêche suivante"]


def test_empty_and_junk_queries_find_nothing_without_error(publish):
    publish(headline="Le ministre parle")
    for text in [
        "",
        "   ",
        "AND OR ((",
        "'; DROP TABLE articles_article; --",
        '"',
        '""',
        "-",
        "-ministre",
        "😀",
        "\x00\x1f",
    ]:
        assert found(text) == [], text


def test_count_and_pages_stop_at_the_cap_keeping_the_most_recent(publish, monkeypatch):
    monkeypatch.setattr("search.backends.CANDIDATES", 3)
    now = timezone.now()
    for hours in range(4):
        publish(headline=f"Bilan il y a {hours} heures", published_at=now - timedelta(hours=hours + 1))
    results = search(Article.objects.published(), "bilan")
    assert results.count() == 3 and results.capped
    assert "Bilan il y a 3 heures" not in [a.headline for a in results[0:20]]
    monkeypatch.setattr("search.backends.CANDIDATES", 4)
    results = search(Article.objects.published(), "bilan")
    assert results.count() == 4 and not results.capped


def test_suggestion_offers_a_close_word_of_the_archive(publish):
    publish(headline="Offensive à Idleb", body="<p>Les forces avancent vers Idleb.</p>")
    results = search(Article.objects.published(), "offensive Idlib")
    assert results.count() == 0
    # Spelt as the archive spells it, cased as the reader typed it.
    assert results.suggestion() == "offensive Idleb"
    assert search(Article.objects.published(), "OFFENSIVE IDLIB").suggestion() == "OFFENSIVE IDLEB"
    assert search(Article.objects.published(), "idlib").suggestion() == "idleb"


def test_no_suggestion_when_nothing_close_would_find_anything(publish):
    publish(headline="Offensive à Idleb")
    assert search(Article.objects.published(), "zzqxw").suggestion() is None


def test_suggestion_never_leads_to_an_unpublished_article(publish):
    publish(headline="Scoop sous embargo à Kandahar", status=Article.Status.DRAFT, published_at=None)
    publish(headline="Autre chose")
    assert search(Article.objects.published(), "Kandahr").suggestion() is None


def test_admin_search_uses_the_engine_and_sees_drafts(publish):
    publish(headline="Défense antiaérienne en brouillon", status=Article.Status.DRAFT, published_at=None)
    publish(headline="Autre sujet")
    matches = filter_matches(Article.objects.all(), "defense antiaerienne")
    assert [a.headline for a in matches] == ["Défense antiaérienne en brouillon"]
    matches = admin_matches(Article.objects.all(), "defense antiaerienne")
    assert [a.headline for a in matches] == ["Défense antiaérienne en brouillon"]


def test_admin_phrase_search_wants_the_words_in_order(publish):
    in_order = publish(
        headline="La défense antiaérienne syrienne riposte", status=Article.Status.DRAFT, published_at=None
    )
    publish(headline="Antiaérienne ou pas, la défense tient")
    publish(headline="Défense des civils, batterie antiaérienne détruite")
    matches = admin_matches(Article.objects.all(), '"defense antiaerienne"')
    assert list(matches.values_list("pk", flat=True)) == [in_order.pk]
    both = admin_matches(Article.objects.all(), '"defense antiaerienne" OR batterie')
    assert both.count() == 2


def test_admin_search_lists_the_newest_matches_only(publish, monkeypatch):
    monkeypatch.setattr("search.backends.ADMIN_MATCHES", 2)
    oldest = publish(headline="Bilan de mardi")
    newer = publish(headline="Bilan de mercredi", status=Article.Status.DRAFT, published_at=None)
    newest = publish(headline="Bilan de jeudi")
    publish(headline="Autre sujet")
    matches = admin_matches(Article.objects.all(), "bilan")
    assert set(matches.values_list("pk", flat=True)) == {newer.pk, newest.pk}
    assert oldest.pk not in matches.values_list("pk", flat=True)
    assert admin_matches(Article.objects.all(), "le la les").count() == 0


def test_postgres_uses_the_french_unaccent_configuration(on_postgres, publish):
    if not on_postgres:
        pytest.skip("the french_unaccent text search configuration exists only on PostgreSQL")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('french_unaccent', 'Défense antiaérienne des soldats')::text")
        assert cursor.fetchone()[0] == "'antiaerien':2 'defens':1 'soldat':4"


def test_rebuild_command_restores_articles_loaded_without_signals(publish):
    from django.core.management import call_command

    from search.backends import unindex

    article = publish(headline="Traité de désarmement signé")
    # As if it had been restored from a dump: in the articles, not in the index.
    unindex([article.pk])
    assert found("désarmement") == []
    call_command("rebuild_search_index", verbosity=0)
    assert found("desarmement") == ["Traité de désarmement signé"]


def test_filters_still_find_old_matches_beyond_the_newest_ones(publish, monkeypatch):
    monkeypatch.setattr("search.backends.CANDIDATES", 2)
    monkeypatch.setattr("search.backends.sqlite.WINDOW_FACTOR", 1)
    now = timezone.now()
    publish(headline="Bilan ancien en Syrie", tags=["Syrie"], published_at=now - timedelta(days=30))
    for hours in range(1, 5):
        publish(headline=f"Bilan récent numéro {hours}", published_at=now - timedelta(hours=hours))
    syrie = Article.objects.published().tagged("syrie")
    assert found("bilan", syrie) == ["Bilan ancien en Syrie"]


def test_results_carry_their_tags_sorted(publish):
    publish(headline="Sommet de l'Otan", tags=["Otan", "Diplomatie", "Europe"])
    publish(headline="Sommet sans mot-clé")
    hits = search(Article.objects.published(), "sommet")[0:20]
    assert {a.headline: [t.slug for t in a.tag_list()] for a in hits} == {
        "Sommet de l'Otan": ["diplomatie", "europe", "otan"],
        "Sommet sans mot-clé": [],
    }


def test_a_page_costs_the_same_queries_whatever_its_hits_and_tags(publish):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries():
        results = search(Article.objects.published(), "bilan")
        with CaptureQueriesContext(connection) as page:
            results.count()
            hits = results[0:20]
            tags = [tag.name for hit in hits for tag in hit.tag_list()]
            marks = [(hit.search_headline, hit.search_excerpt) for hit in hits]
        return len(page.captured_queries), len(hits), len(tags), marks

    publish(headline="Bilan numéro un", tags=["Syrie", "Otan", "Europe"])
    one = page_queries()
    for n in range(24):
        publish(headline=f"Bilan numéro {n}", tags=["Syrie", f"tag{n}", f"autre{n}"])
    many = page_queries()
    assert (one[1], many[1], many[2]) == (1, 20, 60)
    assert many[0] == one[0], "one hit or twenty with sixty tags, the same queries"
    assert all("<mark>Bilan</mark>" in headline for headline, _ in many[3])


def test_a_match_deep_in_a_long_body_is_shown_in_the_excerpt(publish):
    filler = "".join(f"<p>Paragraphe {n} sans rapport avec la question posée aujourd'hui.</p>" for n in range(60))
    publish(headline="Longue dépêche", body=filler + "<p>Les renforts arrivent à Kandahar ce soir.</p>")
    (hit,) = search(Article.objects.published(), "kandahar")[0:20]
    assert "<mark>Kandahar</mark>" in hit.search_excerpt


def test_the_excerpt_marks_the_words_the_body_holds_when_others_are_in_the_headline(publish):
    filler = "".join(f"<p>Paragraphe {n} sans rapport avec la question posée aujourd'hui.</p>" for n in range(30))
    publish(headline="Nouveau bilan à Idleb", body=filler + "<p>Une offensive terrestre a commencé à l'aube.</p>")
    (hit,) = search(Article.objects.published(), "bilan offensive")[0:20]
    assert "<mark>bilan</mark>" in hit.search_headline
    assert "<mark>offensive</mark>" in hit.search_excerpt


def test_an_excerpt_cut_from_the_middle_of_a_body_starts_on_a_whole_word(publish):
    publish(headline="Longue dépêche", body="<p>" + "anticonstitutionnellement " * 60 + "puis Kandahar.</p>")
    (hit,) = search(Article.objects.published(), "kandahar")[0:20]
    assert "<mark>Kandahar</mark>" in hit.search_excerpt
    shown = hit.search_excerpt.replace("<mark>Kandahar</mark>", "").replace(".", "").replace("…", " ")
    assert set(shown.split()) <= {"anticonstitutionnellement", "puis"}, shown
