"""articles/tolls.py: tolls in French, their revision chains, the change note readers get, the chart."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import tolls
from articles.models import CasualtyFigure, Source
from tests.factories import ArticleFactory, CasualtyFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db


def toll(**kwargs):
    defaults = {"outcome": "killed", "qualifier": "exact", "victims": "", "victim_category": "unknown"}
    return CasualtyFigure(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"count": 29, "qualifier": "at_least", "victims": "soldats turcs"}, "au moins 29 soldats turcs tués"),
        ({"count": 1, "victims": "soldats"}, "un soldat tué"),
        ({"count": 1, "victims": "soldats turcs"}, "un soldat turc tué"),
        ({"count": 20, "count_max": 30, "victims": "civils", "outcome": "injured"}, "entre 20 et 30 civils blessés"),
        ({"count": 400, "qualifier": "more_than", "victims": "civils"}, "plus de 400 civils tués"),
        ({"count": 1, "qualifier": "more_than", "victims": "civils"}, "plus d'un civil tué"),
        ({"count": 12, "qualifier": "about", "outcome": "missing"}, "environ 12 personnes disparues"),
        ({"count": 1, "outcome": "killed"}, "une personne tuée"),
        ({"count": 0, "victims": "soldats"}, "aucun soldat tué"),
        ({"count": 0}, "aucune personne tuée"),
        (
            {"count": 5, "qualifier": "fewer_than", "victims": "femmes", "victims_feminine": True},
            "moins de 5 femmes tuées",
        ),
        (
            {"count": 3, "qualifier": "at_most", "outcome": "detained", "victims": "journalistes"},
            "au plus 3 journalistes détenus",
        ),
        ({"count": 2500, "outcome": "displaced", "victim_category": "civilians"}, "2\u202f500 civils déplacés"),
        ({"count": 7, "victim_category": "military"}, "7 militaires tués"),
        ({"count": 2, "victims": "chevaux", "victims_singular": "cheval"}, "2 chevaux tués"),
        ({"count": 1, "victims": "chevaux", "victims_singular": "cheval"}, "un cheval tué"),
    ],
)
def test_toll_renders_as_correct_french(fields, expected):
    assert toll(**fields).phrase() == expected


def test_toll_sentence_names_its_source():
    authorities = SourceFactory(name="les autorités turques", role="", kind=Source.Kind.GOVERNMENT)
    figure = CasualtyFigureFactory(source=authorities)
    assert str(figure) == "au moins 29 soldats turcs tués, selon les autorités turques"


def test_current_toll_is_the_newest_unsuperseded_figure_and_history_runs_oldest_first():
    article = ArticleFactory()
    first = CasualtyFigureFactory(article=article, count=9, qualifier="exact")
    second = CasualtyFigureFactory(article=article, count=22, supersedes=first)
    third = CasualtyFigureFactory(article=article, count=29, supersedes=second)
    injured = CasualtyFigureFactory(article=article, outcome="injured", count=40, victims="soldats")
    assert article.current_tolls()[0] in (third, injured)
    assert set(article.current_tolls()) == {third, injured}
    histories = article.toll_histories()
    assert [first, second, third] in histories
    assert [injured] in histories


def test_a_revision_reads_as_a_change_note_with_its_source():
    authorities = SourceFactory(name="les autorités turques", role="", kind=Source.Kind.GOVERNMENT)
    article = ArticleFactory()
    first = CasualtyFigureFactory(article=article, count=22, qualifier="exact", source=authorities)
    second = CasualtyFigureFactory(
        article=article, count=29, qualifier="at_least", supersedes=first, source=authorities
    )
    assert tolls.change_note([first]) == ""
    assert (
        tolls.change_note([first, second]) == "bilan relevé de 22 à 29 soldats turcs tués, selon les autorités turques"
    )
    lower = toll(count=25, victims="soldats turcs", supersedes_id=second.pk)
    assert tolls.change_note([first, second, lower]) == "bilan revu à la baisse de 29 à 25 soldats turcs tués"
    same = toll(count=29, qualifier="at_least", victims="soldats turcs")
    assert tolls.change_note([second, same]) == "bilan confirmé : au moins 29 soldats turcs tués"


def test_the_chart_scales_its_bars_to_the_highest_count():
    chain = [toll(count=9), toll(count=22), toll(count=29, count_max=35)]
    bars = tolls.chart_bars(chain)
    assert [bar.label for bar in bars] == ["9", "22", "29–35"]
    assert bars[-1].height == tolls.HEIGHT - tolls.TOP - tolls.BOTTOM  # the highest bar fills the chart
    assert bars[0].height < bars[1].height < bars[2].height
    assert tolls.chart_bars(chain[:1]) == []


def test_readers_see_the_new_toll_on_the_card_and_the_change_on_the_page(client):
    article = ArticleFactory(headline="Idleb : le bilan monte")
    quiet = ArticleFactory(headline="Une dépêche sans bilan", updated_at=timezone.now())
    first = CasualtyFigureFactory(article=article, count=22, reported_at=timezone.now() - timedelta(hours=2))
    CasualtyFigureFactory(article=article, count=29, supersedes=first)
    latest = client.get("/").content.decode()
    card = latest[latest.index(article.headline) :]
    assert "Nouveau bilan" in card[: card.index("</article>")]
    other = latest[latest.index(quiet.headline) :]
    assert "Mis à jour" in other[: other.index("</article>")]
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="toll-change">Bilan relevé de 22 à 29 soldats turcs tués.</p>' in page
