"""Load the demo desk: a dozen dispatches, their sources, quotes and tolls, two demo accounts."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from articles import demo


class Command(BaseCommand):
    help = (
        "Charge le bureau de démonstration : dépêches, sources, citations, bilans, et deux comptes "
        f"(editrice, redacteur ; mot de passe « {demo.PASSWORD} »). Relancée, elle met la démo à jour "
        "sans la dupliquer. Réservée au développement et aux démonstrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Ne fait rien si la démo est déjà chargée.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charge aussi quand DEBUG est désactivé. Les comptes de démo ont un mot de passe public : "
            "jamais sur un site ouvert.",
        )

    def handle(self, *args, once, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : la démo crée des comptes au mot de passe public. "
                "Ajoutez --force seulement sur une machine de démonstration."
            )
        if once and demo.is_loaded():
            self.stdout.write("La démo est déjà chargée : rien à faire.")
            return
        result = demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo chargée : {len(result.created)} dépêche(s) créée(s), {len(result.updated)} mise(s) à jour."
            )
        )
        admin_url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{reverse('admin:index')}"
        self.stdout.write(f"Admin de la rédaction : {admin_url}")
        for username, group, *_ in demo.ACCOUNTS:
            self.stdout.write(f"  {group} : identifiant « {username} », mot de passe « {demo.PASSWORD} »")
        if not result.new_accounts:
            self.stdout.write("  (comptes déjà présents : leur mot de passe n'a pas été modifié)")
