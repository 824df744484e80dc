"""Reliability battery (issue 9): bad inputs, damaged index and store, migrations, OCR, privacy, security.

Every case runs the real CLI (typer's CliRunner, in-process) against a data home that
already holds the real Haringey pack plus manual action history, and checks:

* the exit code, and one line `error: <file>: <reason>` naming the file, with no traceback;
* that `minutebook export --include-exempt` is byte-for-byte the same as before the case
  wherever nothing should change, and that the manual action history is untouched.

The SIGKILL and two-writers faults are in `test_kill.py`; parser fuzzing in `test_fuzz.py`.
The module prints the battery's counts at the end (inputs tried, faults injected, records lost).
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook.cli import app
from minutebook.home import index_path, store_path
from tests.conftest import PACK

MAKE_PATH = Path(__file__).resolve().parent / "data" / "bad" / "make.py"
_spec = importlib.util.spec_from_file_location("bad_make", MAKE_PATH)
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)

# The exempt items of the real pack: (meeting kind, date, item number).
EXEMPT_ITEMS = {("agenda", "2019-12-11", "16"), ("minutes", "2019-10-09", "97")}
BATTERY = {"inputs": 0, "handled": 0, "faults": 0, "survived": 0, "lost": 0}
runner = CliRunner()


def cli(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def export_text() -> str:
    result = cli("export", "--include-exempt")
    assert result.exit_code == 0, result.output
    return result.stdout


def records(home: Path) -> dict[str, set]:
    """Every stored record id plus the manual history rows: what "lost" is counted against."""
    db = sqlite3.connect(store_path(home))
    try:
        return {
            "meetings": {r[0] for r in db.execute("SELECT id FROM meetings")},
            "items": {r[0] for r in db.execute("SELECT id FROM items")},
            "actions": {r[0] for r in db.execute("SELECT id FROM actions")},
            "resolutions": {r[0] for r in db.execute("SELECT id FROM resolutions")},
            "events": set(db.execute("SELECT id, action_id, at, kind, note, value FROM action_events")),
        }
    finally:
        db.close()


def lost_between(before: dict[str, set], after: dict[str, set]) -> int:
    return sum(len(before[k] - after[k]) for k in before)


def assert_one_line_error(result, path: str | Path, fragment: str) -> None:
    """Exit 1, exactly one `error: <path>: ...<fragment>...` line, and no traceback anywhere."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(f"error: {path}: ")]
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make.make_bad(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make.good_docs(tmp_path_factory.mktemp("good"), 2)


@pytest.fixture(scope="module")
def baseline(_ingested_once: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real pack with manual history: a status, an assignment and a note."""
    from minutebook.store import Store

    home = tmp_path_factory.mktemp("reliability") / "baseline"
    shutil.copytree(_ingested_once, home, ignore=shutil.ignore_patterns(".write.lock"))
    with Store.open(home) as store:
        rows = store.action_rows(status="all")
        store.add_event(rows[0].action.id, "done", note="Circulated on 14 October", at="2019-10-14T09:00:00Z")
        store.add_event(rows[1].action.id, "assign", value=["Sandeep Broca"], at="2019-10-15T09:00:00Z")
        store.add_event(rows[2].action.id, "note", note="Chased by email", at="2019-10-16T09:00:00Z")
    return home


@pytest.fixture
def home(baseline: Path, data_home: Path) -> Path:
    """A private copy of the baseline as this test's data home ($MINUTEBOOK_HOME)."""
    shutil.rmtree(data_home)
    shutil.copytree(baseline, data_home)
    return data_home


@pytest.fixture(scope="module")
def reference_export(baseline: Path) -> str:
    result = cli("--home", baseline, "export", "--include-exempt")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request: pytest.FixtureRequest):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and BATTERY["inputs"]:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nreliability battery: {BATTERY['inputs']} bad inputs tried / {BATTERY['handled']} "
                                f"handled cleanly, {BATTERY['faults']} faults injected / {BATTERY['survived']} "
                                f"survived, {BATTERY['lost']} records lost")


@pytest.fixture(autouse=True)
def _count_handled(request: pytest.FixtureRequest):
    """Inputs and faults of a test that passed were handled cleanly / survived (the call phase's report is
    counted before teardown runs)."""
    inputs, faults, failed = BATTERY["inputs"], BATTERY["faults"], request.session.testsfailed
    yield
    if request.session.testsfailed == failed:
        BATTERY["handled"] += BATTERY["inputs"] - inputs
        BATTERY["survived"] += BATTERY["faults"] - faults


# -- bad inputs, one at a time -----------------------------------------------------------------------------------

FILE_CASES = sorted(k for k, v in make.EXPECTED.items() if v)


def _special(case: str, tmp: Path) -> tuple[Path, str, list[str]]:
    """Bad inputs that are not files: (path, expected fragment, extra CLI args)."""
    if case == "missing":
        return tmp / "no-such-minutes.pdf", "no such file or folder", []
    if case == "dangling_symlink":
        (tmp / "link.pdf").symlink_to(tmp / "gone.pdf")
        return tmp / "link.pdf", "no such file or folder", []
    if case == "fifo":
        os.mkfifo(tmp / "pipe.pdf")
        return tmp / "pipe.pdf", "is not a regular file", []
    if case == "folder_named_pdf":
        (tmp / "minutes.pdf").mkdir()
        return tmp / "minutes.pdf", "is a folder with no PDF files in it", []
    if case == "folder_without_pdfs":
        (tmp / "scans").mkdir()
        (tmp / "scans" / "minutes.docx").write_bytes(b"PK\x03\x04")
        return tmp / "scans", "is a folder with no PDF files in it", []
    if case == "wrong_password":
        return Path("<bad>/encrypted.pdf"), "is encrypted and the --password given is not its password", [
            "--password", "not-the-password"]
    raise AssertionError(case)


SPECIAL_CASES = ["missing", "dangling_symlink", "fifo", "folder_named_pdf", "folder_without_pdfs", "wrong_password"]


@pytest.mark.parametrize("case", FILE_CASES + SPECIAL_CASES)
def test_bad_input_gets_one_line_error_and_changes_nothing(case, bad, home, reference_export, tmp_path):
    if case in make.EXPECTED:
        if case not in bad:
            pytest.skip(f"{case}: source file not available")
        path, fragment, extra = bad[case], make.EXPECTED[case], []
    else:
        path, fragment, extra = _special(case, tmp_path)
        if str(path).startswith("<bad>"):
            path = bad[path.name]
    before = records(home)
    result = cli("ingest", path, "--jobs", "1", *extra)
    BATTERY["inputs"] += 1
    assert_one_line_error(result, path, fragment)
    assert export_text() == reference_export
    BATTERY["lost"] += lost_between(before, records(home))
    assert records(home) == before


def test_file_names_with_brackets_are_printed_verbatim(home, tmp_path):
    odd = tmp_path / "minutes["
    odd.mkdir()
    path = odd / "b].pdf"  # the full path contains "[/b]"
    path.write_bytes(b"")
    result = cli("ingest", path, "--jobs", "1")
    assert_one_line_error(result, path, "is empty")


def test_whole_batch_goes_on_past_every_bad_input(bad, good, home, reference_export, tmp_path):
    """All bad inputs and two good files in one run: each bad file named, the good ones stored, exit 1."""
    before = records(home)
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    failing = [p for name, p in bad.items() if make.EXPECTED[name]] + [fifo, tmp_path / "missing.pdf"]
    result = cli("ingest", *failing, *good, "--jobs", "1")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for p in failing:
        assert sum(ln.startswith(f"error: {p}: ") for ln in result.stderr.splitlines()) == 1, p
    assert f"{len(failing)} of {len(failing) + len(good)} files failed" in result.stderr
    after = json.loads(export_text())
    old = json.loads(reference_export)
    assert {d["path"] for d in after["documents"]} == {d["path"] for d in old["documents"]} | {str(g) for g in good}
    old_meetings = {m["id"]: m for m in old["meetings"]}
    assert all(m == old_meetings[m["id"]] for m in after["meetings"] if m["id"] in old_meetings)
    assert len(after["meetings"]) == len(old["meetings"]) + len(good)
    BATTERY["lost"] += lost_between(before, records(home))


def test_encrypted_pdf_opens_with_the_right_password(bad, home):
    result = cli("ingest", bad["encrypted.pdf"], "--password", make.PASSWORD, "--jobs", "1")
    assert result.exit_code == 0, result.output
    meetings = json.loads(export_text())["meetings"]
    assert any(m["body"] == "Standards Committee" and m["date"] == "2020-03-03" for m in meetings)


def test_broken_xref_is_recovered_like_the_intact_file(bad, home, tmp_path):
    """pdfminer rebuilds a broken cross-reference table by scanning the file: same meetings as the intact file."""
    from minutebook.ingest.pipeline import parse_file

    intact = parse_file(make.meeting_pdf(tmp_path / "intact.pdf"), nlp=False)
    result = cli("ingest", bad["broken_xref.pdf"], "--jobs", "1")
    assert result.exit_code == 0, result.output
    stored = [m for m in json.loads(export_text())["meetings"] if m["body"] == "Parks and Leisure Committee"]
    assert [(m["date"], [i["number"] for i in m["items"]]) for m in stored] == \
        [(m.date, [i.number for i in m.items]) for m in intact.meetings]


def test_page_limit_is_configurable(home, tmp_path, monkeypatch):
    two = make.meeting_pdf(tmp_path / "two-pages.pdf", items=make.AGENDA_ITEMS * 8)
    monkeypatch.setenv("MINUTEBOOK_MAX_PAGES", "1")
    result = cli("ingest", two, "--jobs", "1")
    assert_one_line_error(result, two, "more than the 1 minutebook reads from one file")


# -- OCR ---------------------------------------------------------------------------------------------------------


def test_scanned_files_suggest_ocr(bad, home):
    assert_one_line_error(cli("ingest", bad["scanned.pdf"], "--jobs", "1"), bad["scanned.pdf"], "ingest --ocr")


def test_ocr_without_ocrmypdf_says_how_to_install_it(bad, good, home, tmp_path, monkeypatch):
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    result = cli("ingest", "--ocr", bad["scanned.pdf"], good[0], "--jobs", "1")
    assert_one_line_error(result, bad["scanned.pdf"], "--ocr needs ocrmypdf, which is not installed")
    assert "apt install ocrmypdf" in result.stderr
    assert "1 of 2 files failed" in result.stderr


def _fake_ocrmypdf(folder: Path, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    exe = folder / "ocrmypdf"
    exe.write_text("#!/bin/sh\n" + body)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return exe


def test_ocr_output_is_ingested_under_the_original_file(bad, home, tmp_path, monkeypatch):
    """A stand-in ocrmypdf (copies a text PDF to its output) checks the plumbing without Tesseract."""
    from minutebook.ingest.pipeline import sha256_of

    text_pdf = make.meeting_pdf(tmp_path / "ocr-result.pdf", body="Allotments Committee")
    log = tmp_path / "args.log"
    _fake_ocrmypdf(tmp_path / "bin", f'echo "$@" > {log}\nfor a; do out="$a"; done\ncp {text_pdf} "$out"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = cli("ingest", "--ocr", bad["scanned.pdf"], "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "--force-ocr" in log.read_text()
    assert "text read by OCR" in result.stderr
    doc = next(d for d in json.loads(export_text())["documents"] if d["path"] == str(bad["scanned.pdf"]))
    assert doc["sha256"] == sha256_of(bad["scanned.pdf"])
    again = cli("ingest", "--ocr", bad["scanned.pdf"], "--jobs", "1")
    assert again.exit_code == 0 and "unchanged" in again.stderr


def test_ocr_failure_is_one_line(bad, home, tmp_path, monkeypatch):
    _fake_ocrmypdf(tmp_path / "bin", "echo 'tesseract: cannot open input' >&2\nexit 7\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = cli("ingest", "--ocr", bad["scanned.pdf"], "--jobs", "1")
    assert_one_line_error(result, bad["scanned.pdf"], "OCR failed: Tesseract or Ghostscript failed on it")


@pytest.mark.skipif(shutil.which("ocrmypdf") is None, reason="ocrmypdf is not installed (optional system package)")
def test_ocr_reads_a_scanned_agenda(bad, home):
    result = cli("ingest", "--ocr", bad["scanned.pdf"], "--jobs", "1")
    assert result.exit_code == 0, result.output
    meetings = json.loads(export_text())["meetings"]
    assert any(m["date"] == "2020-03-03" and "Parks" in m["body"] for m in meetings)


# -- damaged index, interrupted writes, damaged and old stores ---------------------------------------------------


def _segment_files(home: Path) -> list[Path]:
    """Whoosh's segment data (one compound .seg file, or .trm/.pst/... files when not compound)."""
    return sorted(p for p in index_path(home).iterdir()
                  if p.is_file() and p.suffix not in (".toc", ".json") and "WRITELOCK" not in p.name)


def _corrupt(kind: str, home: Path) -> None:
    folder = index_path(home)
    if kind == "deleted":
        shutil.rmtree(folder)
    elif kind == "meta_garbage":
        next(folder.glob("*.json")).write_text("{not json")
    elif kind == "segment_truncated":
        seg = max(_segment_files(home), key=lambda p: p.stat().st_size)
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 3])
    elif kind == "all_scrambled":
        for p in folder.iterdir():
            if p.is_file():
                p.write_bytes(bytes(range(256)) * 4)
    else:
        raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["deleted", "meta_garbage", "segment_truncated", "all_scrambled"])
def test_damaged_index_is_reported_and_rebuilt(kind, home, reference_export):
    before = records(home)
    _corrupt(kind, home)
    BATTERY["faults"] += 1
    doctor = cli("doctor")
    assert doctor.exit_code == 1, doctor.output
    assert "PROBLEM" in doctor.stdout and "minutebook reindex" in doctor.stdout
    assert "Traceback" not in doctor.output
    found = cli("search", "CCTV")
    assert "Traceback" not in found.output
    if found.exit_code != 0:  # some damage only shows in segments a query never reads
        assert found.exit_code == 1 and "minutebook reindex" in found.stderr, found.output
    assert export_text() == reference_export
    assert cli("reindex").exit_code == 0
    assert cli("doctor").exit_code == 0
    found = cli("search", "CCTV", "--json")
    assert found.exit_code == 0 and json.loads(found.stdout)
    BATTERY["lost"] += lost_between(before, records(home))


def test_ingest_into_a_home_whose_index_was_deleted_rebuilds_it_whole(good, home):
    """A fresh index holding only the new file would hide every earlier document from search."""
    shutil.rmtree(index_path(home))
    BATTERY["faults"] += 1
    assert cli("ingest", good[0], "--jobs", "1").exit_code == 0
    assert cli("doctor").exit_code == 0
    assert json.loads(cli("search", "CCTV", "--json").stdout)


def test_interrupted_write_is_reported_and_repaired_by_the_next_ingest(home, reference_export, monkeypatch):
    from minutebook import carry
    from minutebook.app import INDEX_PENDING
    from minutebook.ingest.pipeline import sha256_of

    # What a process killed between the store commit and the index commit leaves behind.
    (home / INDEX_PENDING).write_text(sha256_of(PACK) + "\n")
    BATTERY["faults"] += 1
    doctor = cli("doctor")
    assert doctor.exit_code == 1 and "interrupted write" in doctor.stdout
    carried: list[list[str]] = []
    real = carry.after_ingest
    monkeypatch.setattr(carry, "after_ingest", lambda store, ids: carried.append(sorted(ids)) or real(store, ids))
    again = cli("ingest", PACK, "--jobs", "1")
    assert again.exit_code == 0 and "unchanged" in again.stderr
    assert carried == [sorted(json.loads(reference_export)["meetings"][i]["id"] for i in range(2))]
    assert not (home / INDEX_PENDING).exists()
    assert cli("doctor").exit_code == 0
    assert export_text() == reference_export


def test_doctor_on_a_healthy_home_reports_counts(home):
    result = cli("doctor", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    from minutebook.store import SCHEMA_VERSION

    assert report["ok"] and report["schema_version"] == SCHEMA_VERSION
    assert report["counts"]["meetings"] == 2 and report["counts"]["action_events"] == 3
    assert report["counts"]["index_documents"] > 0
    assert {c["name"] for c in report["checks"]} >= {"store", "schema", "index", "index agrees with store"}


def test_doctor_on_an_empty_home_is_fine_and_creates_nothing(data_home):
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert not store_path(data_home).exists()


def _add_column(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE documents ADD COLUMN source_url TEXT NOT NULL DEFAULT ''")


def test_older_schema_is_migrated_on_open_with_a_backup(home, reference_export, monkeypatch):
    from minutebook import store as store_mod

    before = records(home)
    v = store_mod.SCHEMA_VERSION
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", v + 1)
    monkeypatch.setitem(store_mod.MIGRATIONS, v, _add_column)
    BATTERY["faults"] += 1
    doctor = cli("doctor")
    assert doctor.exit_code == 0 and f"migrated to v{v + 1} when next opened" in doctor.stdout
    assert export_text() == reference_export  # opening for the export migrates
    backup = store_path(home).with_name(store_path(home).name + f".v{v}.bak")
    assert backup.exists()
    db = sqlite3.connect(backup)
    try:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(v)
        assert db.execute("SELECT count(*) FROM action_events").fetchone()[0] == 3
    finally:
        db.close()
    db = sqlite3.connect(store_path(home))
    try:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(v + 1)
        assert "source_url" in {r[1] for r in db.execute("PRAGMA table_info(documents)")}
    finally:
        db.close()
    assert records(home) == before
    BATTERY["lost"] += lost_between(before, records(home))


def test_failed_migration_leaves_the_store_as_it_was(home, reference_export, monkeypatch):
    from minutebook import store as store_mod

    def broken(db: sqlite3.Connection) -> None:
        _add_column(db)
        db.execute("DELETE FROM action_events")
        raise RuntimeError("disk on fire")

    before = records(home)
    v = store_mod.SCHEMA_VERSION
    with monkeypatch.context() as m:
        m.setattr(store_mod, "SCHEMA_VERSION", v + 1)
        m.setitem(store_mod.MIGRATIONS, v, broken)
        BATTERY["faults"] += 1
        result = cli("export", "--include-exempt")
        assert result.exit_code == 1
        assert f"migration from v{v} failed (disk on fire); backup at" in result.stderr
        assert "Traceback" not in result.output
    assert export_text() == reference_export
    assert records(home) == before


def test_store_from_a_newer_minutebook_is_refused(home):
    db = sqlite3.connect(store_path(home))
    with db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.close()
    result = cli("export")
    assert result.exit_code == 1 and "written by a newer minutebook" in result.stderr
    assert cli("doctor").exit_code == 1


def test_store_that_is_not_a_database_gets_a_clear_message(home):
    store_path(home).write_bytes(b"this is not sqlite" * 100)
    for name in ("-wal", "-shm"):
        store_path(home).with_name(store_path(home).name + name).unlink(missing_ok=True)
    result = cli("export")
    assert result.exit_code == 1 and "not a SQLite database" in result.stderr
    assert "Traceback" not in result.output
    doctor = cli("doctor")
    assert doctor.exit_code == 1 and "store" in doctor.stdout


# -- privacy: exempt content -------------------------------------------------------------------------------------


def _exempt_ids(home: Path) -> set[str]:
    db = sqlite3.connect(store_path(home))
    try:
        rows = db.execute("SELECT i.id, m.kind, m.date, i.number FROM items i JOIN meetings m ON m.id = i.meeting_id "
                          "WHERE i.exempt = 1").fetchall()
    finally:
        db.close()
    assert {(k, d, n) for _, k, d, n in rows} == EXEMPT_ITEMS
    return {r[0] for r in rows}


def test_exempt_items_are_withheld_from_default_export(home):
    default = json.loads(cli("export").stdout)
    assert default["exempt_included"] is False
    items = {(m["kind"], m["date"], i["number"]): i for m in default["meetings"] for i in m["items"]}
    for key in EXEMPT_ITEMS:
        assert items[key]["exempt"] is True
        assert items[key]["resolutions"] == [] and items[key]["actions"] == []
    assert json.loads(export_text())["exempt_included"] is True


@pytest.mark.parametrize("query", ["Jayne", "homicide review", "content and recommendation", "violence reduction"])
def test_exempt_items_never_in_default_search(home, query):
    exempt = _exempt_ids(home)
    hits = json.loads(cli("search", query, "--json", "--limit", "50").stdout)
    assert not [h for h in hits if h["item_id"] in exempt]
    assert not [h for h in hits if h["kind"] == "page" and h["page"] in {63, 66, 67, 70, 71, 74, 75}]


def test_exempt_items_need_the_flag_in_search_and_show(home):
    exempt = _exempt_ids(home)
    shown = json.loads(cli("search", "Jayne", "--json", "--include-exempt").stdout)
    assert {h["item_id"] for h in shown} & exempt
    minutes_id = next(i for i in exempt if i.endswith(".97")).rsplit(".", 1)[0]
    assert "As per the content" not in cli("show", f"{minutes_id}.97").stdout
    assert "As per the content" in cli("show", f"{minutes_id}.97", "--include-exempt").stdout


def test_did_you_mean_offers_no_word_from_exempt_items(home):
    # issue 14 case 2: "jayne" occurs only in the exempt item 97; "jayme suicde" must not be corrected to it
    BATTERY["inputs"] += 1
    shown = cli("search", "jayme suicde")
    assert "jayne" not in shown.output.lower()
    assert "jayne" in cli("search", "jayme suicde", "--include-exempt").output.lower()


@pytest.mark.parametrize("query", [
    "NOT NOT CCTV",  # IndexError inside Whoosh's parser
    "(" * 30 + "CCTV" + ")" * 30,  # nested too deep (500 levels: RecursionError)
    "facet_key:x",  # a field that holds no text
    "CCTV " * 2000,  # 10,000 characters took 9 s
])
def test_hostile_queries_get_one_line_errors(home, query):
    # issue 14 case 14
    BATTERY["inputs"] += 1
    result = cli("search", query)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_default_action_listing_has_no_exempt_items(home):
    exempt = _exempt_ids(home)
    rows = json.loads(cli("actions", "--status", "all", "--json").stdout)
    assert rows and not [r for r in rows if f"{r['meeting_id']}.{r['item']}" in exempt]


# -- security: nothing in a PDF is executed, fetched or opened ---------------------------------------------------


def _hostile_pdf(path: Path, target: Path, external_stream: bool = False) -> Path:
    """A valid agenda page plus every "do something" feature PDFs have: JavaScript on open, a URI link,
    a Launch action and a remote GoTo naming a local file, an embedded file; with `external_stream`,
    the page also draws an XObject whose data lives in an external file."""
    content = (b"BT /F1 14 Tf 72 760 Td (NOTICE OF MEETING) Tj 0 -20 Td (Parks Committee) Tj 0 -20 Td "
               b"(Tuesday, 3rd March, 2020) Tj 0 -30 Td (1. APOLOGIES FOR ABSENCE AND OTHER MATTERS) Tj 0 -20 Td "
               b"(The committee will receive apologies for absence from members and note them.) Tj ET"
               + (b" /Ext Do" if external_stream else b""))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /EmbeddedFiles << /Names [(x.sh) 9 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [7 0 R 8 0 R 11 0 R] "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Ext 10 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/js'\\); this.exportDataObject\\({cName: 'x.sh', "
        b"nLaunch: 2}\\);) >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A << /S /URI /URI (http://127.0.0.1:9/uri) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 680 300 700] /A << /S /Launch /F (" + str(target).encode()
        + b") >> >>",
        b"<< /Type /Filespec /F (x.sh) /EF << /F 12 0 R >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 0 /F (" + str(target).encode() + b") >>\n"
        b"stream\n\nendstream",
        b"<< /Type /Annot /Subtype /Link /Rect [72 660 300 680] /A << /S /GoToR /F (" + str(target).encode()
        + b") /D [0 /Fit] >> >>",
        b"<< /Length 22 >>\nstream\n#!/bin/sh\ntouch /tmp/x\nendstream",
    ]
    path.write_bytes(make._pdf_with_xref(objs))
    return path


def test_nothing_in_a_pdf_is_executed_fetched_or_opened(tmp_path):
    """Parse a hostile PDF in a child process that audits every open, socket, subprocess and import."""
    target = tmp_path / "launch-target.pdf"
    target.write_bytes(b"%PDF-1.4 secret")
    pdf = _hostile_pdf(tmp_path / "hostile.pdf", target)
    external = _hostile_pdf(tmp_path / "hostile-external.pdf", target, external_stream=True)
    script = textwrap.dedent(f"""
        import json, sys
        events = []
        def hook(event, args):
            if event == "open" and isinstance(args[0], str):
                events.append(("open", args[0]))
            elif event.startswith(("socket.", "subprocess.", "os.exec", "os.posix_spawn", "os.system",
                                   "urllib.", "http.", "ctypes.dlopen")):
                events.append((event, repr(args)[:200]))
        from minutebook.errors import BadInput
        from minutebook.ingest.pipeline import parse_file
        sys.addaudithook(hook)
        parsed = parse_file({str(pdf)!r}, nlp=False)
        try:
            parse_file({str(external)!r}, nlp=False)  # pdfminer refuses the external stream: BadInput is fine
        except BadInput:
            pass
        net = sorted(m for m in ("ssl", "http.client", "urllib.request", "requests", "urllib3", "ftplib")
                     if m in sys.modules)
        print(json.dumps({{"events": events, "net": net,
                          "meetings": [(m.kind, m.date, len(m.items)) for m in parsed.meetings]}}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["meetings"], "the page text is still read"
    opened = {path for kind, path in report["events"] if kind == "open"}
    assert str(target) not in opened
    # the libraries loaded are the fast reader's own, on import: pdfium from its package, and the process
    # itself (`ctypes.pythonapi`, opened when ctypes is imported); nothing the PDF names
    own = [e for e in report["events"] if e[0] == "ctypes.dlopen"
           and (e[1] == "(None,)" or ("pypdfium2_raw" in e[1] and "libpdfium" in e[1]))]
    assert not [e for e in report["events"] if e[0] != "open" and e not in own], report["events"]
    assert report["net"] == []


def test_every_command_has_help_with_an_example():
    for name in ("doctor", "ingest"):
        result = cli(name, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout
    assert "--ocr" in cli("ingest", "--help").stdout


# -- file names (issue 14, cases 5 and 16) ----------------------------------------------------------------------


def test_non_utf8_file_name_is_stored_losslessly_and_printed_escaped(good, home, tmp_path):
    """A Latin-1 "café.pdf" (byte 0xE9): ingested with the other file, stored as its exact bytes, shown `caf\\xe9`."""
    folder = tmp_path / "latin1"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.pdf"
    shutil.copyfile(good[0], raw)
    name = os.fsdecode(raw)  # what Python holds: "caf\udce9.pdf"
    result = cli("ingest", name, good[1], "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "caf\\xe9.pdf" in result.stdout
    db = sqlite3.connect(store_path(home))
    try:
        stored = {r[0] for r in db.execute("SELECT path FROM documents")}
    finally:
        db.close()
    assert raw in stored and str(good[1]) in stored
    paths = {d["path"] for d in json.loads(export_text())["documents"]}
    assert os.fsdecode(folder) + "/caf\\xe9.pdf" in paths
    again = cli("ingest", name, "--jobs", "1")
    assert again.exit_code == 0 and "caf\\xe9.pdf: unchanged" in again.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_control_characters_in_file_names_are_escaped(good, home, tmp_path, jobs):
    """A newline in a name must not print a spoofed second `error:` line; ANSI and OSC escapes never reach the
    terminal raw. One empty file per hostile name, and a good file that is still ingested."""
    names = ["minutes\nerror: everything is fine.pdf", "\x1b[2J\x1b[31mred.pdf", "\x1b]0;owned\x07title.pdf",
             "\u202efdp.exe.pdf", "tab\there\r.pdf"]
    paths = []
    for n in names:
        (tmp_path / n).write_bytes(b"")
        paths.append(tmp_path / n)
    result = cli("ingest", *paths, good[0], "--jobs", jobs)
    BATTERY["inputs"] += len(names)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == len(names), result.stderr
    assert not any(ch in result.output for ch in "\x1b\x07\r\u202e\t")
    assert not [ln for ln in result.stderr.splitlines() if ln.startswith("error: everything is fine")]
    assert any("minutes\\nerror: everything is fine.pdf: is empty" in ln for ln in errors)
    assert f"{len(names)} of {len(names) + 1} files failed" in result.stderr
    assert str(good[0]) in {d["path"] for d in json.loads(export_text())["documents"]}


# -- permissions (issue 14, case 6) ------------------------------------------------------------------------------


def _unprivileged() -> list[str]:
    """A command prefix that runs without the power to read other people's files. As root that is `setpriv`
    dropping CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set (the interpreter often lives under
    /root, which `nobody` cannot reach; without those capabilities root meets the same permission checks)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "running as root needs setpriv (util-linux) to test permissions"
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def test_unreadable_file_is_named_and_the_others_are_ingested(good, home, tmp_path):
    """One file without read permission, named on the command line next to a good one: the good one is stored,
    the locked one gets one `cannot be read` line. typer's default Path(readable=True) turned this into a usage
    error (exit 2) that ingested nothing."""
    locked = tmp_path / "locked.pdf"
    shutil.copyfile(good[0], locked)
    locked.chmod(0)
    env = dict(os.environ, MINUTEBOOK_HOME=str(home))
    out = subprocess.run([*_unprivileged(), sys.executable, "-m", "minutebook.cli", "ingest", str(locked), str(good[1]),
                          "--jobs", "1"], capture_output=True, text=True, env=env, timeout=300)
    BATTERY["inputs"] += 1
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith(f"error: {locked}: ")]
    assert len(lines) == 1 and "cannot be read (Permission denied)" in lines[0], out.stderr
    assert "1 of 2 files failed" in out.stderr
    assert {d["path"] for d in json.loads(export_text())["documents"]} >= {str(good[1])}
    assert str(locked) not in {d["path"] for d in json.loads(export_text())["documents"]}


# -- workers and budgets (issue 14, cases 7 and 8) -------------------------------------------------------------


def test_a_killed_worker_fails_only_its_file(good, home, tmp_path, monkeypatch):
    """The out-of-memory killer takes the worker parsing one file: that file gets one line, the pool is rebuilt
    and the other files are stored (a `BrokenProcessPool` used to fail every file of the batch)."""
    import signal

    from minutebook import app as lib

    victim = tmp_path / "killed_by_oom.pdf"
    shutil.copyfile(good[0], victim)
    others = make.good_docs(tmp_path / "more", 5)[2:]  # the first two are `good`
    real = lib._parse_worker

    def dies_on_the_victim(path, *args, **kwargs):
        if Path(path).name == victim.name:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(lib, "_parse_worker", dies_on_the_victim)
    result = cli("ingest", victim, *others, good[1], "--jobs", "2")
    BATTERY["faults"] += 1
    assert_one_line_error(result, victim, "was killed with SIGKILL")
    assert "1 of 5 files failed" in result.stderr
    stored = {d["path"] for d in json.loads(export_text())["documents"]}
    assert stored >= {str(p) for p in [*others, good[1]]}
    assert str(victim) not in stored


MEMORY = {"MINUTEBOOK_FILE_MEMORY": "150", "MINUTEBOOK_FILE_TIMEOUT": "120"}
TIME = {"MINUTEBOOK_FILE_MEMORY": "4000", "MINUTEBOOK_FILE_TIMEOUT": "1.5"}


@pytest.mark.parametrize(("kind", "env", "fragment", "jobs"), [
    ("tounicode", MEMORY, "needed more than 150 MB", "1"),
    ("tounicode", MEMORY, "needed more than 150 MB", "2"),
    ("tounicode", TIME, "took more than 1.5 s", "1"),
    ("tounicode", TIME, "took more than 1.5 s", "2"),
    ("contents", TIME, "took more than 1.5 s", "1"),
])
def test_a_bomb_file_is_stopped_by_its_budget_and_the_batch_goes_on(kind, env, fragment, jobs, good, home, tmp_path):
    """A 1 KB ToUnicode range bomb ran past 300 s to 2.9 GB, and a /Contents array repeating one stream 20,000
    times did likewise: each file has a time and a memory budget."""
    bomb = getattr(make, f"{kind}_bomb")(tmp_path / f"{kind}_bomb.pdf")
    run_env = dict(os.environ, MINUTEBOOK_HOME=str(home), **env)
    try:
        out = subprocess.run([sys.executable, "-m", "minutebook.cli", "ingest", str(bomb), *map(str, good),
                              "--jobs", jobs], capture_output=True, text=True, env=run_env, timeout=90)
    except subprocess.TimeoutExpired:
        pytest.fail("the bomb was not stopped within 90 s")
    BATTERY["inputs"] += 1
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith(f"error: {bomb}: ")]
    assert len(lines) == 1 and fragment in lines[0], out.stderr
    assert f"1 of {1 + len(good)} files failed" in out.stderr
    assert {d["path"] for d in json.loads(export_text())["documents"]} >= {str(g) for g in good}


def test_budget_settings_that_are_not_numbers_fall_back_to_the_defaults(monkeypatch):
    from minutebook.workers import DEFAULT_MEMORY, DEFAULT_TIMEOUT, Budget

    monkeypatch.setenv("MINUTEBOOK_FILE_TIMEOUT", "soon")
    monkeypatch.setenv("MINUTEBOOK_FILE_MEMORY", "-3")
    assert Budget.from_env() == Budget(DEFAULT_TIMEOUT, DEFAULT_MEMORY)
    monkeypatch.setenv("MINUTEBOOK_FILE_TIMEOUT", "30")
    monkeypatch.setenv("MINUTEBOOK_FILE_MEMORY", "512")
    assert Budget.from_env() == Budget(30.0, 512)


# -- hash what you parse (issue 14, case 12) -------------------------------------------------------------------


def test_a_file_replaced_after_hashing_is_stored_under_the_hash_of_what_was_parsed(good, home, tmp_path,
                                                                                    monkeypatch):
    """The batch hashes a file, then another file takes its place before it is parsed: the document stored is
    the one parsed, under that file's own hash (it used to be stored under the old file's hash)."""
    import hashlib

    from minutebook import app as lib

    target = tmp_path / "minutes.pdf"
    shutil.copyfile(good[0], target)
    replacement = good[1].read_bytes()
    real = lib._parse_worker

    def replaced_first(path, *args, **kwargs):
        Path(path).write_bytes(replacement)  # e.g. a sync client writing the revised minutes
        return real(path, *args, **kwargs)

    monkeypatch.setattr(lib, "_parse_worker", replaced_first)
    result = cli("ingest", target, "--jobs", "1")
    BATTERY["faults"] += 1
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(store_path(home))
    try:
        (sha,) = db.execute("SELECT sha256 FROM documents WHERE path = ?", (str(target),)).fetchone()
    finally:
        db.close()
    assert sha == hashlib.sha256(replacement).hexdigest()
    stored = [m for m in json.loads(export_text())["meetings"] if m["date"] == "2020-06-02"]
    assert [m["body"] for m in stored] == ["Licensing Sub-Committee"]  # good[1]'s meeting, not good[0]'s


def test_the_pipeline_reads_a_file_once(good, monkeypatch):
    """parse_file opens the file for its bytes once: the hash and the parse come from the same read."""
    import builtins

    from minutebook.ingest.pipeline import parse_file

    opened = []
    real_open = builtins.open

    def counting_open(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(good[0]):
            opened.append(args[:1] or kwargs.get("mode"))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: counting_open(self, *a, **k))
    parsed = parse_file(good[0], nlp=False)
    assert len(opened) == 1, opened
    import hashlib

    assert parsed.document.sha256 == hashlib.sha256(good[0].read_bytes()).hexdigest()


# -- a read-only home (issue 14, case 15) ----------------------------------------------------------------------


def _make_read_only(folder: Path, writable: bool = False) -> None:
    for p in [folder, *folder.rglob("*")]:
        mode = p.stat().st_mode
        p.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.mark.parametrize("command", [["ingest", "<good>"], ["reindex"], ["doctor"]])
def test_a_read_only_home_gives_one_line_not_a_traceback(command, good, home, tmp_path):
    """doctor, ingest and reindex met PermissionError on `.write.lock` with a traceback."""
    (home / ".write.lock").touch()  # left by an earlier ingest, now read-only with the rest
    before = records(home)
    args = [str(good[0]) if a == "<good>" else a for a in command]
    _make_read_only(home)
    try:
        out = subprocess.run([*_unprivileged(), sys.executable, "-m", "minutebook.cli", "--home", str(home), *args],
                             capture_output=True, text=True, timeout=300)
    finally:
        _make_read_only(home, writable=True)
    BATTERY["faults"] += 1
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr and "PermissionError" not in out.stderr, out.stderr
    if command[0] == "doctor":
        # doctor reads only: it gives its report, whose finding is that the home is read-only
        assert "read-only" in out.stdout and not out.stderr.strip(), (out.stdout, out.stderr)
        return
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    if command[0] != "doctor":
        assert lines[0] == f"error: {home} is not writable (Permission denied): minutebook cannot store anything " \
                           "there; fix its permissions or choose another --home"
    assert records(home) == before


def test_doctor_on_a_read_only_home_does_not_advise_discarding_the_store(home):
    (home / ".write.lock").unlink(missing_ok=True)
    _make_read_only(home)
    try:
        out = subprocess.run([*_unprivileged(), sys.executable, "-m", "minutebook.cli", "--home", str(home),
                              "doctor"], capture_output=True, text=True, timeout=300)
    finally:
        _make_read_only(home, writable=True)
    assert "Traceback" not in out.stderr
    assert "move the store aside" not in out.stdout, out.stdout
    assert "read-only" in out.stdout, out.stdout


def test_a_home_that_cannot_be_created_is_one_line(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    _make_read_only(parent)
    try:
        out = subprocess.run([*_unprivileged(), sys.executable, "-m", "minutebook.cli", "--home",
                              str(parent / "home"), "reindex"], capture_output=True, text=True, timeout=300)
    finally:
        _make_read_only(parent, writable=True)
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.strip() == f"error: {parent / 'home'} is not writable (Permission denied): minutebook cannot " \
                                 "store anything there; fix its permissions or choose another --home"


# -- paths (issue 14, case 17) ---------------------------------------------------------------------------------


def _deep_folder(top: Path, pdf: bytes, depth: int = 18) -> Path:
    """Folders nested until the path passes 4096 characters, a PDF at the bottom; made relative to an open
    folder at each step, since no single path that long can be opened."""
    part = "d" * 250
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("deep.pdf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, pdf)
        os.close(out)
    finally:
        os.close(fd)
    return top.joinpath(*[part] * depth)


def test_a_path_too_long_to_open_is_named_and_the_rest_is_ingested(good, home, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copyfile(good[0], folder / "good.pdf")
    _deep_folder(folder, good[1].read_bytes())
    result = cli("ingest", folder, "--jobs", "1")
    BATTERY["inputs"] += 1
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {folder}/ddd"), result.stderr
    assert "is longer than the 4096 characters the system can open" in errors[0]
    assert str(folder / "good.pdf") in {d["path"] for d in json.loads(export_text())["documents"]}


def test_an_unreadable_subfolder_is_named_and_the_rest_is_ingested(good, home, tmp_path):
    """rglob skipped a folder it could not read without a word."""
    folder = tmp_path / "batch"
    (folder / "private").mkdir(parents=True)
    shutil.copyfile(good[0], folder / "good.pdf")
    shutil.copyfile(good[1], folder / "private" / "hidden.pdf")
    (folder / "private").chmod(0)
    env = dict(os.environ, MINUTEBOOK_HOME=str(home))
    try:
        out = subprocess.run([*_unprivileged(), sys.executable, "-m", "minutebook.cli", "ingest", str(folder),
                              "--jobs", "1"], capture_output=True, text=True, env=env, timeout=300)
    finally:
        (folder / "private").chmod(0o755)
    BATTERY["inputs"] += 1
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    errors = [ln for ln in out.stderr.splitlines() if ln.startswith("error: ")]
    assert errors == [f"error: {folder / 'private'}: cannot be read (Permission denied): the folder was skipped"], \
        out.stderr
    assert "1 of 2 files failed" in out.stderr
    assert str(folder / "good.pdf") in {d["path"] for d in json.loads(export_text())["documents"]}


# -- judging the text layer (issue 14, case 19) ----------------------------------------------------------------

WELSH = [
    "COFNODION CYFARFOD Y CYNGOR CYMUNED", "Nos Fawrth, 3 Mawrth 2020, 7.00 yh",
    "1. YMDDIHEURIADAU AM ABSENOLDEB", "Derbyniwyd ymddiheuriadau gan ddau aelod o'r cyngor.",
    "2. DATGAN BUDDIANT", "Ni ddatganwyd unrhyw fuddiant gan yr aelodau oedd yn bresennol.",
    "3. COFNODION Y CYFARFOD BLAENOROL", "Penderfynwyd cymeradwyo cofnodion y cyfarfod blaenorol fel cofnod cywir.",
    "4. CAE CHWARAE", "Trafodwyd adroddiad y clerc ar adnewyddu'r cae chwarae ger yr ysgol gynradd.",
    "Cytunwyd i wahodd tri chwmni i gyflwyno pris am y gwaith cyn y cyfarfod nesaf.",
]


def _text_pdf(path: Path, lines: list[str], pages: int = 1, rotate: int = 0, font: str = "Helvetica") -> Path:
    """`lines` on each of `pages` pages, set upright on the page; `rotate` is only the page's /Rotate flag."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    top = A4[0] if rotate in (90, 270) else A4[1]  # reportlab lays a page turned a quarter out landscape
    for _ in range(pages):
        c.setPageRotation(rotate)
        y = top - 60
        for text in lines:
            c.setFont(font, 11)
            c.drawString(60, y, text)
            y -= 18
        c.showPage()
    c.save()
    return path


def test_welsh_minutes_are_not_called_garbled(home, tmp_path):
    path = _text_pdf(tmp_path / "cofnodion.pdf", WELSH, pages=2)
    result = cli("ingest", path, "--jobs", "1")
    BATTERY["inputs"] += 1
    assert result.exit_code == 0, result.output
    assert str(path) in {d["path"] for d in json.loads(export_text())["documents"]}


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_pages_turned_by_rotate_are_read_as_the_text_stands(rotate, home, tmp_path):
    """Upright text on pages whose /Rotate flag turns them sideways or upside down: it was read as displayed
    (every line backwards, or a letter a line) and rejected as a garbled text layer."""
    lines = ["NOTICE OF MEETING", "Parks and Leisure Committee", "Tuesday, 3rd March, 2020, 7.00 pm"]
    for number, title, paras in make.AGENDA_ITEMS:
        lines += [f"{number}. {title.upper()}", *paras]
    path = _text_pdf(tmp_path / f"rotated_{rotate}.pdf", lines, pages=2, rotate=rotate)
    result = cli("ingest", path, "--jobs", "1")
    BATTERY["inputs"] += 1
    assert result.exit_code == 0, result.output
    assert "garbled" not in result.output
    meetings = [m for m in json.loads(export_text())["meetings"] if m["body"] == "Parks and Leisure Committee"]
    assert [m["date"] for m in meetings] == ["2020-03-03"], meetings
    assert [i["number"] for i in meetings[0]["items"]][:6] == ["1", "2", "3", "4", "5", "6"]


def test_pages_drawn_turned_to_match_their_rotate_are_read_as_before(tmp_path):
    """A landscape page drawn turned to match its /Rotate reads upright as displayed: left as it is."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from minutebook.ingest.pdf import read_pages

    path = tmp_path / "landscape.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setPageRotation(90)
    c.translate(A4[0], 0)
    c.rotate(90)
    c.setFont("Helvetica", 11)
    lines = ["NOTICE OF MEETING", "Parks and Leisure Committee", "Tuesday, 3rd March, 2020"]
    for n, text in enumerate(lines):
        c.drawString(60, A4[0] - 90 - 18 * n, text)
    c.showPage()
    c.save()
    assert read_pages(path)[0].text.splitlines()[:3] == lines


SYMBOL_SOUP = ["¤§¶ ±÷× «»° ©®¢ ¬¦ ¤¤§ ¶±", "°©® ¢¬¦ ¤§¶± ÷×« »°© ®¢", "×«» °©®¢ ¬¦¤ §¶±÷ ×«»°"] * 8


def test_a_text_layer_of_symbols_is_still_garbled(home, tmp_path):
    path = _text_pdf(tmp_path / "symbols.pdf", SYMBOL_SOUP, pages=2)
    result = cli("ingest", path, "--jobs", "1")
    BATTERY["inputs"] += 1
    assert_one_line_error(result, path, "has a garbled text layer")


def test_a_garbled_long_file_is_judged_from_a_sample_before_it_is_read_whole(tmp_path, monkeypatch):
    """A 2,000-page file was called garbled after a 4 min 44 s read: the first pages and a few spread over the
    rest decide, and the other pages are never read."""
    from minutebook.errors import NoTextLayer
    from minutebook.ingest import pdf as pdf_mod

    path = _text_pdf(tmp_path / "long_garbled.pdf", SYMBOL_SOUP, pages=60)
    read = []
    real_open = pdf_mod.open_reader

    def counted(*args, **kwargs):
        reader = real_open(*args, **kwargs)
        real_read = reader.read
        reader.read = lambda index, *rest: read.append(index + 1) or real_read(index, *rest)
        return reader

    monkeypatch.setattr(pdf_mod, "open_reader", counted)
    with pytest.raises(NoTextLayer, match="garbled text layer"):
        pdf_mod.read_pages(path)
    assert len(read) <= pdf_mod.SAMPLE_PAGES + pdf_mod.SPREAD_PAGES
    assert max(read) > 30  # the sample reaches past the first pages


@pytest.mark.parametrize(("tamper", "says"), [
    ("DROP TABLE action_events", "action_events is missing"),
    ("DROP VIEW action_effective", "action_effective is missing"),
    ("UPDATE meta SET value = '0' WHERE key = 'schema_version'", "no schema version minutebook wrote"),
    ("UPDATE meta SET value = 'abc' WHERE key = 'schema_version'", "no schema version minutebook wrote"),
])
def test_doctor_sees_a_store_changed_by_hand(home, tamper, says):
    # issue 14 case 18: doctor said OK after these, and 'abc' gave every command a traceback
    BATTERY["faults"] += 1
    db = sqlite3.connect(store_path(home))
    db.execute(tamper)
    db.commit()
    db.close()
    report = cli("doctor")
    assert says in report.output and "PROBLEM" in report.output, report.output
    assert "move the store aside" not in report.output  # its manual history is still in it
    listing = cli("actions")
    assert "Traceback" not in listing.output
    if "abc" in tamper:
        assert listing.exit_code == 1 and listing.output.startswith("error: ")


@pytest.mark.parametrize("command", [["reindex"], ["ingest", "<good>"]])
def test_index_pending_replaced_by_a_folder_is_one_line(home, good, command):
    # issue 14 case 18: IsADirectoryError traceback
    BATTERY["faults"] += 1
    (home / ".index-pending").unlink(missing_ok=True)
    (home / ".index-pending").mkdir()
    result = cli(*[str(good[0]) if a == "<good>" else a for a in command])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ".index-pending is a folder; remove it" in result.output


# -- a full disk (issue 14 case 13) ------------------------------------------------------------------------------

FULL = "is full: free some space there and run the command again (nothing already stored was lost)"


def _assert_disk_full(result, home: Path) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert lines == [f"error: the disk holding {home} {FULL}"], result.stderr


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", [["reindex"], ["ingest", "<good>"]])
def test_a_full_disk_under_the_index_is_one_line_and_loses_nothing(command, home, good, monkeypatch):
    # issue 14 case 13: a Whoosh segment write that ran out of space was a raw OSError traceback
    from whoosh.filedb import structfile

    BATTERY["faults"] += 1
    before = records(home)
    with monkeypatch.context() as patch:  # not monkeypatch.undo(): that would undo $MINUTEBOOK_HOME too
        patch.setattr(structfile.StructFile, "write", _no_space)
        result = cli(*[str(good[0]) if a == "<good>" else a for a in command])
    _assert_disk_full(result, home)
    after = records(home)
    BATTERY["lost"] += lost_between(before, after)
    assert lost_between(before, after) == 0
    # once there is space again, the next writer brings the index level with the store
    again = cli("search", "CCTV")
    assert again.exit_code == 0, again.output
    assert "Community Safety" in again.stdout


@pytest.mark.parametrize("message", ["database or disk is full", "disk I/O error"])
def test_a_full_disk_under_the_store_is_one_line_and_loses_nothing(message, home, monkeypatch):
    # SQLite says SQLITE_FULL outright, or only "disk I/O error" when its journal could not grow: with no
    # space left on that disk both are the disk being full, not a damaged store
    from minutebook import errors
    from minutebook.store import Store

    BATTERY["faults"] += 1
    before = records(home)
    action = sorted(before["actions"])[0]

    def full(*args, **kwargs):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(Store, "add_event", full)
    monkeypatch.setattr(errors, "free_bytes", lambda where: 4096)
    result = cli("actions", "note", action, "Chased again")
    _assert_disk_full(result, home)
    assert lost_between(before, records(home)) == 0


def test_a_disk_io_error_with_space_left_is_not_called_a_full_disk(home, monkeypatch):
    from minutebook.store import Store

    BATTERY["faults"] += 1
    action = sorted(records(home)["actions"])[0]
    monkeypatch.setattr(Store, "add_event", lambda *a, **k: (_ for _ in ()).throw(sqlite3.OperationalError(
        "disk I/O error")))
    result = cli("actions", "note", action, "Chased again")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("error: store: disk I/O error") and "full" not in result.stderr


def test_doctor_on_a_full_disk_says_so_and_never_advises_discarding_the_store(home, monkeypatch):
    from minutebook import doctor

    BATTERY["faults"] += 1
    monkeypatch.setattr(doctor, "free_bytes", lambda where: 0)
    report = cli("doctor")
    assert f"PROBLEM disk: the disk holding {home} is full (0 bytes free)" in report.output, report.output
    assert "integrity check passed" in report.output
    assert "move the store aside" not in report.output and "re-ingest the PDFs" not in report.output


def test_doctor_when_the_store_cannot_be_opened_on_a_full_disk_keeps_it(home, monkeypatch):
    from minutebook import doctor, store

    BATTERY["faults"] += 1

    def cannot_open(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "inspect", cannot_open)
    monkeypatch.setattr(doctor, "free_bytes", lambda where: 100)
    report = cli("doctor")
    assert "cannot be checked while the disk is full" in report.output, report.output
    assert "keep the store" in report.output and "move the store aside" not in report.output


def _tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)
    return made.returncode == 0


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "ab") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    return filler


def test_a_really_full_disk_gives_the_same_lines(good, tmp_path, monkeypatch):
    """The cases above on a real 4 MB filesystem, where this machine lets root mount one. Where it does not,
    ENOSPC is injected below Whoosh's file layer instead, so the test always checks the messages."""
    BATTERY["faults"] += 1
    disk = tmp_path / "disk"
    real = os.geteuid() == 0 and _tmpfs(disk, "4m")
    home = disk / "home"
    try:
        if not real:
            disk.mkdir(exist_ok=True)
            with monkeypatch.context() as patch:
                from whoosh.filedb import structfile

                patch.setattr(structfile.StructFile, "write", _no_space)
                _assert_disk_full(cli("--home", home, "ingest", *good), home)
            return
        filler = _fill(disk)
        _assert_disk_full(cli("--home", home, "ingest", *good), home)
        filler.unlink()
        stored = cli("--home", home, "ingest", *good)
        assert stored.exit_code == 0, stored.output
        before = records(home)
        filler = _fill(disk)
        listing = cli("--home", home, "actions", "--status", "all")
        if listing.exit_code:  # SQLite could not make its shared-memory file: reading needs a little room too
            _assert_disk_full(listing, home)
        _assert_disk_full(cli("--home", home, "reindex"), home)
        doctor = cli("--home", home, "doctor")
        assert f"PROBLEM disk: the disk holding {home} is full" in doctor.output, doctor.output
        assert "move the store aside" not in doctor.output, doctor.output
        filler.unlink()  # reading the store back needs room for SQLite's shared-memory file
        assert lost_between(before, records(home)) == 0
    finally:
        if real:
            subprocess.run(["umount", "-l", str(disk)], check=False)


# -- a store with a damaged page is never written (issue 14 case 18) --------------------------------------------

def _damage_a_page(path: Path) -> None:
    """Break one leaf page of the `pages` table the way a torn write would (a wrong cell count), leaving the
    schema and the rows commands list readable, so only a check finds it."""
    db = sqlite3.connect(path)
    try:
        page = db.execute("SELECT pageno FROM dbstat WHERE name = 'pages' AND pagetype = 'leaf' "
                          "ORDER BY pageno LIMIT 1 OFFSET 3").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    finally:
        db.close()
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * size + 3)
        fh.write(b"\x00\x40")


@pytest.mark.parametrize("command", [["ingest", "<good>"], ["actions", "note", "<action>", "Chased"],
                                     ["actions", "done", "<action>"]])
def test_a_store_with_a_damaged_page_is_not_written(command, home, good):
    BATTERY["faults"] += 1
    path = store_path(home)
    action = json.loads(cli("actions", "--json").stdout)[0]["id"]  # an open one
    _damage_a_page(path)
    before = path.read_bytes()
    args = [str(good[0]) if a == "<good>" else action if a == "<action>" else a for a in command]
    result = cli(*args)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(lines) == 1 and f"{path} is damaged (On tree page" in lines[0], result.stderr
    assert "nothing was written" in lines[0]
    assert path.read_bytes() == before
    doctor = cli("doctor")
    assert "PROBLEM store: integrity check failed: On tree page" in doctor.output, doctor.output
