"""A drop folder ingested on a schedule: agencies (or their FTP) put files in, each lands in done/ or failed/.

A file is read once it has stopped growing (its size and time unchanged
since the previous look), so that one still being written is never
imported half. Each file is ingested on its own: a failed item sends its
file to failed/, beside a text file of the reasons, and the others of the
file are still imported (the importer keeps each item all or nothing).

Picture files (JPEG, PNG…) are no dispatches: they wait in the folder for
the item that names them, and are filed with it once it has read them.
"""

import errno
import os
import threading
from datetime import datetime
from pathlib import Path

from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .importer import FAILED, ingest_files
from .item import IngestError

DONE, FAILED_DIR = "done", "failed"
# Hidden, so never taken for a dispatch.
HEARTBEAT = ".ingest-heartbeat"
# Files delivered for the items that name them, never read as dispatches.
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}
OUTSIDE = _lazy("lien symbolique menant hors du dossier de dépôt : refusé")


class DropFolder:
    def __init__(self, folder, options, *, log=None):
        self.folder = Path(folder)
        # What each file is imported as (IngestOptions): the same choices as the command's.
        self.options = options
        self.log = log or (lambda line: None)
        self.stopping = threading.Event()
        # What each waiting file looked like at the previous look: (size, mtime).
        self.seen = {}
        for name in (DONE, FAILED_DIR):
            (self.folder / name).mkdir(parents=True, exist_ok=True)

    def stop(self, *_args):
        """Ask the loop to stop once the file in hand is done (a SIGTERM handler)."""
        self.stopping.set()

    def run(self, interval):
        """Ingest what is ready, then wait ``interval`` seconds, until stop() is called."""
        while not self.stopping.is_set():
            self.scan()
            # The container's health check reads this file's time (deploy/heartbeat_healthcheck.py).
            (self.folder / HEARTBEAT).touch()
            self.stopping.wait(interval)

    def waiting(self):
        """Return the files of the folder's top level, oldest first, hidden ones, pictures and subfolders left out.

        Symbolic links are returned too, pictures and subfolders included,
        for scan() to refuse those leading out of the folder.
        """
        files = [
            path
            for path in self.folder.iterdir()
            if not path.name.startswith(".")
            and path.name not in (DONE, FAILED_DIR)
            and (path.is_symlink() or (path.is_file() and path.suffix.lower() not in PICTURE_SUFFIXES))
        ]
        return sorted(files, key=lambda path: (path.lstat().st_mtime, path.name))

    def leads_out(self, path):
        """Return why ``path`` is not read (a link leading out of the folder, or to nothing), "" when it may be."""
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return _("lien symbolique vers un fichier absent ou en boucle : refusé")
        if not target.is_relative_to(self.folder.resolve()):
            return OUTSIDE
        return ""

    def scan(self):
        """Ingest each file that has settled since the previous look; return the Reports by file name."""
        reports = {}
        present = set()
        for path in self.waiting():
            if self.stopping.is_set():
                break
            present.add(path.name)
            refusal = self.leads_out(path) if path.is_symlink() else ""
            if refusal:
                # Never read, whatever it points to: filed with its reason at once.
                self.refuse(path, refusal)
                continue
            if not path.is_file() or path.suffix.lower() in PICTURE_SUFFIXES:
                continue  # a link inside the folder to a subfolder, or to a picture waiting for its item
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            signature = (stat.st_size, stat.st_mtime_ns)
            if self.seen.get(path.name) != signature:
                self.seen[path.name] = signature
                continue  # still being written, perhaps: look again next time
            del self.seen[path.name]
            try:
                reports[path.name] = self.ingest(path)
            except (OSError, DatabaseError) as error:
                # The database away or the folder unwritable: the file stays
                # where it is and is tried again at a later pass (an item
                # already stored is then "inchangée"), the loop goes on.
                self.log(_("%(name)s : reporté — %(error)s") % {"name": path.name, "error": str(error)[:200]})
        for name in set(self.seen) - present:
            del self.seen[name]
        return reports

    def refuse(self, path, reason):
        """File ``path`` (the link itself, never its target) in failed/ beside its reason."""
        target = self._free_name(self.folder / FAILED_DIR, path.name)
        path.replace(target)
        target.with_name(target.name + ".erreurs.txt").write_text(f"{path.name} : {reason}\n", encoding="utf-8")
        self.log(f"{path.name} : {reason}")

    def read(self, path):
        """Return the bytes of ``path``, read inside the folder only (a link swapped in since is not followed)."""
        target = path.resolve(strict=True)
        if not target.is_relative_to(self.folder.resolve()):
            raise PermissionError(errno.EPERM, OUTSIDE)
        descriptor = os.open(target, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as file:
            return file.read()

    def ingest(self, path):
        try:
            data = self.read(path)
        except OSError as error:
            data = IngestError(_("fichier illisible : %(reason)s") % {"reason": error.strerror or error})
        report = ingest_files([(path.name, data, self.folder)], self.options)
        failures = [result for result in report.results if result.outcome == FAILED]
        target = self._free_name(self.folder / (FAILED_DIR if failures else DONE), path.name)
        path.replace(target)
        # The pictures it read go with it; one it did not read waits for the item that names it.
        for picture in {file for result in report.results for file in result.picture_files}:
            if picture.parent == self.folder.resolve() and picture.exists():
                picture.replace(self._free_name(target.parent, picture.name))
        if failures:
            reasons = "".join(f"{result.name} : {result.reason}\n" for result in failures)
            target.with_name(target.name + ".erreurs.txt").write_text(reasons, encoding="utf-8")
        for result in report.noted:
            for note in result.notes:
                self.log(f"{result.name} : {note}")
        self.log(f"{path.name} : {report.summary()}")
        return report

    @staticmethod
    def _free_name(folder, name):
        """Return a path in ``folder`` for ``name`` that no earlier file of that name holds."""
        target = folder / name
        if not target.exists():
            return target
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        return folder / f"{Path(name).stem}.{stamp}{Path(name).suffix}"
