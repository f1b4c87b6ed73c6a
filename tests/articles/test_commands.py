"""The command that creates a desk's first editor."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_create_editor_makes_a_staff_account_in_the_editors_group(monkeypatch):
    monkeypatch.setenv("NEWSDESK_EDITOR_PASSWORD", "une-phrase-de-passe-longue")
    call_command("create_editor", "alice", "--email", "alice@example.org")
    alice = get_user_model().objects.get(username="alice")
    assert alice.is_staff and not alice.is_superuser
    assert alice.has_perm("articles.publish_article")
    assert alice.check_password("une-phrase-de-passe-longue")


def test_create_editor_refuses_a_weak_password_and_a_taken_name(monkeypatch):
    monkeypatch.setenv("NEWSDESK_EDITOR_PASSWORD", "1234")
    with pytest.raises(CommandError, match="Mot de passe refusé"):
        call_command("create_editor", "bob")
    assert not get_user_model().objects.filter(username="bob").exists()
    monkeypatch.setenv("NEWSDESK_EDITOR_PASSWORD", "une-phrase-de-passe-longue")
    call_command("create_editor", "bob")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("create_editor", "bob")
