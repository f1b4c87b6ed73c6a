"""/recherche/ through the test client, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from search.query import MAX_QUERY_LENGTH
from tests.factories import QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db
URL = reverse("search:results")


def get(client, **params):
    return client.get(URL, params)


def test_results_show_headline_dateline_time_and_highlighted_excerpt(client, publish):
    publish(headline="Frappe aérienne à Idleb", dateline="Damas", body="<p>Une frappe a touché un marché.</p>")
    response = get(client, q="frappe")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Frappe</mark> aérienne à Idleb" in html
    assert '<span class="dateline">Damas</span>' in html
    assert "<time datetime=" in html
    assert "<mark>frappe</mark> a touché un marché" in html
    assert "1 résultat pour « frappe »" in html


def test_the_query_is_shown_back_escaped(client, publish):
    response = get(client, q='<script>alert("x")</script>')
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_empty_query_explains_what_to_do(client):
    response = get(client, q="   ")
    assert response.status_code == 200
    assert "Saisissez un ou plusieurs mots" in response.content.decode()


def test_no_result_says_so_and_offers_a_close_spelling(client, publish):
    publish(headline="Offensive à Idleb", tags=["Syrie"])
    response = get(client, q="Idlib", tag="syrie")
    html = response.content.decode()
    assert "Aucun résultat pour « Idlib »." in html
    assert "Vouliez-vous dire" in html
    assert 'href="?q=Idleb&amp;tag=syrie"' in html
    assert "Offensive à <mark>Idleb</mark>" in get(client, q="idleb", tag="syrie").content.decode()


def test_over_long_query_is_cut_to_the_documented_limit(client, publish):
    publish(headline="Sommet de l'Otan")
    response = get(client, q="otan " + "x" * 1000)
    assert response.status_code == 200
    assert response.context["query"] == ("otan " + "x" * 1000)[:MAX_QUERY_LENGTH]


def test_tag_filter_combines_with_the_query(client, publish):
    publish(headline="Frappe en Syrie", tags=["Syrie"])
    publish(headline="Frappe en Irak", tags=["Irak"])
    html = get(client, q="frappe", tag="Syrie").content.decode()
    assert "Syrie" in html and "Frappe en Irak" not in html


def test_date_range_is_inclusive_of_both_days(client, publish):
    day = timezone.localtime().replace(year=2024, month=3, day=15, hour=12)
    publish(headline="Avant la trêve", published_at=day - timedelta(days=1))
    publish(headline="Jour de la trêve", published_at=day)
    publish(headline="Lendemain de la trêve", published_at=day + timedelta(days=1))
    html = get(client, q="trêve", du="2024-03-15", au="15/03/2024").content.decode()
    assert "Jour de la" in html
    assert "Avant la" not in html and "Lendemain de la" not in html


def test_source_filter_keeps_articles_quoting_that_source(client, publish, committed):
    quoting = publish(headline="Déclaration sur la frontière")
    publish(headline="Rapport sur la frontière")
    with committed():
        QuoteFactory(article=quoting, source=SourceFactory(name="Kay Bailey Hutchison", slug="kay-bailey-hutchison"))
    html = get(client, q="frontière", source="kay-bailey-hutchison").content.decode()
    assert "Déclaration sur la" in html and "Rapport sur la" not in html
    html = get(client, q="frontière", source="Kay Bailey Hutchison").content.decode()
    assert "Déclaration sur la" in html and "Rapport sur la" not in html


def test_filter_without_text_lists_by_date(client, publish):
    now = timezone.now()
    publish(headline="Ancienne dépêche syrienne", tags=["Syrie"], published_at=now - timedelta(days=2))
    publish(headline="Récente dépêche syrienne", tags=["Syrie"], published_at=now - timedelta(hours=1))
    publish(headline="Dépêche irakienne", tags=["Irak"])
    html = get(client, tag="syrie").content.decode()
    assert html.index("Récente dépêche") < html.index("Ancienne dépêche")
    assert "Dépêche irakienne" not in html


def test_sort_by_date_puts_the_newest_first(client, publish):
    now = timezone.now()
    publish(headline="Le cessez-le-feu annoncé", published_at=now - timedelta(days=3))
    publish(headline="Point du jour", body="<p>Le cessez-le-feu est fragile.</p>", published_at=now)
    by_relevance = get(client, q="cessez-le-feu").content.decode()
    by_date = get(client, q="cessez-le-feu", tri="date").content.decode()
    assert by_relevance.index("annoncé") < by_relevance.index("Point du jour")
    assert by_date.index("Point du jour") < by_date.index("annoncé")


def test_invalid_filters_are_reported_not_fatal(client, publish):
    publish(headline="Frappe à Idleb")
    response = get(client, q="frappe", du="31/02/2024", au="0001-01-01", tri="n'importe quoi")
    assert response.status_code == 200
    assert "<mark>Frappe</mark> à Idleb" in response.content.decode()
    assert response.context["form"].errors.keys() == {"du", "au", "tri"}


def test_pages_of_twenty_and_bad_page_numbers(client, publish):
    for n in range(21):
        publish(headline=f"Bilan numéro {n} de la journée")
    first = get(client, q="bilan")
    assert first.status_code == 200
    assert len(first.context["page"].object_list) == 20
    assert "page=2" in first.content.decode()
    second = get(client, q="bilan", page=2)
    assert len(second.context["page"].object_list) == 1
    assert get(client, q="bilan", page=3).status_code == 404
    assert get(client, q="bilan", page="abc").status_code == 404


# The results page through the reader's form, once a first search has read
# what is read once a minute per process (the table's statistics, the
# archive's first date): on PostgreSQL the reader's words, the window of
# candidates with their ranks, the 20 rows with their highlights, their
# tags; on SQLite the window, its count, the ranking, the rows, their tags,
# the FTS5 highlights.
# The search itself, and the sections of every page's menu (one query).
PAGE_QUERIES = {"postgresql": 5, "sqlite": 7}


def test_query_count_is_pinned_whatever_the_hits_and_tags(client, publish):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page():
        get(client, q="premier")  # what a save makes the next page read again, read here
        with CaptureQueriesContext(connection) as queries:
            response = get(client, q="bilan")
        return len(queries.captured_queries), response

    publish(headline="Bilan numéro un", tags=["Syrie", "Otan"])
    one, response = page()
    assert len(response.context["page"].object_list) == 1
    for n in range(24):
        publish(headline=f"Bilan numéro {n}", tags=["Syrie", f"tag{n}", f"autre{n}"])
    many, response = page()
    assert len(response.context["page"].object_list) == 20
    assert "<mark>Bilan</mark>" in response.content.decode()
    assert (one, many) == (PAGE_QUERIES[connection.vendor],) * 2


JUNK = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=JUNK, tag=JUNK, source=JUNK, du=JUNK, au=JUNK, tri=JUNK, page=st.one_of(JUNK, st.integers()))
def test_no_query_string_gives_a_server_error_or_a_hidden_article(
    client, hidden_and_visible, q, tag, source, du, au, tri, page
):
    response = client.get(URL, {"q": q, "tag": tag, "source": source, "du": du, "au": au, "tri": tri, "page": page})
    assert response.status_code in (200, 404)
    assert not any(url in response.content.decode() for url in hidden_and_visible[1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.sampled_from(["embargo", "Secret", "secret embargo", '"embargo secret"', "embargo OR secret", "-x secret"]))
def test_unpublished_articles_never_leak_whatever_the_words(client, hidden_and_visible, q):
    response = client.get(URL, {"q": q, "tri": "date"})
    visible, _ = hidden_and_visible
    assert (visible in response.content.decode()) == (q in ("embargo", "embargo OR secret"))
    assert not any(url in response.content.decode() for url in hidden_and_visible[1])


@pytest.fixture
def hidden_and_visible(publish):
    visible = publish(headline="Embargo public levé")
    hidden = [
        publish(headline="Secret embargo brouillon", status=Article.Status.DRAFT, published_at=None),
        publish(headline="Secret embargo programmé", published_at=timezone.now() + timedelta(days=1)),
        publish(headline="Secret embargo retiré", status=Article.Status.WITHDRAWN),
    ]
    return f'href="/article/{visible.pk}/', [f'href="/article/{article.pk}/' for article in hidden]


def test_admin_article_search_uses_the_engine(admin_client, publish):
    publish(headline="Défense antiaérienne déployée", status=Article.Status.DRAFT, published_at=None)
    publish(headline="Autre sujet")
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "defense antiaerienne"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Défense antiaérienne déployée" in html and "Autre sujet" not in html
