"""Breaking alerts: a banner on every reader page while the editor wants it, at no query on most page views."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from live.models import BreakingAlert
from live.templatetags.live import active_alert
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flash(db):
    return ArticleFactory(headline="URGENT - Séisme de magnitude 6,1 en Crète", urgency=1)


def test_an_active_alert_shows_on_reader_pages_linked_to_its_article(client, flash, coverage):
    BreakingAlert.objects.create(
        text="Séisme de magnitude 6,1 en Crète", article=flash, until=timezone.now() + timedelta(hours=1)
    )
    for path in ("/", flash.get_absolute_url(), coverage.get_absolute_url(), "/direct/"):
        html = client.get(path).content.decode()
        assert 'class="breaking-alert"' in html, path
        assert f'<a href="{flash.get_absolute_url()}">Séisme de magnitude 6,1 en Crète</a>' in html


def test_an_alert_saved_reaches_an_already_cached_page(client, coverage):
    assert "breaking-alert" not in client.get("/").content.decode()
    BreakingAlert.objects.create(text="Idleb : riposte turque", coverage=coverage, until=timezone.now() + timedelta(1))
    html = client.get("/").content.decode()
    assert f'href="{coverage.get_absolute_url()}"' in html and "Idleb : riposte turque" in html


def test_an_expired_alert_is_gone_even_from_the_banner_cache(client, flash):
    BreakingAlert.objects.create(text="Séisme en Crète", article=flash, until=timezone.now() + timedelta(seconds=2))
    assert "Séisme en Crète" in client.get("/direct/").content.decode()
    time.sleep(2.5)
    assert "breaking-alert" not in client.get("/direct/?page=1").content.decode()
    assert active_alert() is None or active_alert()["until"] <= time.time()


def test_the_banner_costs_one_query_then_none(django_assert_num_queries, flash):
    BreakingAlert.objects.create(text="Séisme en Crète", article=flash, until=timezone.now() + timedelta(1))
    with django_assert_num_queries(1):
        active_alert()
    with django_assert_num_queries(0):
        assert active_alert()["text"] == "Séisme en Crète"


def test_no_alert_costs_no_query_once_known(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert active_alert() is None
    with django_assert_num_queries(0):
        assert active_alert() is None


def test_only_editors_set_an_alert_and_a_draft_cannot_be_linked(client, editor, reporter):
    draft = ArticleFactory(status="draft")
    until = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    add = reverse("admin:live_breakingalert_add")
    data = {"text": "Alerte", "article": draft.pk, "until_0": until[:10], "until_1": until[11:]}
    client.force_login(reporter)
    assert client.post(add, data).status_code == 403
    client.force_login(editor)
    response = client.post(add, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["article"] == ["Cet article n'est pas publié."]
    assert not BreakingAlert.objects.exists()


def test_with_the_cache_down_reader_pages_still_show_the_alert(client, settings, flash):
    from tests.support import unreachable_redis_caches

    BreakingAlert.objects.create(text="Séisme en Crète", article=flash, until=timezone.now() + timedelta(1))
    settings.CACHES = unreachable_redis_caches()
    response = client.get("/direct/")
    assert response.status_code == 200 and "Séisme en Crète" in response.content.decode()
