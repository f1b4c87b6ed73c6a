"""manage.py ingest: import agency copy (ninjs, NewsML-G2, NewsML 1.2, NITF) from files, folders or stdin."""

import re
import signal
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from articles.ingest.importer import FAILED, SKIPPED, IngestOptions, ingest_files, wire_user
from articles.ingest.item import IngestError
from articles.ingest.watch import DropFolder

# A BCP 47 tag short enough for the article's language field: fr, en-GB, zh-Hant.
LANGUAGE_TAG_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


class Command(BaseCommand):
    help = _(
        "Importe des dépêches ninjs (1.x, 2.x, 3.x), NewsML-G2, NewsML 1.2 ou NITF : fichiers, dossiers, ou « - » pour "
        "l'entrée standard. Les nouvelles dépêches arrivent en brouillon, sauf avec --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", metavar="CHEMIN", help=_("fichier, dossier, ou - pour l'entrée standard")
        )
        parser.add_argument(
            "--watch",
            metavar="DOSSIER",
            help=_(
                "surveiller un dossier de dépôt : chaque fichier arrivé est importé puis rangé dans done/ "
                "ou failed/ ; s'arrête proprement sur SIGTERM ou Ctrl-C"
            ),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            metavar="SECONDES",
            help=_("avec --watch, l'attente entre deux passages (par défaut : 30)"),
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help=_("publier les nouvelles dépêches (les embargos sont respectés)"),
        )
        parser.add_argument(
            "--record-tolls",
            action="store_true",
            help=_(
                "relever aussitôt les bilans sourcés de la copie d'agence non modifiée, datés de l'heure de l'agence "
                "(à vérifier par un éditeur) ; pour le dossier de dépôt, aussi NEWSDESK_INGEST_RECORD_TOLLS=true"
            ),
        )
        parser.add_argument("--user", help=_("compte inscrit dans l'historique (par défaut : fil-agences)"))
        parser.add_argument(
            "--language",
            default="",
            metavar="CODE",
            help=_(
                "langue des dépêches qui n'en indiquent aucune et dont le texte ne permet pas de la reconnaître, "
                "par ex. en pour un fil anglais"
            ),
        )

    def handle(self, *args, paths, publish, user, language, verbosity, watch, interval, record_tolls, **options):
        language = language.strip()
        if language and not (len(language) <= 10 and LANGUAGE_TAG_RE.fullmatch(language)):
            raise CommandError(_("Code de langue invalide : %(code)s") % {"code": language[:20]})
        # The wire account may change published articles; a named account has its own rights.
        run = IngestOptions(
            user=self._account(user),
            publish=publish,
            language=language,
            record_tolls=record_tolls or bool(watch and settings.NEWSDESK_INGEST_RECORD_TOLLS),
        )
        if watch:
            return self._watch(watch, interval, run)
        if not paths:
            raise CommandError(_("Indiquez au moins un fichier ou dossier, ou --watch DOSSIER."))
        files = list(self._files(paths))
        interactive = sys.stderr.isatty() and verbosity > 0
        # The total is the files named: an ETA needs one, and how many
        # dispatches a file holds is known only once it is read.
        bar = tqdm(
            total=len(files),
            unit=" " + _("fichier"),
            file=sys.stderr,
            disable=not interactive,
            leave=False,
            bar_format=_("{l_bar}{bar}| {n_fmt}/{total_fmt} fichiers [{elapsed} écoulé, reste {remaining}{postfix}]"),
        )
        started = []
        dispatches = 0

        def say(line):
            if interactive:
                tqdm.write(line, file=sys.stderr)  # above the bar, not through it
            else:
                self.stderr.write(line)

        def progress(result):
            nonlocal dispatches
            if result.outcome in (SKIPPED, FAILED) and verbosity > 0:
                label = _("échec") if result.outcome == FAILED else _("ignorée")
                say(f"{result.name} : {label} — {result.reason}")
            if verbosity > 0:
                # What the desk should know of an imported item: a picture left out, and why.
                for note in result.notes:
                    say(f"{result.name} : {note}")
            dispatches += 1
            name = result.name.split(" [", 1)[0]
            if not started or started[-1] != name:
                # Results come in file order: a new name means the previous file is done.
                if started:
                    bar.update(1)
                started.append(name)
            bar.set_postfix_str(
                ngettext("%(count)d dépêche", "%(count)d dépêches", dispatches) % {"count": dispatches}, refresh=False
            )
            bar.refresh()

        try:
            report = ingest_files(self._contents(files), run, progress=progress)
            bar.update(bar.total - bar.n)
            bar.refresh()  # the last file done, shown even within tqdm's minimum interval
        finally:
            bar.close()
        if verbosity >= 2 or (verbosity == 1 and self.stdout.isatty()):
            self.stdout.write(_("Dépêches : %(summary)s") % {"summary": report.summary()})
        if report.failed:
            raise CommandError(_("%(count)d dépêche(s) en échec.") % {"count": report.counts[FAILED]}, returncode=1)

    def _watch(self, folder, interval, run):
        """Ingest the drop folder every ``interval`` seconds until SIGTERM or SIGINT."""
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(_("Dossier de dépôt introuvable : %(folder)s") % {"folder": folder})
        if not 0 < interval <= 86400:
            raise CommandError(_("Intervalle invalide : entre 0 et 86 400 secondes."))
        drop = DropFolder(path, run, log=self.stdout.write)
        previous = {number: signal.signal(number, drop.stop) for number in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(
            _("Surveillance de %(folder)s toutes les %(interval)g s.") % {"folder": path, "interval": interval}
        )
        try:
            drop.run(interval)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        self.stdout.write(_("Surveillance arrêtée."))

    def _account(self, username):
        if not username:
            return wire_user()
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("Compte inconnu : %(username)s") % {"username": username}) from error

    @staticmethod
    def _files(paths):
        """Yield "-" and the files named or found in the folders, folders sorted, hidden files left out."""
        for name in paths:
            path = Path(name)
            if name != "-" and path.is_dir():
                yield from sorted(
                    str(found)
                    for found in path.rglob("*")
                    if found.is_file() and not any(part.startswith(".") for part in found.relative_to(path).parts)
                )
            else:
                yield name

    @staticmethod
    def _contents(files):
        """Yield (name, bytes, folder) per file, read one at a time; (name, IngestError) when it cannot be read.

        The folder is where the file's pictures named by a relative path are read, and only there.
        """
        for name in files:
            if name == "-":
                yield _("<entrée standard>"), sys.stdin.buffer.read()
                continue
            try:
                yield name, Path(name).read_bytes(), Path(name).resolve().parent
            except OSError as error:
                yield name, IngestError(_("fichier illisible : %(reason)s") % {"reason": error.strerror or error})
