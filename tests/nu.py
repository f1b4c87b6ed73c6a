"""The W3C Nu Html Checker (vnu.jar, from npm's ``vnu-jar`` package) run with Debian's Java on pages we render.

``make nu`` (and .ci/run) installs it under .tools/; NEWSDESK_VNU_JAR names another copy. Without it the
tests that need it are skipped, except in CI (CI=true), where they are required.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT

VNU_JAR = Path(os.environ.get("NEWSDESK_VNU_JAR") or ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar")


def require_checker():
    """Skip (or, in CI, fail) when Java or vnu.jar is missing."""
    missing = [what for what, there in (("java", shutil.which("java")), (str(VNU_JAR), VNU_JAR.is_file())) if not there]
    if missing:
        reason = f"the Nu Html Checker needs {' and '.join(missing)} (make nu)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI requires the Nu Html Checker, but {reason}", pytrace=False)
        pytest.skip(reason)


def nu_errors(pages, folder):
    """Check ``pages`` ({name: HTML}) in one run of the checker; return {name: [errors]} for those with errors."""
    require_checker()
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    run = subprocess.run(
        [
            "java",
            "-Xss2m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *(str(p) for p in folder.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {}
    for message in json.loads(run.stderr or "{}").get("messages", []):
        name = Path(message.get("url", "").removeprefix("file:")).stem
        where = f"line {message.get('lastLine')}" if message.get("lastLine") else ""
        errors.setdefault(name, []).append(f"{where}: {message.get('message')} [{message.get('extract', '').strip()}]")
    return errors
