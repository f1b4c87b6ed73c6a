"""Speakers matched to the desk's Sources, suggestions kept in step with the copy, and the labelled set's targets."""

import json
from pathlib import Path

import pytest

from articles.models import Article, Source
from bench.extraction import score
from extraction import nlp
from extraction.models import Suggestion
from extraction.suggest import match_source, suggest_for_article
from tests.factories import ArticleFactory, QuoteFactory, SourceFactory

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "extraction"


@pytest.fixture
def sources(db):
    return {
        "erdogan": SourceFactory(name="Recep Tayyip Erdogan", role="président de la Turquie"),
        "army": SourceFactory(name="", role="porte-parole de l'armée", kind=Source.Kind.MILITARY),
        "oim": SourceFactory(
            name="", role="porte-parole", organisation="Organisation internationale pour les migrations"
        ),
    }


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("Recep Tayyip Erdogan", "erdogan"),
        ("le président Recep Tayyip Erdogan", "erdogan"),
        ("Erdogan", "erdogan"),
        ("le porte-parole de l'armée", "army"),
        ("l'Organisation internationale pour les migrations", "oim"),
        ("le maire de Nantes", None),
        ("", None),
    ],
)
def test_speakers_are_matched_by_name_surname_role_and_organisation(sources, speaker, expected):
    found = match_source(speaker, list(Source.objects.all()))
    assert found == (sources[expected] if expected else None)


def test_copy_changes_remove_pending_suggestions_but_keep_decided_ones(db):
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        body="<p>Trois policiers ont été blessés, a indiqué la préfecture.</p>"
        "<p>Douze personnes ont été interpellées, selon la police.</p>",
    )
    suggest_for_article(article)
    injured = article.suggestions.get(outcome="injured")
    injured.status = Suggestion.Status.DISMISSED
    injured.save()
    article.body = "<p>Deux soldats ont été tués, selon l'armée.</p>"
    article.save()
    suggest_for_article(article)
    assert sorted(article.suggestions.values_list("outcome", "status")) == [
        ("injured", "dismissed"),
        ("killed", "pending"),
    ]


def test_a_quote_the_article_already_has_is_not_suggested(db):
    article = ArticleFactory(body="<p>« Nous suivons la situation heure par heure », a déclaré le porte-parole.</p>")
    QuoteFactory(article=article, text="Nous suivons la situation heure par heure")
    assert suggest_for_article(article) == 0


def test_the_model_is_loaded_once_per_process():
    assert nlp.pipeline() is nlp.pipeline()


# heldout2 misses the 0.90 recall target (bench/README.md says by how much):
# its floor only keeps it from getting worse.
@pytest.mark.parametrize(("part", "floor"), [("dev", 0.9), ("heldout", 0.9), ("heldout2", 0.8)])
def test_the_labelled_set_meets_the_targets(part, floor):
    dispatches = json.loads((DATA / f"{part}.json").read_text(encoding="utf-8"))
    counts, _misses = score(dispatches)
    for field in ["toll.count", "toll.outcome", "toll.qualifier", "quote.text", "quote.speaker"]:
        right, predicted, expected = counts[field]
        assert right / predicted >= floor and right / expected >= floor, (field, counts[field])


def test_the_labelled_set_has_sixty_dispatches_in_both_languages():
    dispatches = [
        d for part in ("dev", "heldout", "heldout2") for d in json.loads((DATA / f"{part}.json").read_text("utf-8"))
    ]
    assert len(dispatches) >= 60
    assert {d["lang"] for d in dispatches} == {"fr", "en"}
    for dispatch in dispatches:
        assert dispatch["text"] and all({"text", "speaker"} <= set(q) for q in dispatch["quotes"])
        fields = {"outcome", "count", "count_max", "qualifier", "victims", "source"}
        assert all(fields <= set(toll) for toll in dispatch["tolls"])


def test_a_run_on_attribution_is_cut_to_the_column_not_lost(db):
    speaker = "le " + " ".join(["responsable"] * 80)
    article = ArticleFactory(body=f"<p>« Nous ne savons rien encore », a déclaré {speaker}.</p>")
    assert suggest_for_article(article) == 1
    assert len(article.suggestions.get().speaker) == 300
