"""Extraction depends on articles, never the reverse: the desk asks for suggestions through a signal."""

import ast
from pathlib import Path

import articles

MODULES = sorted(path for path in Path(articles.__file__).parent.rglob("*.py") if "migrations" not in path.parts)


def test_no_articles_module_imports_extraction():
    importing = []
    for path in MODULES:
        tree = ast.parse(path.read_text())
        names = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        if any(name.split(".")[0] == "extraction" for name in names):
            importing.append(str(path.relative_to(path.parents[1])))
    assert len(MODULES) > 20 and importing == []


def test_the_admin_save_and_the_ingest_reach_the_assistant_only_through_copy_saved():
    from articles.signals import copy_saved
    from extraction.tasks import ask_for_suggestions

    assert ask_for_suggestions in [receiver() for _key, receiver, *_rest in copy_saved.receivers]
