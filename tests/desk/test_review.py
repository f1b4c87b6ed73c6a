"""The review page prefills what the dispatch says: agency time, place, victims' category, the toll revised."""

from django.urls import reverse

from articles.models import Article
from tests.desk.conftest import SECOND, THIRD, dispatch, figure, toll_suggestion


def test_the_review_page_prefills_a_toll_with_the_agency_time_place_category_and_the_figure_it_revises(
    editor_client, story, authorities
):
    article = dispatch(story, "Syrie : au moins 29 soldats turcs tués", sent=THIRD, dateline="Idleb")
    earlier = figure(dispatch(story, "Syrie : 22 soldats", sent=SECOND), 22, source=authorities, reported_at=SECOND)
    suggestion = toll_suggestion(article, 29, source=authorities)
    fresh = toll_suggestion(
        dispatch(story, "Syrie : des civils tués", sent=THIRD, dateline="Idleb"), 4, source=None, victims="civils"
    )

    initial = (
        editor_client.get(reverse("admin:extraction_suggestion_review", args=[suggestion.pk])).context["form"].initial
    )
    new_chain = (
        editor_client.get(reverse("admin:extraction_suggestion_review", args=[fresh.pk])).context["form"].initial
    )

    assert (initial["supersedes"], initial["reported_at"], initial["victim_category"]) == (
        earlier.pk,
        THIRD,
        "military",
    )
    assert (new_chain["location"], new_chain["victim_category"], new_chain.get("supersedes")) == (
        "Idleb",
        "civilians",
        None,
    )
    assert Article.objects.get(pk=article.pk).agency_time == THIRD
