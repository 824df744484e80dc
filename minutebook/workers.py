"""Parse files in worker processes that cannot take the batch, or the data home, down with them.

`WorkerPool` runs one function per task in `jobs` forked processes, one task per worker at a time,
so the parent always knows which file a worker holds:

* a worker that dies (the out-of-memory killer, a crash in a C library) fails only the file it
  held; the parent starts a new worker and the other files go on (issue 14, case 7);
* each file has a budget (`Budget`, from $MINUTEBOOK_FILE_TIMEOUT and $MINUTEBOOK_FILE_MEMORY):
  the worker caps its own address space with `resource.setrlimit` while it parses, and the
  parent kills a worker that is still busy at the file's deadline (case 8);
* workers never hold the data home's `.write.lock` and die with the parent: the first workers
  are forked before the caller takes the lock, a replacement closes its inherited copy of the
  lock's descriptor before anything else, and every worker asks the kernel for SIGKILL when its
  parent dies (`PR_SET_PDEATHSIG`), so a killed ingest leaves no orphan blocking the next (case 9).

Fork, not spawn: a worker starts with the parent's modules (and, in tests, its patches) loaded.

Workers never wait on the parent (issue 16): a worker that reports a result is given its next task before the
result is handed to the caller, who may then spend seconds storing and indexing it; `grow` lets a caller start
workers one by one as it finds files to parse, so each loads its model while the caller is still looking.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

__all__ = ["Budget", "WorkerFailure", "WorkerPool", "FILE_TIMEOUT_ENV", "FILE_MEMORY_ENV"]

logger = logging.getLogger(__name__)

FILE_TIMEOUT_ENV = "MINUTEBOOK_FILE_TIMEOUT"
FILE_MEMORY_ENV = "MINUTEBOOK_FILE_MEMORY"
# The 80-page Haringey pack reads in well under a minute and a 2,000-page pack in about five; a
# 5,000-page pack (the page limit) in about a quarter of an hour. A file still busy after that is a bomb.
DEFAULT_TIMEOUT = 1200.0  # seconds
# Memory a file may take on top of what the worker held before it (the spaCy model among it). Real packs
# need a few hundred MB; a ToUnicode range bomb grows by about 100 MB a second until it is stopped.
DEFAULT_MEMORY = 3072  # MB
LOCK_NAME = ".write.lock"


@dataclass(frozen=True, slots=True)
class Budget:
    """What one file may take: `seconds` of wall time and `megabytes` of memory beyond the worker's own."""

    seconds: float = DEFAULT_TIMEOUT
    megabytes: int = DEFAULT_MEMORY

    def __post_init__(self) -> None:
        if not self.seconds > 0:
            raise ValueError(f"seconds must be > 0, got {self.seconds!r}")
        if self.megabytes < 1:
            raise ValueError(f"megabytes must be >= 1, got {self.megabytes!r}")

    @classmethod
    def from_env(cls) -> Budget:
        """$MINUTEBOOK_FILE_TIMEOUT (seconds) and $MINUTEBOOK_FILE_MEMORY (MB); a bad value is warned about and
        the default used."""
        return cls(seconds=_env_number(FILE_TIMEOUT_ENV, DEFAULT_TIMEOUT, float),
                   megabytes=int(_env_number(FILE_MEMORY_ENV, DEFAULT_MEMORY, int)))

    def over_time(self) -> str:
        return f"took more than {self.seconds:g} s (the limit per file; set {FILE_TIMEOUT_ENV} to allow more)"

    def over_memory(self) -> str:
        return f"needed more than {self.megabytes} MB (the limit per file; set {FILE_MEMORY_ENV} to allow more)"


def _env_number(name: str, default: float, kind: type) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value > 0:
        return value
    logger.warning("ignoring %s=%r: not a positive number", name, raw)
    return default


@dataclass(frozen=True, slots=True)
class WorkerFailure:
    """A task that produced no result: why, in words to show after the file name."""

    reason: str


class _OverMemory:
    """Sent by a worker whose task hit its memory cap."""


_READY = "ready"


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's pipe closing still ends an idle worker
        logger.debug("prctl(PR_SET_PDEATHSIG) is not available", exc_info=True)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _drop_inherited_locks() -> None:
    """Close this process's copies of any `.write.lock` descriptor: a flock lasts while any copy is open."""
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return
    for name in fds:
        try:
            fd = int(name)
            if os.readlink(f"/proc/self/fd/{fd}").endswith("/" + LOCK_NAME):
                os.close(fd)
        except (OSError, ValueError):
            continue


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None  # not Linux: the deadline still holds


def _worker_main(conn: Connection, parent: int, fn: Callable[..., Any], init: Callable[[], None] | None,
                 megabytes: int, is_over_memory: Callable[[Any], bool]) -> None:
    _die_with_parent(parent)
    _drop_inherited_locks()
    # Ctrl-C reaches the whole process group: the parent handles it, and its workers die with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import resource

    if init is not None:
        init()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        base = _address_space()
        cap = soft if base is None else base + megabytes * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        t0 = time.perf_counter()
        over = False
        try:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
            try:
                out = fn(*task)
            finally:
                resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
            over = is_over_memory(out)
        except MemoryError:
            over = True
        if over:
            out = _OverMemory()
        conn.send((out, time.perf_counter() - t0))
        if over:
            return  # a heap that hit its cap is fragmented and half-freed: a fresh worker takes the next file


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    task: Any = None  # the key of the task it holds
    started: float = 0.0


class WorkerPool:
    """`jobs` worker processes running `fn(*args)`; create it before taking the data home's write lock.

    `init` runs once in each worker before its first task; `is_over_memory(result)` says whether a result is
    the worker's own report of running out of memory (a parser that turned `MemoryError` into an error).
    """

    def __init__(self, jobs: int, fn: Callable[..., Any], *, init: Callable[[], None] | None = None,
                 budget: Budget | None = None, is_over_memory: Callable[[Any], bool] = lambda out: False) -> None:
        self.jobs = max(1, jobs)
        self.fn, self.init, self.is_over_memory = fn, init, is_over_memory
        self.budget = budget or Budget.from_env()
        self._ctx = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = [self._start() for _ in range(self.jobs)]
        self._failed_starts = 0

    def grow(self, jobs: int) -> None:
        """Start workers until there are `jobs`; like the first ones, before the caller takes the write lock.

        A caller that finds its files one by one starts a worker with the first file that needs parsing (so it
        loads the model while the rest are looked at) and another with each further file, up to its limit."""
        while self.jobs < jobs:
            self.jobs += 1
            self._workers.append(self._start())

    def _start(self) -> _Worker:
        ours, theirs = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=_worker_main, daemon=True,
                                 args=(theirs, os.getpid(), self.fn, self.init, self.budget.megabytes,
                                       self.is_over_memory))
        proc.start()
        theirs.close()
        return _Worker(proc, ours)

    def _retire(self, w: _Worker, kill: bool) -> None:
        if kill and w.process.is_alive():
            w.process.kill()
        w.process.join(timeout=5)
        w.conn.close()
        self._workers.remove(w)

    def run(self, tasks: Iterable[tuple[Any, tuple]], on_start: Callable[[Any], None] | None = None
            ) -> Iterator[tuple[Any, Any, float]]:
        """Yield `(key, result, seconds)` for each `(key, args)` task as it finishes; `result` is a
        `WorkerFailure` when its worker died, ran out of time or ran out of memory."""
        queue = deque(tasks)
        while queue or any(w.task is not None for w in self._workers):
            if self._failed_starts > 2 * self.jobs + 2:  # workers die before their first task: nothing can run
                while queue:
                    yield queue.popleft()[0], WorkerFailure(
                        "could not be parsed: minutebook's worker processes fail to start"), 0.0
                break
            while len(self._workers) < self.jobs:
                self._workers.append(self._start())
            self._dispatch(queue, on_start)
            now = time.monotonic()
            busy = [w for w in self._workers if w.task is not None]
            deadline = min((w.started + self.budget.seconds for w in busy), default=now + 60)
            handles = {}
            for w in self._workers:
                handles[w.conn] = w
                handles[w.process.sentinel] = w
            ready = wait(list(handles), timeout=max(0.0, deadline - time.monotonic()))
            done: set[int] = set()
            for handle in ready:
                w = handles[handle]
                if id(w) in done:
                    continue
                done.add(id(w))
                yield from self._collect(w, queue, on_start)
            now = time.monotonic()
            for w in list(self._workers):
                if w.task is not None and now >= w.started + self.budget.seconds:
                    key = w.task
                    self._retire(w, kill=True)
                    yield key, WorkerFailure(self.budget.over_time()), now - w.started

    def _dispatch(self, queue: deque, on_start: Callable[[Any], None] | None) -> None:
        """Give each idle, ready worker the next task."""
        for w in self._workers:
            if w.ready and w.task is None and queue:
                key, args = queue.popleft()
                w.conn.send(args)
                w.task, w.started = key, time.monotonic()
                if on_start:
                    on_start(key)

    def _collect(self, w: _Worker, queue: deque, on_start: Callable[[Any], None] | None
                 ) -> Iterator[tuple[Any, Any, float]]:
        try:
            msg = w.conn.recv() if w.conn.poll() else None
        except (EOFError, OSError):
            msg = None
        if msg == _READY:
            w.ready = True
            self._dispatch(queue, on_start)
            return
        if msg is not None:
            key, (out, secs) = w.task, msg
            w.task = None
            if isinstance(out, _OverMemory):
                self._retire(w, kill=False)
                yield key, WorkerFailure(self.budget.over_memory()), secs
            else:
                # The worker takes its next file before the caller gets this result: the caller stores and
                # indexes it (an index commit can take seconds), and the worker goes on parsing meanwhile.
                self._dispatch(queue, on_start)
                yield key, out, secs
            return
        if w.process.is_alive():
            return  # woken by something else; nothing to read yet
        key = w.task
        w.process.join(timeout=5)
        code = w.process.exitcode
        if not w.ready:
            self._failed_starts += 1
        self._retire(w, kill=False)
        if key is not None:
            logger.debug("worker died on %r with exit code %s", key, code)
            yield key, WorkerFailure(_death(code)), time.monotonic() - w.started

    def close(self) -> None:
        for w in list(self._workers):
            if not w.ready:
                # still loading (it reads no message before its `init` is done) and holding nothing: a batch
                # whose files all turned out stored must not wait for a model it will not use
                self._retire(w, kill=True)
                continue
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in list(self._workers):
            w.process.join(timeout=2)
            self._retire(w, kill=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = " (by the out-of-memory killer?)" if -code == signal.SIGKILL else ""
        return f"could not be parsed: the worker process reading it was killed with {name}{why}"
    return f"could not be parsed: the worker process reading it exited unexpectedly (exit code {code})"
