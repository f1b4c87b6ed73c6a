"""manage.py extract: the assistant's quotes and tolls for each dispatch of a JSON Lines file, for measuring it."""

import json
import sys
from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from extraction.extract import extract

TOLL_FIELDS = ["outcome", "count", "count_max", "qualifier", "victims", "source"]


class Command(BaseCommand):
    help = _(
        'Lit un fichier JSON Lines de dépêches ({"id", "lang", "text"} par ligne, ou « - » pour l\'entrée '
        "standard) et écrit, pour chacune, une ligne JSON de ses citations et bilans suggérés. Une ligne "
        "invalide est signalée sur la sortie d'erreur et sautée."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FICHIER", help=_("fichier .jsonl, ou - pour l'entrée standard"))

    def handle(self, *args, path, **options):
        try:
            lines = nullcontext(sys.stdin.buffer) if path == "-" else open(path, "rb")  # noqa: SIM115 - with below
        except OSError as error:
            raise CommandError(_("Impossible de lire %(path)s : %(error)s") % {"path": path, "error": error}) from None
        skipped = 0
        with lines as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    dispatch = read_dispatch(line)
                except ValueError as error:
                    skipped += 1
                    self.stderr.write(_("ligne %(number)d sautée : %(error)s") % {"number": number, "error": error})
                    continue
                self.stdout.write(json.dumps(suggestions(dispatch), ensure_ascii=False))
        if skipped:
            self.stderr.write(
                ngettext("%(count)d ligne sautée", "%(count)d lignes sautées", skipped) % {"count": skipped}
            )


def read_dispatch(line):
    """Return the dispatch a line (bytes) holds, or raise ValueError saying what is wrong with it."""
    try:
        dispatch = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(_("ligne qui n'est pas en UTF-8")) from None
    except json.JSONDecodeError as error:
        raise ValueError(_("JSON invalide (%(error)s)") % {"error": error.msg}) from None
    if not isinstance(dispatch, dict):
        raise ValueError(_("un objet JSON est attendu"))
    if not isinstance(dispatch.get("id"), str | int) or isinstance(dispatch.get("id"), bool):
        raise ValueError(_("« id » manquant"))
    if not isinstance(dispatch.get("text"), str) or not dispatch["text"].strip():
        raise ValueError(_("« text » manquant ou vide"))
    return dispatch


def suggestions(dispatch):
    """Return the JSON-ready quotes and tolls the assistant finds in a dispatch."""
    found = extract(dispatch["text"])
    return {
        "id": dispatch["id"],
        "quotes": [{"text": quote.text, "speaker": quote.speaker} for quote in found.quotes],
        "tolls": [{name: getattr(toll, name) for name in TOLL_FIELDS} for toll in found.tolls],
    }
