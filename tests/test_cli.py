"""The CLI through typer's CliRunner: help, exit codes, messages, and answers on the real pack."""

from __future__ import annotations

import json
import shutil

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


# -- issue 13: a command line like gh, ripgrep and sqlite-utils ------------------------


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.startswith("minutebook ")


@pytest.mark.parametrize("spelling", ["bash_source", "source_bash"])
def test_shell_completion_script_and_answers(spelling):
    script = runner.invoke(app, [], prog_name="minutebook", env={"_MINUTEBOOK_COMPLETE": spelling})
    assert script.exit_code == 0 and "complete -o default -F _minutebook_completion minutebook" in script.output
    answer = runner.invoke(app, [], prog_name="minutebook", env={
        "_MINUTEBOOK_COMPLETE": "complete_bash", "COMP_WORDS": "minutebook sea", "COMP_CWORD": "1"})
    assert answer.output.split() == ["search"]


def test_home_is_accepted_after_the_subcommand(pack_home, tmp_path, monkeypatch):
    monkeypatch.setenv("MINUTEBOOK_HOME", str(tmp_path / "elsewhere"))
    after = runner.invoke(app, ["search", "Zero Suicide", "--json", "--home", str(pack_home)])
    before = runner.invoke(app, ["--home", str(pack_home), "search", "Zero Suicide", "--json"])
    assert after.exit_code == 0 and json.loads(after.stdout) == json.loads(before.stdout) != []
    equals = runner.invoke(app, ["search", "Zero Suicide", "--json", f"--home={pack_home}"])
    assert json.loads(equals.stdout) == json.loads(before.stdout)


@pytest.mark.parametrize("args", [["actions", "--csv", "--json"], ["actions", "--json", "--csv"]])
def test_csv_and_json_together_is_a_usage_error(pack_home, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "cannot be used together" in result.output and "Traceback" not in result.output


def test_usage_errors_exit_2_and_domain_errors_exit_1(pack_home):
    assert runner.invoke(app, ["search"]).exit_code == 2  # no query
    assert runner.invoke(app, ["search", "x", "--limit", "0"]).exit_code == 2
    assert runner.invoke(app, ["search", "x", "--sort", "sideways"]).exit_code == 1
    assert runner.invoke(app, ["search", "x", "--from", "2019-13"]).exit_code == 1


def test_ingest_says_what_it_is_doing(tmp_path):
    from tests.conftest import DATA

    pdf = DATA / "wild" / "tri_c_board_of_trustees_agenda_2019-09-26.pdf"
    first = runner.invoke(app, ["ingest", str(pdf)])
    assert first.exit_code == 0
    assert "loading the English model…" in first.output
    assert "2 pages, 6 items, 0 actions" in first.output
    again = runner.invoke(app, ["ingest", str(pdf)])
    assert again.output.count("unchanged") == 1 and "loading the English model" not in again.output


def test_plurals():
    from minutebook.cli import plural

    assert [plural(n, "page") for n in (0, 1, 2)] == ["0 pages", "1 page", "2 pages"]


def test_a_failed_files_reason_is_in_its_row(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("these are not minutes")
    result = runner.invoke(app, ["ingest", str(bad)])
    assert result.exit_code == 1
    row = next(line for line in result.stdout.splitlines() if "notes.pdf" in line)
    assert "failed" in row and "is not a PDF" in row


def test_skip_bad_records_bad_files_and_skips_them_quietly(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("these are not minutes")
    first = runner.invoke(app, ["ingest", str(tmp_path), "--skip-bad"])
    assert first.exit_code == 1 and "recorded" in first.output
    second = runner.invoke(app, ["ingest", str(tmp_path), "--skip-bad"])
    assert second.exit_code == 0 and "skipped 1 known-bad file" in second.output and "error" not in second.output
    third = runner.invoke(app, ["ingest", str(tmp_path)])  # without the flag the file is tried again
    assert third.exit_code == 1


def test_ctrl_c_says_what_was_stored_and_exits_130(tmp_path, monkeypatch):
    from minutebook import app as lib
    from tests.conftest import DATA

    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("tri_c_board_of_trustees_agenda_2019-09-26.pdf", "il_corrections_agenda_2019-11-04.pdf"):
        shutil.copy(DATA / "wild" / name, folder)

    def interrupted(paths, home, *, on_done=None, **kwargs):
        on_done(lib.FileResult(path=str(paths[0]), status="ingested", pages=2))
        raise KeyboardInterrupt

    monkeypatch.setattr(lib, "ingest", interrupted)
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 130
    assert "interrupted: 1 file stored, 1 not started" in result.output


def test_from_and_to_mean_meeting_dates_in_every_command(pack_home):
    ours = invoke("actions", "--from", "2019-10", "--to", "2019-10-31", "--status", "all", "--json").stdout
    theirs = invoke("actions", "--since", "2019-10", "--until", "2019-10-31", "--status", "all", "--json").stdout
    assert json.loads(ours) == json.loads(theirs) != []
    assert json.loads(invoke("actions", "--from=2020", "--json").stdout) == []
    found = json.loads(invoke("search", "noted", "--from", "2019-10", "--to", "2019-10", "--json").stdout)
    assert found and {h["meeting_date"] for h in found} == {"2019-10-09"}


@pytest.mark.parametrize("meeting", ["2019-10-09", "Community Safety Partnership 2019-10-09", "PREFIX"])
def test_search_meeting_takes_a_date_an_id_prefix_or_a_body_and_date(pack_home, meeting):
    if meeting == "PREFIX":
        meeting = next(h["meeting_id"] for h in json.loads(invoke("search", "Zero Suicide", "--json").stdout)
                       if h["meeting_date"] == "2019-10-09")[:4]
    found = json.loads(invoke("search", "noted", "--meeting", meeting, "--json").stdout)
    assert found and {h["meeting_date"] for h in found} == {"2019-10-09"}


def test_search_unknown_meeting_is_a_clean_error(pack_home):
    result = runner.invoke(app, ["search", "noted", "--meeting", "zz9"])
    assert result.exit_code == 1 and "no meeting 'zz9'" in result.output
