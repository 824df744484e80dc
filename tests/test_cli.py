"""The CLI through typer's CliRunner: help, exit codes, messages, and answers on the real pack."""

from __future__ import annotations

import json

import pytest
import typer.main
from typer.testing import CliRunner

from minutebook.cli import app
from tests.conftest import PACK

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _commands(group, prefix=()):
    for name, cmd in getattr(group, "commands", {}).items():
        yield (*prefix, name), cmd
        yield from _commands(cmd, (*prefix, name))


def test_every_command_has_help_with_an_example():
    click_app = typer.main.get_command(app)
    commands = list(_commands(click_app))
    assert {"ingest", "search", "actions", "export", "reindex", "show"} <= {c[0][0] for c in commands}
    for path, _cmd in commands:
        result = invoke(*path, "--help")
        assert result.exit_code == 0, path
        assert "Example:" in result.output, path


def test_missing_file_is_one_line_error_and_exit_1(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 1
    assert "nope.pdf" in result.output and "no such file" in result.output
    assert "Traceback" not in result.output


def test_reingest_of_unchanged_file_says_so(pack_home):
    result = invoke("ingest", str(PACK))
    assert result.exit_code == 0
    assert "unchanged" in result.output


def test_search_json_finds_zero_suicide_in_the_minutes(pack_home):
    result = invoke("search", "Zero Suicide", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.output)
    top = [(h["meeting_date"], str(h["item"])) for h in hits[:3]]
    assert ("2019-10-09", "91") in top
    hit = next(h for h in hits if h["item"] == "91")
    assert hit["page"] == 6 and {"kind", "title", "snippet", "score"} <= hit.keys()


def test_search_table_output(pack_home):
    result = invoke("search", "CCTV")
    assert result.exit_code == 0
    assert "CCTV" in result.output and "2019-12-11" in result.output


def test_actions_json_is_a_flat_list(pack_home):
    result = invoke("actions", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert any("Eubert Malcolm" in row["owners"] for row in rows)
    assert all(row["status"] == "open" for row in rows)


def test_export_follows_the_schema(pack_home):
    result = invoke("export", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema"] == "minutebook/1"
    meetings = sorted((m["kind"], m["date"]) for m in data["meetings"])
    assert meetings == [("agenda", "2019-12-11"), ("minutes", "2019-10-09")]
    assert data["documents"][0]["pages"] == 80


def test_export_rejects_unknown_format(pack_home):
    result = runner.invoke(app, ["export", "--format", "xml"])
    assert result.exit_code == 1
    assert "unknown format" in result.output


@pytest.mark.parametrize("suffix", ["", ".91"])
def test_show_meeting_and_item(pack_home, suffix):
    data = json.loads(invoke("export").output)
    minutes = next(m for m in data["meetings"] if m["kind"] == "minutes")
    result = invoke("show", minutes["id"] + suffix)
    assert result.exit_code == 0
    assert "SUICIDE AND YOUNG PEOPLE" in result.output  # the title as printed
    if suffix:
        assert "Zero Suicide" in result.output and "Introductions" not in result.output


def test_show_unknown_id_is_a_clean_error(pack_home):
    result = runner.invoke(app, ["show", "mnope"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_reindex_rebuilds(pack_home):
    result = invoke("reindex")
    assert result.exit_code == 0
    assert "index rebuilt" in result.output
    assert json.loads(invoke("search", "Zero Suicide", "--json").output)


def test_parallel_ingest_reports_a_bad_file_and_keeps_going(tmp_path):
    import shutil

    from tests.conftest import DATA

    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(DATA / "wild" / "tri_c_board_of_trustees_agenda_2019-09-26.pdf", folder)
    shutil.copy(DATA / "wild" / "il_corrections_agenda_2019-11-04.pdf", folder)
    (folder / "notes.pdf").write_text("these are not minutes")
    result = runner.invoke(app, ["ingest", str(folder), "--jobs", "2"])
    assert result.exit_code == 1
    assert "notes.pdf: is not a PDF" in result.output
    assert "Traceback" not in result.output
    assert result.output.count("ingested") == 2


def test_help_and_json_start_light(pack_home):
    """Cold start (issue 8): --help loads neither rich nor pydantic (typer >= 0.29 imports it to coerce options)."""
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom minutebook.cli import app\n"
            "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'pydantic', 'sqlite3'}),"
            " file=sys.stderr)")
    for args, loaded in ((["--help"], []), (["actions", "--help"], []), (["actions", "--json"], ["sqlite3"])):
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                              env=dict(os.environ), timeout=60)
        assert f"LOADED {loaded}" in proc.stderr, (args, proc.stderr)
