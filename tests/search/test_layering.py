"""The search engine knows no Article: the model it is told of states what is searched, once."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

import search
from articles.models import Article
from search.backends import Order
from search.backends import search as run_search

ENGINE = [*Path(search.__file__).parent.glob("backends/*.py"), *(Path(search.__file__).parent / name for name in (
    "models.py", "signals.py"))]  # fmt: skip


@pytest.mark.parametrize("path", ENGINE, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_engine_imports_no_app_and_names_no_table_of_theirs(path):
    tree = ast.parse(path.read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name.split(".")[0] in ("articles", "taggit")}, imported
    text = path.read_text()
    assert "articles_" not in text and "taggit_" not in text


def test_no_search_module_reads_the_private_on_commit_list():
    for path in Path(search.__file__).parent.rglob("*.py"):
        assert "run_on_commit" not in path.read_text(), path


def test_the_weights_the_model_states_rank_hits_on_either_engine(db, publish):
    # Headline (A) above standfirst (B) above body (C), whatever their dates.
    now = timezone.now()
    publish(headline="Point du jour", body="<p>Le corridor humanitaire est ouvert.</p>", published_at=now)
    publish(headline="Point du soir", standfirst="<p>Un corridor humanitaire.</p>",
            published_at=now - timedelta(hours=1))  # fmt: skip
    publish(headline="Corridor humanitaire ouvert", published_at=now - timedelta(hours=2))
    hits = [a.headline for a in run_search(Article.objects.published(), "corridor")[0:20]]
    assert hits == ["Corridor humanitaire ouvert", "Point du soir", "Point du jour"]
    by_date = [a.headline for a in run_search(Article.objects.published(), "corridor", order=Order.DATE)[0:20]]
    assert by_date == ["Point du jour", "Point du soir", "Corridor humanitaire ouvert"]


def test_what_the_model_states_is_what_is_found_and_nothing_else(db, publish, committed):
    from tests.factories import CasualtyFigureFactory, SourceFactory

    article = publish(headline="Bilan à Idleb", standfirst="<p>Selon les secours.</p>", tags=["Syrie"])
    with committed():
        CasualtyFigureFactory(article=article, source=SourceFactory(name="Observatoire Zorglub"))
    components = " ".join(text for _, text in article.search_components())
    assert "Zorglub" not in components, "a toll's source is a facet, not searched text"
    assert [a.headline for a in run_search(Article.objects.published(), "zorglub")[0:20]] == []
    for word in ("Idleb", "secours", "Syrie"):
        assert word in components
        assert [a.headline for a in run_search(Article.objects.published(), word)[0:20]] == ["Bilan à Idleb"]
