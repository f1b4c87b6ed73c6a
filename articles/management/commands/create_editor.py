"""Create a desk editor: a staff account in the editors' group."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.roles import EDITORS

PASSWORD_VARIABLE = "NEWSDESK_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Crée un compte éditeur (accès à l'admin, groupe « Éditeurs »). "
        f"Le mot de passe est demandé, ou lu dans la variable {PASSWORD_VARIABLE}."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--superuser", action="store_true", help="Donne aussi tous les droits.")

    def handle(self, *args, username, email, superuser, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Le compte « {username} » existe déjà.")
        password = os.environ.get(PASSWORD_VARIABLE) or self.ask_password()
        user = User(username=username, email=email, is_staff=True, is_superuser=superuser)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("Mot de passe refusé : " + " ".join(exc.messages)) from exc
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=EDITORS))
        self.stdout.write(self.style.SUCCESS(f"Compte éditeur « {username} » créé."))

    def ask_password(self):
        import getpass

        if not os.isatty(0):
            raise CommandError(f"Aucun terminal : donnez le mot de passe dans {PASSWORD_VARIABLE}.")
        first = getpass.getpass("Mot de passe : ")
        if first != getpass.getpass("Mot de passe (encore) : "):
            raise CommandError("Les deux mots de passe diffèrent.")
        return first
