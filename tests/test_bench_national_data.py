"""bench/national_data.py, at a small scale: what it writes, the same from the same seed, and its
refusal of a database that already holds editions (it must never fill the demo's or production's)."""

import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ["--editions", "2", "--dossiers", "12", "--registry", "extract"]


def generate(var_dir, *args):
    env = {"PATH": "/usr/bin:/bin", "TNL_VAR_DIR": str(var_dir), "TNL_ENV_FILE": ""}
    return subprocess.run(
        [sys.executable, "bench/national_data.py", *SMALL, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def rows(var_dir, query):
    with sqlite3.connect(var_dir / "db.sqlite3") as db:
        return db.execute(query).fetchall()


RESULTS = """
    SELECT r.year, p.kind, p.code, p.level FROM publication_publishedresult p
    JOIN publication_release r ON r.id = p.release_id ORDER BY r.year, p.kind, p.code
"""
DOSSIERS = """
    SELECT e.year, d.status, COUNT(DISTINCT d.id), COUNT(DISTINCT a.id), COUNT(DISTINCT dec.id)
    FROM dossiers_dossier d JOIN editions_edition e ON e.id = d.edition_id
    LEFT JOIN dossiers_answer a ON a.dossier_id = d.id LEFT JOIN jury_decision dec ON dec.dossier_id = d.id
    GROUP BY e.year, d.status ORDER BY e.year
"""
REVIEWS = """
    SELECT e.year, r.status, COUNT(*) FROM jury_review r JOIN jury_assignment a ON a.id = r.assignment_id
    JOIN dossiers_dossier d ON d.id = a.dossier_id JOIN editions_edition e ON e.id = d.edition_id
    GROUP BY e.year, r.status ORDER BY e.year
"""


def test_the_same_seed_gives_the_same_published_editions(tmp_path):
    first, second, other = tmp_path / "first", tmp_path / "second", tmp_path / "other"
    for folder, seed in ((first, "7"), (second, "7"), (other, "8")):
        run = generate(folder, "--seed", seed)
        assert run.returncode == 0, run.stderr
    results = rows(first, RESULTS)
    assert results == rows(second, RESULTS)
    assert results != rows(other, RESULTS)
    assert {year for year, *_rest in results} == {2016, 2017}
    assert {level for *_rest, level in results} <= {1, 2, 3, 4, 5}

    # Every dossier submitted, answered (about 55 answers), decided, read by two jurors.
    dossiers = rows(first, DOSSIERS)
    assert [(year, status, count, decided) for year, status, count, _answers, decided in dossiers] == [
        (2016, "submitted", 12, 12),
        (2017, "submitted", 12, 12),
    ]
    assert all(40 * 12 <= answers <= 57 * 12 for *_rest, answers, _decided in dossiers)
    assert rows(first, REVIEWS) == [(2016, "submitted", 24), (2017, "submitted", 24)]
    # Published: the labelled bodies of each year, as many as the decisions above level 0.
    labelled = rows(
        first,
        "SELECT e.year, COUNT(*) FROM jury_decision dec JOIN dossiers_dossier d ON d.id = dec.dossier_id "
        "JOIN editions_edition e ON e.id = d.edition_id WHERE dec.level > 0 GROUP BY e.year ORDER BY e.year",
    )
    assert labelled == [(year, sum(1 for r in results if r[0] == year)) for year in (2016, 2017)]


def test_a_database_that_holds_editions_is_refused(tmp_path):
    assert generate(tmp_path).returncode == 0
    again = generate(tmp_path)
    assert again.returncode == 1
    assert again.stderr.strip().splitlines()[-1] == (
        "This database already holds editions: give the generator a new one (DATABASE_URL or TNL_VAR_DIR)."
    )
    assert len(rows(tmp_path, "SELECT id FROM editions_edition")) == 2
