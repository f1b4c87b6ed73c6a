"""manage.py extract: one JSON line of quotes and tolls per dispatch; a bad line is reported and skipped."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent.parent

IDLEB = {
    "id": "idleb-4",
    "lang": "fr",
    "text": (
        "Syrie : au moins 33 soldats turcs tués à Idleb\n\n"
        "Au moins 33 soldats turcs ont été tués jeudi dans une frappe aérienne dans la province d'Idleb, "
        "selon un nouveau bilan des autorités turques. Un précédent bilan faisait état de 29 morts. "
        "« Nous répondrons », a déclaré le porte-parole de la présidence, Ibrahim Kalin."
    ),
}
NEPAL = {
    "id": 17,
    "lang": "en",
    "text": "The death toll from the earthquake in western Nepal rose to 2,012 on Tuesday, the Home Ministry said.",
}


def run(tmp_path, capsys, lines):
    path = tmp_path / "dispatches.jsonl"
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines) + b"\n")
    call_command("extract", str(path))
    captured = capsys.readouterr()
    return [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_each_dispatch_gives_one_line_with_its_quotes_and_its_current_toll_once(tmp_path, capsys):
    printed, errors = run(tmp_path, capsys, [json.dumps(IDLEB, ensure_ascii=False), json.dumps(NEPAL)])
    assert errors == ""
    assert printed == [
        {
            "id": "idleb-4",
            "quotes": [{"text": "Nous répondrons", "speaker": "Ibrahim Kalin"}],
            # The headline's figure and the body's are one toll, "au moins"; the earlier 29 is none.
            "tolls": [
                {"outcome": "killed", "count": 33, "count_max": None, "qualifier": "at_least",
                 "victims": "soldats turcs", "source": "les autorités turques"},
            ],
        },
        {
            "id": 17,
            "quotes": [],
            "tolls": [
                {"outcome": "killed", "count": 2012, "count_max": None, "qualifier": "exact", "victims": "",
                 "source": "the Home Ministry"},
            ],
        },
    ]  # fmt: skip


def test_a_bad_line_is_reported_on_stderr_with_its_number_and_the_others_are_read(tmp_path, capsys):
    lines = [
        json.dumps(IDLEB),
        "{not json",
        json.dumps({"id": "no-text", "lang": "fr"}),
        json.dumps(["a", "list"]),
        b'{"id": "latin-1", "text": "caf\xe9"}',
        "",
        json.dumps(NEPAL),
    ]
    printed, errors = run(tmp_path, capsys, lines)
    assert [dispatch["id"] for dispatch in printed] == ["idleb-4", 17]
    assert "ligne 2 sautée : JSON invalide" in errors
    assert "ligne 3 sautée : « text » manquant ou vide" in errors
    assert "ligne 4 sautée : un objet JSON est attendu" in errors
    assert "ligne 5 sautée : ligne qui n'est pas en UTF-8" in errors
    assert "4 lignes sautées" in errors


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("extract", str(tmp_path / "absent.jsonl"))


def test_the_command_reads_standard_input_as_a_measuring_script_would():
    result = subprocess.run(
        [sys.executable, "manage.py", "extract", "-"],
        input=json.dumps(NEPAL) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["tolls"][0]["count"] == 2012
