"""Library functions behind the CLI: ingest files into the store and keep the index in step.

The CLI calls these and renders the results; nothing here prints.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from minutebook.errors import BadInput, HomeBusy, HomeNotWritable, MinutebookError, NoTextLayer, printable
from minutebook.home import store_path
from minutebook.models import ParsedDocument
from minutebook.workers import WorkerFailure, WorkerPool

__all__ = ["FileResult", "find_pdfs", "ingest", "write_lock", "check_writable", "reindex", "INDEX_PENDING"]

logger = logging.getLogger(__name__)

# Present from just before a store write until the index has caught up with it. The store
# and the index cannot commit together, so a process killed between the two leaves this
# file behind, and the next writer (ingest or reindex) rebuilds the index from the store.
# Each line names the sha256 of a document being stored, so the repair can also finish
# that document's carry-forward (its own transaction, after the save).
INDEX_PENDING = ".index-pending"


@dataclass(slots=True)
class FileResult:
    """What happened to one input file."""

    path: str
    status: str  # "ingested" | "unchanged" | "failed"
    pages: int = 0
    meetings: list[str] = field(default_factory=list)  # "minutes 2019-10-09 Community Safety Partnership"
    items: int = 0
    actions: int = 0
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def find_pdfs(paths: Iterable[str | Path]) -> Iterator[Path | BadInput]:
    """Files as given, folders searched recursively for PDFs; a missing path yields a `BadInput`, and so does
    each subfolder that cannot be read and each path too long to open (issue 14, case 17)."""
    for raw in paths:
        p = Path(raw)
        try:
            is_dir, is_file, exists = p.is_dir(), p.is_file(), p.exists()
        except OSError as exc:  # ENAMETOOLONG: pathlib lets it through
            yield BadInput(p, _unopenable(exc))
            continue
        if is_dir:
            found, problems = _pdfs_under(p)
            yield from problems
            if not found and not problems:
                yield BadInput(p, "is a folder with no PDF files in it")
            yield from found
        elif is_file:
            yield p
        elif exists:
            # Hashing a FIFO or a device would block or never end.
            yield BadInput(p, "is not a regular file (a pipe, socket or device), so it cannot be a PDF")
        else:
            yield BadInput(p, "no such file or folder")


def _path_max() -> int:
    try:
        return os.pathconf("/", "PC_PATH_MAX")
    except (OSError, ValueError):
        return 4096


def _unopenable(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return (f"the path is longer than the {_path_max()} characters the system can open; "
                "move its files to a shorter path")
    return f"cannot be read ({exc.strerror or exc})"


def _pdfs_under(folder: Path) -> tuple[list[Path], list[BadInput]]:
    """The PDFs under `folder` in path order, and a `BadInput` for each part of it that could not be searched."""
    limit = _path_max()
    found: list[Path] = []
    problems: list[BadInput] = []

    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        what = "folder " if exc.errno != errno.ENAMETOOLONG else ""
        problems.append(BadInput(where, _unopenable(exc) + (f": the {what}was skipped" if what else "")))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in files:
            if not name.lower().endswith(".pdf"):
                continue
            path = os.path.join(root, name)
            if len(os.fsencode(path)) >= limit:
                unreadable(OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), path))
            elif os.path.isfile(path):
                found.append(Path(path))
    return sorted(found), problems


@contextmanager
def write_lock(home: Path, wait: bool = True) -> Iterator[None]:
    """One writer per data home; a second ingest waits for the first (or fails fast with `wait=False`).

    A home that cannot be written (read-only, another user's) is a `HomeNotWritable`, not a traceback."""
    fh = _open_lock(home)
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise HomeBusy(f"{home} is busy: another minutebook ingest is writing to it") from None
            logger.warning("waiting for another minutebook process to finish writing to %s", home)
            fcntl.flock(fh, fcntl.LOCK_EX)
        if (home / INDEX_PENDING).is_dir():
            # the marker is a file this writer appends to and removes; a folder there was put by hand
            raise MinutebookError(f"{home / INDEX_PENDING} is a folder; remove it") from None
        yield
    finally:
        fh.close()


def _open_lock(home: Path):
    try:
        return open(home / ".write.lock", "a")  # "a": never truncates, and creates it on first use
    except IsADirectoryError as exc:
        raise MinutebookError(f"{printable(home / '.write.lock')} is a folder; remove it ({exc.strerror})") from None
    except OSError as exc:  # PermissionError, EROFS
        raise HomeNotWritable(home, exc) from None


def check_writable(home: Path) -> None:
    """Raise `HomeNotWritable` before any work when nothing could be stored in `home` (issue 14, case 15)."""
    _open_lock(home).close()


def _unchanged(p: Path) -> FileResult:
    return FileResult(path=str(p), status="unchanged", message=f"{printable(p)}: unchanged since it was ingested")


def _parse_worker(path: str, password: str | None, sha: str, ocr: bool = False) -> ParsedDocument | BadInput:
    from minutebook.ingest.pipeline import parse_file

    try:
        try:
            return parse_file(path, password=password)  # hashes the bytes it parses
        except NoTextLayer as exc:
            if not ocr:
                raise
            from minutebook.ingest.ocr import parse_with_ocr

            return parse_with_ocr(path, password=password, sha256=sha, first_error=exc)
    except BadInput as exc:
        return exc
    except MemoryError:
        raise  # the worker's memory cap: see minutebook.workers
    except Exception as exc:  # a parser bug must not stop the batch; report it against the file
        logger.debug("unexpected error parsing %s", path, exc_info=True)
        return BadInput(path, f"could not be parsed ({type(exc).__name__}: {exc})")


def _init_worker() -> None:
    # Load the model once per worker process, before the first file arrives.
    from minutebook.ingest.nlp import load_nlp

    load_nlp()


def _start_workers(pool: WorkerPool | None, jobs: int) -> WorkerPool:
    """A pool of `jobs` workers, started as soon as a file needs parsing: each imports spaCy and loads the model
    while the other files are hashed and looked up, the write lock is taken and the index is checked, so no
    file waits for it (issue 16). Never more workers than files to parse, and all of them forked before the
    write lock is taken, so none of them holds it (issue 14, case 9)."""
    if pool is None:
        return WorkerPool(jobs, _parse_worker, init=_init_worker, is_over_memory=_over_memory)
    pool.grow(jobs)
    return pool


def ingest(
    paths: Iterable[str | Path],
    home: Path,
    *,
    jobs: int | None = None,
    password: str | None = None,
    ocr: bool = False,
    on_start: Callable[[Path, int], None] | None = None,
    on_done: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Ingest every PDF under `paths`. Bad files are reported and skipped; the rest go on.

    Parsing runs in `jobs` worker processes; only this process writes the store and the index,
    each file in one transaction, so a crash leaves every document stored whole or not at all.
    With `ocr`, files without a usable text layer are read with ocrmypdf (`minutebook.ingest.ocr`).
    """
    from minutebook.ingest.pipeline import sha256_of
    from minutebook.store import Store

    results: list[FileResult] = []

    def finish(res: FileResult) -> None:
        results.append(res)
        if on_done:
            on_done(res)

    check_writable(home)
    todo: list[tuple[Path, str]] = []
    limit = max(1, jobs or os.cpu_count() or 1)
    pool: WorkerPool | None = None
    try:
        with Store.open(home) as store:
            for p in find_pdfs(paths):
                if isinstance(p, BadInput):
                    finish(FileResult(path=p.path, status="failed", message=str(p)))
                    continue
                try:
                    sha = sha256_of(p)
                except OSError as exc:
                    unreadable = BadInput(p, f"cannot be read ({exc.strerror})")
                    finish(FileResult(path=str(p), status="failed", message=str(unreadable)))
                    continue
                if store.has_sha(sha):
                    finish(_unchanged(p))
                    continue
                todo.append((p, sha))
                pool = _start_workers(pool, min(limit, len(todo)))
    except BaseException:
        if pool is not None:
            pool.close()
        raise
    if not todo and not (home / INDEX_PENDING).exists():
        return results
    with pool or nullcontext(), write_lock(home):
        _sync_index(home)
        # Another ingest may have stored some of these files while we waited for the lock.
        with Store.open(home) as store:
            waiting, todo = todo, []
            for p, sha in waiting:
                if store.has_sha(sha):
                    finish(_unchanged(p))
                else:
                    todo.append((p, sha))
        if not todo:
            return results
        batch = _IndexBatch(home)
        try:
            _parse_and_store(todo, home, pool, password, ocr, on_start, finish, batch, results)
        finally:
            batch.flush()  # whatever happened, what was stored gets indexed (or stays marked pending)
    return results


def _parse_and_store(todo: list[tuple[Path, str]], home: Path, pool: WorkerPool, password: str | None, ocr: bool,
                     on_start: Callable[[Path, int], None] | None, finish: Callable[[FileResult], None],
                     batch: _IndexBatch, results: list[FileResult]) -> None:
    # With several workers, largest files first, so the workers run out of work together. Each result is
    # stored as soon as it arrives, so this process stores and indexes while the workers go on parsing; the
    # results are then reported in input order. A worker that dies or runs over its budget fails only the
    # file it held (see minutebook.workers).
    first = len(results)
    position = {str(p): n for n, (p, _sha) in enumerate(todo)}
    order = todo if pool.jobs == 1 else sorted(todo, key=lambda t: _size(t[0]), reverse=True)
    tasks = [(p, (str(p), password, sha, ocr)) for p, sha in order]
    hashed = dict(todo)
    for p, parsed, secs in pool.run(tasks, on_start=(lambda p: on_start(p, 0)) if on_start else None):
        if isinstance(parsed, WorkerFailure):
            parsed = BadInput(p, parsed.reason)
        elif not isinstance(parsed, BadInput) and parsed.document.sha256 != hashed[p] and _stored(home, parsed):
            finish(_unchanged(p))  # replaced, since it was hashed, by a file that is stored already
            continue
        finish(_store_one(home, p, parsed, secs, batch))
        del parsed  # stored: the index reads it back from the store, so the parsed pages need not stay in memory
        if batch.due():
            batch.flush()
    results[first:] = sorted(results[first:], key=lambda r: position.get(r.path, len(position)))


def _stored(home: Path, parsed: ParsedDocument) -> bool:
    from minutebook.store import Store

    with Store.open(home) as store:
        return bool(store.has_sha(parsed.document.sha256))


def _over_memory(out: object) -> bool:
    """A parser that turned the worker's `MemoryError` into an error message."""
    return isinstance(out, BadInput) and "MemoryError" in out.reason


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _store_one(home: Path, path: Path, parsed: ParsedDocument | BadInput, seconds: float,
               batch: _IndexBatch | None = None) -> FileResult:
    """Store one parsed file in one transaction; index it now, or with `batch` when the batch is flushed."""
    if isinstance(parsed, BadInput):
        return FileResult(path=str(path), status="failed", message=str(parsed), seconds=seconds)
    from minutebook import carry, search
    from minutebook.store import Store

    pending = home / INDEX_PENDING
    with open(pending, "a") as fh:  # before the store commits: see INDEX_PENDING
        fh.write(parsed.document.sha256 + "\n")
    with Store.open(home) as store:
        try:
            saved = store.save(parsed)
        except (UnicodeError, ValueError, OverflowError) as exc:
            # Text SQLite cannot hold (a lone surrogate from a broken font map) or a number it cannot: the
            # transaction rolled back, so this file is not stored and the batch goes on.
            logger.debug("storing %s failed", path, exc_info=True)
            return FileResult(path=str(path), status="failed", seconds=seconds,
                              message=str(BadInput(path, f"could not be stored ({type(exc).__name__}: {exc})")))
        if saved.matched:
            # revised minutes: what the secretariat recorded follows the actions into the new version
            parsed.warnings.append(f"{saved.matched} action(s) matched to the earlier version; "
                                   f"{saved.carried} manual status(es) carried over")
        parsed.warnings.extend(carry.after_ingest(store, saved.meeting_ids))  # later minutes close earlier actions
        if batch is None:
            meetings = store.meetings(saved.meeting_ids)
            pages = store.pages(saved.document_id)
            paths = search.document_paths(store)
    result = FileResult(
        path=str(path),
        status="ingested",
        pages=parsed.document.pages,
        meetings=[f"{m.kind} {m.date or '(undated)'} {m.body or '(body not found)'}" for m in parsed.meetings],
        items=sum(len(m.items) for m in parsed.meetings),
        actions=sum(len(i.actions) for m in parsed.meetings for i in m.items),
        warnings=parsed.warnings,
        seconds=seconds,
    )
    if batch is not None:
        batch.add(saved, result)
        return result
    try:
        # With a store at hand, a missing or damaged index is rebuilt whole: indexing only this
        # file into a fresh index would silently drop every earlier document from search.
        search.update_index(home, meetings, pages, remove_meeting_ids=[*saved.replaced, *saved.dropped],
                            remove_document_ids=[saved.document_id], store_factory=lambda: Store.open(home),
                            paths=paths)
    except MinutebookError as exc:
        result.warnings.append(f"search index not updated ({exc}); run `minutebook reindex`")
    else:
        pending.unlink(missing_ok=True)
    return result


INDEX_BATCH_PAGES = 500  # index stored files together, in one commit per this many pages ...
INDEX_BATCH_SECONDS = 30.0  # ... or per this long, so search catches up during a long ingest


@dataclass(slots=True)
class _IndexBatch:
    """Files stored but not yet indexed. Whoosh pays for every commit (it writes and merges segments), so a
    folder of small packs is indexed in a few commits rather than one per file. What to index is read back
    from the store at flush time, so a meeting replaced by a later file of the same batch is indexed as
    stored. Until the flush the INDEX_PENDING marker stays, so a crash before it means a rebuild next run."""

    home: Path
    meeting_ids: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)
    pages: int = 0
    since: float = 0.0

    def add(self, saved, result: FileResult) -> None:
        if not self.results:
            self.since = time.monotonic()
        self.meeting_ids.extend(saved.meeting_ids)
        self.removed.extend([*saved.replaced, *saved.dropped])
        self.documents.append(saved.document_id)
        self.results.append(result)
        self.pages += result.pages

    def due(self) -> bool:
        return bool(self.results) and (self.pages >= INDEX_BATCH_PAGES
                                       or time.monotonic() - self.since >= INDEX_BATCH_SECONDS)

    def flush(self) -> None:
        if not self.results:
            return
        from minutebook import search
        from minutebook.store import Store

        home = self.home
        documents = list(dict.fromkeys(self.documents))
        with Store.open(home) as store:
            meetings = store.meetings(list(dict.fromkeys(self.meeting_ids)))
            pages = [page for doc in documents for page in store.pages(doc)]
            paths = search.document_paths(store)
        try:
            search.update_index(home, meetings, pages, remove_meeting_ids=list(dict.fromkeys(self.removed)),
                                remove_document_ids=documents, store_factory=lambda: Store.open(home), paths=paths)
        except MinutebookError as exc:
            for result in self.results:
                result.warnings.append(f"search index not updated ({exc}); run `minutebook reindex`")
        else:
            (home / INDEX_PENDING).unlink(missing_ok=True)
        self.meeting_ids, self.removed, self.documents, self.results, self.pages = [], [], [], [], 0


def _sync_index(home: Path) -> None:
    """Under the write lock: rebuild the index when an earlier writer died before updating it,
    or when it is missing or damaged while the store holds documents."""
    from minutebook import search
    from minutebook.store import Store

    _remove_stale_index_folders(home)
    pending = home / INDEX_PENDING
    if not pending.exists() and search.index_status(home).ok:
        return
    with Store.open(home) as store:
        _finish_interrupted_saves(home, store)
        if pending.exists() or store.documents():
            logger.warning("search index is behind the store (an earlier run was interrupted?); rebuilding it")
            search.rebuild_index(home, store)
    pending.unlink(missing_ok=True)


def _finish_interrupted_saves(home: Path, store) -> None:
    """Run carry-forward (idempotent) for documents whose save committed but whose run died before it."""
    pending = home / INDEX_PENDING
    shas = pending.read_text(errors="replace").split() if pending.exists() else []
    interrupted = {doc for sha in dict.fromkeys(shas) if (doc := store.has_sha(sha))}
    if interrupted:
        from minutebook import carry

        carry.after_ingest(store, [m.id for m in store.meetings() if m.document_id in interrupted])


def refresh_meetings(home: Path, meeting_ids: list[str]) -> None:
    """Re-index the given meetings after a change to the register (`actions assign` changes who an action's
    owners are, which `search owner:` reads). If another process holds the write lock, or the index cannot be
    written, the index is marked pending and the next writer rebuilds it: it is never left silently stale."""
    from minutebook import search
    from minutebook.store import Store

    try:
        with write_lock(home, wait=False), Store.open(home) as store:
            search.update_index(home, store.meetings(list(dict.fromkeys(meeting_ids))),
                                store_factory=lambda: Store.open(home), paths=search.document_paths(store))
    except (HomeBusy, MinutebookError, OSError) as exc:
        logger.warning("search index not updated now (%s); it is rebuilt on the next ingest or search", exc)
        with open(home / INDEX_PENDING, "a"):
            pass


def reindex(home: Path, engine: str | None = None) -> int:
    """Rebuild the search index from the store (waiting for any ingest to finish first).

    `engine` ("whoosh" or "tantivy") switches the index to that engine; by default it keeps its own
    (or takes `MINUTEBOOK_SEARCH`).
    """
    from minutebook import search
    from minutebook.store import Store

    if not store_path(home).exists():
        raise MinutebookError(f"no store in {home}; run `minutebook ingest` first")
    if engine is not None:
        search.chosen_engine(engine)  # an unknown engine is refused before anything is locked
    check_writable(home)
    pending = home / INDEX_PENDING
    with write_lock(home), Store.open(home) as store:
        _remove_stale_index_folders(home)
        _finish_interrupted_saves(home, store)
        with open(pending, "a"):  # a rebuild killed between its two renames leaves no index: say so
            pass
        n = search.rebuild_index(home, store, engine=engine)
        pending.unlink(missing_ok=True)
    return n


def _remove_stale_index_folders(home: Path) -> None:
    import shutil

    from minutebook.doctor import stale_index_folders

    for folder in stale_index_folders(home):
        shutil.rmtree(folder, ignore_errors=True)
