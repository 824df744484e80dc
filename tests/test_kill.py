"""Faults: SIGKILL `minutebook ingest --jobs 1` (and `reindex`) at random points, and run two ingests at once.

After every kill: the store passes `PRAGMA integrity_check`; each document is stored completely
(the meeting and item counts of a clean reference ingest) or not at all; the manual action
history is untouched; the index holds exactly the store's meetings and items, or an
interrupted write is flagged and `minutebook doctor` says to run `minutebook reindex`. The
next run in the chain is the re-run: a chain ends with a run that completes, and then the
export equals the reference's.

Kill points are seeded: half at a random time in the ingest's life (imports and the
page-count pass included), half just after the process marks a store write as pending
(`.index-pending`), which lands inside the store transaction or the index commit that follows
it. Two chains run side by side, one per core.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from minutebook.app import INDEX_PENDING
from minutebook.doctor import diagnose, index_records
from minutebook.home import store_path
from minutebook.search import index_status
from minutebook.store import Store
from tests.conftest import PACK

SEED = 20191211
KILLS = 22  # the issue asks for at least 20
CHAINS = 2
MAKE = Path(__file__).resolve().parent / "data" / "bad" / "make.py"


def _make_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bad_make", MAKE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Reference:
    """What an uninterrupted ingest of the batch into the baseline home produces."""

    export: str  # normalised export --include-exempt
    docs: dict[str, tuple[int, int]]  # sha256 -> (meetings, items)
    baseline_docs: dict[str, tuple[int, int]]
    events: list[tuple]
    baseline_records: set[str]  # meeting, item and action ids of the baseline (the real pack)
    seconds: float
    files: int


def spawn(home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, MINUTEBOOK_HOME=str(home))
    return subprocess.Popen([sys.executable, "-m", "minutebook.cli", "--home", str(home), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)


def ingest_cmd(batch: Path) -> list[str]:
    return ["ingest", str(batch), "--jobs", "1"]


def copy_home(src: Path, dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".write.lock"))
    return dest


def normalised_export(home: Path) -> str:
    from minutebook.export import export_json

    with Store.open(home) as store:
        data = export_json(store, include_exempt=True)
    # Documents are listed by ingest time (second resolution): a killed-and-resumed batch may
    # stamp two files in different seconds where the clean run stamped them in one.
    data["documents"].sort(key=lambda d: d["id"])
    return json.dumps(data, indent=2, ensure_ascii=False)


@dataclass
class StoreState:
    integrity: str
    docs: dict[str, tuple[int, int]]  # sha256 -> (meetings, items)
    events: list[tuple]
    meetings: set[str]
    meetings_with_items: set[str]
    items: set[str]
    actions: set[str]


def store_state(home: Path) -> StoreState:
    """The store as plain SQL sees it (no migration, no minutebook code in the way)."""
    db = sqlite3.connect(store_path(home), timeout=10)
    try:
        return StoreState(
            integrity=db.execute("PRAGMA integrity_check").fetchone()[0],
            docs={sha: (m, i) for sha, m, i in db.execute(
                """SELECT d.sha256, (SELECT count(*) FROM meetings m WHERE m.document_id = d.id),
                          (SELECT count(*) FROM items i JOIN meetings m ON m.id = i.meeting_id
                            WHERE m.document_id = d.id)
                     FROM documents d""")},
            events=db.execute("SELECT id, action_id, at, kind, note, value FROM action_events ORDER BY id").fetchall(),
            meetings={r[0] for r in db.execute("SELECT id FROM meetings")},
            meetings_with_items={r[0] for r in db.execute("SELECT DISTINCT meeting_id FROM items")},
            items={r[0] for r in db.execute("SELECT id FROM items")},
            actions={r[0] for r in db.execute("SELECT id FROM actions")},
        )
    finally:
        db.close()


def check_consistent(home: Path, ref: Reference) -> int:
    """The invariants that must hold after any kill; returns the number of baseline records lost."""
    state = store_state(home)
    assert state.integrity == "ok"
    for sha, counts in state.docs.items():
        expected = ref.docs.get(sha) or ref.baseline_docs.get(sha)
        assert expected is not None, f"unknown document {sha[:12]} in the store"
        assert counts == expected, f"document {sha[:12]} stored partly: {counts} != {expected}"
    assert state.events == ref.events, "manual action history changed"
    lost = len(ref.baseline_records - (state.meetings | state.items | state.actions))
    status = index_status(home)
    if (home / INDEX_PENDING).exists() or not status.ok:
        report = diagnose(home)
        assert not report.ok
        assert any("minutebook reindex" in c.fix for c in report.problems), report.problems
    else:
        held = index_records(home)
        assert held.item_ids == state.items, "index and store disagree on items"
        assert state.meetings_with_items <= held.meeting_ids <= state.meetings, "index and store disagree on meetings"
    return lost


def check_complete(home: Path, ref: Reference) -> None:
    """After a run that finished: everything stored, indexed, and exported as in the clean reference."""
    assert check_consistent(home, ref) == 0
    assert not (home / INDEX_PENDING).exists()
    assert store_state(home).docs == {**ref.baseline_docs, **ref.docs}
    assert diagnose(home).ok, diagnose(home).problems
    assert normalised_export(home) == ref.export


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four small generated agendas and a real page of the Haringey pack (its action plan table)."""
    import pypdfium2

    folder = tmp_path_factory.mktemp("kill-batch")
    _make_module().good_docs(folder, 4)
    src = pypdfium2.PdfDocument(str(PACK))
    out = pypdfium2.PdfDocument.new()
    try:
        out.import_pages(src, [19])
        out.save(str(folder / "real_pack_page_20.pdf"))
    finally:
        out.close()
        src.close()
    return folder


@pytest.fixture(scope="module")
def baseline(_ingested_once: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real pack, ingested, with manual statuses, an assignment and notes on its actions."""
    home = copy_home(_ingested_once, tmp_path_factory.mktemp("kill") / "baseline")
    with Store.open(home) as store:
        rows = store.action_rows(status="all")
        assert len(rows) >= 3
        store.add_event(rows[0].action.id, "done", note="Circulated on 14 October", at="2019-10-14T09:00:00Z")
        store.add_event(rows[1].action.id, "assign", value=["Sandeep Broca"], at="2019-10-15T09:00:00Z")
        store.add_event(rows[2].action.id, "note", note="Chased by email", at="2019-10-16T09:00:00Z")
    return home


@pytest.fixture(scope="module")
def reference(baseline: Path, batch: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    base = store_state(baseline)
    home = copy_home(baseline, tmp_path_factory.mktemp("kill") / "reference")
    t0 = time.monotonic()
    proc = spawn(home, *ingest_cmd(batch))
    _, stderr = proc.communicate(timeout=120)
    seconds = time.monotonic() - t0
    assert proc.returncode == 0, stderr
    state = store_state(home)
    files = len(list(batch.glob("*.pdf")))
    new = {sha: counts for sha, counts in state.docs.items() if sha not in base.docs}
    assert len(new) == files and all(m >= 1 for m, _ in new.values())
    ref = Reference(export=normalised_export(home), docs=new, baseline_docs=base.docs, events=state.events,
                    baseline_records=base.meetings | base.items | base.actions, seconds=seconds, files=files)
    check_complete(home, ref)
    return ref


def _wait_for_marker(proc: subprocess.Popen, home: Path, nth: int, limit: float) -> None:
    """Return once the process has marked its `nth` store write as pending (or ended, or `limit` passed)."""
    marker = home / INDEX_PENDING
    seen, was = 0, marker.exists()
    end = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < end:
        now = marker.exists()
        if now and not was:
            seen += 1
            if seen >= nth:
                return
        was = now
        time.sleep(0.002)


def _run_chain(seed: int, kills_wanted: int, work: Path, baseline: Path, batch: Path, ref: Reference) -> dict:
    rng = random.Random(seed)
    counts = {"kills": 0, "completed": 0, "lost": 0, "reindex_kills": 0, "marker_kills": 0}
    home = copy_home(baseline, work / "home-0")
    chains = 0
    while counts["kills"] < kills_wanted:
        reindex = rng.random() < 0.15 and (home / "index").exists()
        proc = spawn(home, "reindex") if reindex else spawn(home, *ingest_cmd(batch))
        at_marker = not reindex and rng.random() < 0.5
        try:
            if at_marker:
                _wait_for_marker(proc, home, rng.randint(1, ref.files), limit=ref.seconds * 3)
                time.sleep(rng.uniform(0.0, 0.12))
            else:
                end = time.monotonic() + rng.uniform(0.0, ref.seconds * (0.8 if reindex else 1.1))
                while proc.poll() is None and time.monotonic() < end:
                    time.sleep(0.005)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                counts["kills"] += 1
                counts["reindex_kills"] += reindex
                counts["marker_kills"] += at_marker
                counts["lost"] += check_consistent(home, ref)
                continue
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        # The run finished before its kill time: it is the re-run that completes the chain.
        _, stderr = proc.communicate()
        assert proc.returncode == 0, stderr
        if not reindex:
            check_complete(home, ref)
            counts["completed"] += 1
            chains += 1
            home = copy_home(baseline, work / f"home-{chains}")
    # Every chain ends with a re-run that must finish the job.
    proc = spawn(home, *ingest_cmd(batch))
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    check_complete(home, ref)
    counts["completed"] += 1
    return counts


def test_sigkill_at_random_points_leaves_store_and_index_consistent(baseline, batch, reference, tmp_path, capsys):
    per_chain = -(-KILLS // CHAINS)
    with ThreadPoolExecutor(CHAINS) as pool:
        futures = [pool.submit(_run_chain, SEED + n, per_chain, tmp_path / f"chain-{n}", baseline, batch, reference)
                   for n in range(CHAINS)]
        results = [f.result() for f in futures]
    total = {k: sum(r[k] for r in results) for k in results[0]}
    assert total["kills"] >= 20
    assert total["lost"] == 0
    with capsys.disabled():
        print(f"\nkill battery: {total['kills']} SIGKILLs ({total['marker_kills']} inside a store/index write, "
              f"{total['reindex_kills']} during reindex), {total['completed']} re-runs completed, "
              f"{total['lost']} records lost")


def test_two_ingests_at_once_both_finish_correctly(baseline, batch, reference, tmp_path):
    home = copy_home(baseline, tmp_path / "home")
    first = spawn(home, *ingest_cmd(batch))
    second = spawn(home, *ingest_cmd(batch))
    outs = [p.communicate(timeout=120)[1] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outs
    assert not any("Traceback" in o for o in outs)
    # One of them found the other's work done when it got the lock (or it waited for it).
    assert any("unchanged" in o or "waiting for another" in o for o in outs), outs
    check_complete(home, reference)


def test_a_second_writer_that_will_not_wait_is_told_the_home_is_busy(tmp_path):
    from minutebook.app import write_lock
    from minutebook.errors import HomeBusy

    with write_lock(tmp_path):
        with pytest.raises(HomeBusy, match="is busy"):
            with write_lock(tmp_path, wait=False):
                pass



def _children(pid: int) -> set[int]:
    try:
        return {int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                for c in (t / "children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _lock_free(home: Path) -> bool:
    import fcntl

    with open(home / ".write.lock", "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
    return True


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_parallel_ingest_leaves_no_worker_holding_the_lock(batch, tmp_path, jobs):
    """SIGKILL `ingest --jobs N` while a worker is busy on a slow file: its workers die with it and the next
    ingest finds `.write.lock` free (forked under the lock, the workers used to live on holding it)."""
    home = tmp_path / "home"
    folder = tmp_path / "in"
    folder.mkdir()
    _make_module().tounicode_bomb(folder / "slow_bomb.pdf")
    for pdf in sorted(batch.glob("*.pdf"))[:2]:
        shutil.copyfile(pdf, folder / pdf.name)
    env = dict(os.environ, MINUTEBOOK_HOME=str(home), MINUTEBOOK_FILE_TIMEOUT="120", MINUTEBOOK_FILE_MEMORY="2000")
    proc = subprocess.Popen([sys.executable, "-m", "minutebook.cli", "ingest", str(folder), "--jobs", jobs],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    workers: set[int] = set()
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end and proc.poll() is None:
            workers |= _children(proc.pid)
            if workers and (home / ".write.lock").exists() and not _lock_free(home):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest ended before the kill"
        time.sleep(0.5)  # the workers are busy with the bomb now
        workers |= _children(proc.pid)
        assert workers, "no worker process was seen"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        end = time.monotonic() + 10
        while time.monotonic() < end and (any(map(_alive, workers)) or not _lock_free(home)):
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "workers outlived the killed ingest"
        assert _lock_free(home), "the killed ingest's workers still hold .write.lock"
    finally:
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # The next ingest runs at once and stores the good files.
    again = subprocess.run([sys.executable, "-m", "minutebook.cli", "ingest", str(folder), "--jobs", jobs],
                           capture_output=True, text=True, env=dict(env, MINUTEBOOK_FILE_TIMEOUT="2"), timeout=120)
    assert again.returncode == 1 and "Traceback" not in again.stderr, again.stderr
    assert "waiting for another" not in again.stderr
    assert "slow_bomb.pdf: took more than 2 s" in again.stderr
    assert "1 of 3 files failed" in again.stderr
