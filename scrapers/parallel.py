"""Parse and normalise on every core while one process writes.

Replay and large ingests spend most of their time in Python (parse, normalise), which one process
runs on one core. `parse_in_pool` hands payloads to worker processes and gives their records back
in submission order, so the caller's single connection stores them in the same order as a serial
run: the version trigger sees the same sequence of updates, and a re-run changes nothing, as
before. Workers never touch the database; a payload that kills its worker becomes a ParseFailure
and the pool is started again for the rest.

Workers come from a fork server that imported the parsers once: cheap to start, and free of the
caller's threads and connections (forking a process that holds lingua's thread pool or a socket
is not safe). Starting them (the fork server imports and warms the parsers) takes 1-2 s, what
parsing ~5,000 stories takes: meanwhile the caller's process parses the first payloads itself.
"""
from __future__ import annotations

import dataclasses
import gc
import gzip
import itertools
import multiprocessing as mp
import os
import threading
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from scrapers.record import Article, ParseFailure
from scrapers.store import HASH_MEMO as _MEMO

Records = list[Article | ParseFailure]
Parsed = tuple[Records, list[ParseFailure]]  # recover.parse_payload's (records, recovery notes)
_PRELOAD = ["scrapers.recover", "scrapers.formats", "scrapers.normalise", "scrapers.dateline",
            "scrapers.tagging.language", "scrapers.urls", "scrapers._pool_warm", "__main__"]


@dataclass
class ParseJob:
    """One payload to parse; `key` is the caller's and stays in this process."""

    key: Any
    data: bytes
    source: str = ""
    feed_language: str = ""
    content_type: str = ""
    compression: str = ""  # "gzip": `data` as stored (raw_payloads), inflated by the worker that parses it
    size: int = 0  # the bytes to parse (inflated), when `data` is compressed: what chunks and the window count


def _size(job: ParseJob) -> int:
    return job.size or len(job.data)


def _parse_stored(data: bytes, source: str, feed_language: str, content_type: str, compression: str = "") -> Parsed:
    """parse_job of a payload as stored: a replay sends its payloads to the workers as stored (gzip),
    so that inflating them (its CRC check included: 10% of the writer's instructions in a replay) is not
    the one writing process's work, and several times fewer bytes cross the pipes. Bytes that do not
    inflate are the payload's ParseFailure, like bytes that do not parse."""
    if compression == "gzip":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            return [ParseFailure(source=source, error=f"stored payload does not inflate: {exc}")], []
    return parse_job(data, source, feed_language, content_type)


# Starting a pool (fork server, imports, the dateline gazetteer in every worker) costs a few CPU
# seconds, what parsing ~2 MB of feeds costs: smaller jobs are parsed in the caller's process.
POOL_MIN_BYTES = 4 * 1024 * 1024


def default_workers() -> int:
    return os.cpu_count() or 1


def workers_for(workers: int | None, total_bytes: int) -> int:
    """`workers` when the payloads to parse (`total_bytes`) are worth a pool, else 1."""
    workers = default_workers() if workers is None else workers
    return workers if total_bytes >= POOL_MIN_BYTES else 1


def parse_job(data: bytes, source: str, feed_language: str, content_type: str) -> Parsed:
    """recover.parse_payload (detect, parse, normalise, repair), what every worker runs; never raises.

    Each story's content hash is computed here too (store.remember_hash): one process writes
    what several parse, so work is taken off the writer where it can be."""
    from scrapers.recover import parse_payload
    from scrapers.store import remember_hash

    records, notes = parse_payload(data, content_type=content_type, source=source, feed_language=feed_language)
    for rec in records:
        if isinstance(rec, Article):
            try:
                remember_hash(rec)
            except Exception:  # noqa: BLE001 - left to the writer, which hashes as before
                pass
    return records, notes


# An Article crosses the process boundary as a tuple of its field values (plus the content hash a
# worker remembered), not as an object: pickling and unpickling 1,000 stories as objects cost ~30 ms
# (~20 ms of it in the writer's process, beside the writer), as tuples ~14 ms.
_FIELDS = tuple(f.name for f in dataclasses.fields(Article))


def _pack(records: Records) -> list:
    """Articles as tuples of their fields; anything else (failures, an Article with attributes of its
    own) as it is."""
    fields, n = _FIELDS, len(_FIELDS)
    out: list = []
    for rec in records:
        d = rec.__dict__
        if type(rec) is Article and (len(d) == n or (len(d) == n + 1 and _MEMO in d)):
            out.append(tuple([d[f] for f in fields] + [d.get(_MEMO)]))
        else:
            out.append(rec)
    return out


def _unpack(packed: list) -> Records:
    new, fields, article = object.__new__, _FIELDS, Article
    out: Records = []
    for rec in packed:
        if type(rec) is tuple:
            art = new(article)
            d = art.__dict__
            d.update(zip(fields, rec))
            if rec[-1] is not None:
                d[_MEMO] = rec[-1]
            out.append(art)
        else:
            out.append(rec)
    return out


def _parse_packed(jobs: list[tuple[bytes, str, str, str, str]]) -> list[tuple[list, list]]:
    """parse_job in a worker for each of a chunk's jobs, its Articles packed for the trip back (_pack)."""
    out = []
    for job in jobs:
        records, notes = _parse_stored(*job)
        out.append((_pack(records), notes))
    return out


def _warm() -> None:
    """Load lazily built tables (parsers, dateline grammar) before the first real payload."""
    parse_job(b"<rss version='2.0'><channel><item><title>x</title><description>LONDON (Reuters) - x"
              b"</description></item></channel></rss>", "warm-up", "en", "")


# The workers' niceness above the caller's. The writer (the caller) and its workers share one
# scheduling group (Linux autogroups: one per session; Postgres' backend is in its own), so while
# both workers run the writer gets a third of the group's CPU, and it is the one serial lane of a
# replay. A positive value lets the writer (and the backend it feeds) run first: its wait for a core
# in a replay halved at nice 10 (bench/replay_timeline.py, loaded machine); whether that speeds a
# replay up on a quiet machine is not measured yet, so it is off (bench/store_bench.py --worker-nice).
WORKER_NICE = 0


# CPython's cycle collector runs whenever the containers allocated since its last run, less those freed,
# pass 700 (gc.get_threshold()[0]), and walks every young one still alive. A worker allocates and frees
# thousands a story (dicts, lists, tuples, the Article) and keeps none once its chunk is sent back:
# those collections were ~8k of a declared story's ~649k instructions (1.3%; callgrind, 3,000 stories,
# the fork server's tables frozen as _pool_warm freezes them). At GC_YOUNG they are rare, and a leak of
# cycles is still collected within ~GC_YOUNG containers. What is parsed does not change. (In the writing
# process the same threshold saved ~0.5%, within its count's noise: not done there.)
GC_YOUNG = 10_000


def _worker_start(nice: int) -> None:
    if nice:
        os.nice(nice)
    before = gc.get_threshold()
    if 0 < before[0] < GC_YOUNG:  # 0: collection turned off, left so
        gc.set_threshold(GC_YOUNG, *before[1:])
    _warm()


def _pool(workers: int) -> ProcessPoolExecutor:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_start, initargs=(WORKER_NICE,))


# Small payloads (an RSS poll of 20-50 stories is 50-100 KB) travel to the workers several at a
# time, up to this many bytes: each trip costs the writer's process some work (its executor's
# threads pickle the jobs and unpickle the results beside the writer), whatever its size.
CHUNK_BYTES = 256 * 1024
CHUNK_JOBS = 32


def _chunks(jobs: Iterator[ParseJob]) -> Iterator[list[ParseJob]]:
    """Consecutive jobs in chunks of up to CHUNK_BYTES (a bigger job alone) and CHUNK_JOBS."""
    chunk: list[ParseJob] = []
    size = 0
    for job in jobs:
        if chunk and (size + _size(job) > CHUNK_BYTES or len(chunk) >= CHUNK_JOBS):
            yield chunk
            chunk, size = [], 0
        chunk.append(job)
        size += _size(job)
    if chunk:
        yield chunk


# While the pool starts, the caller's process parses the first jobs itself (tests turn it off to
# put every job through the workers). It first waits this long for the pool: once the process'
# fork server runs (a second pool in the same process), workers are forked and ready in ~0.03 s,
# while one payload parsed here (~0.3 s for 1,000 stories) would leave them idle meanwhile.
PARSE_WHILE_STARTING = True
WARM_START_SECONDS = 0.2


def parse_in_pool(jobs: Iterable[ParseJob], workers: int | None = None) -> Iterator[tuple[ParseJob, Parsed]]:
    """(job, (records, notes)) for every job, in the order given; `workers` <= 1 parses here.

    While the pool starts, jobs are parsed in this process (PARSE_WHILE_STARTING); once it is ready,
    the next jobs go to the workers before the job parsed here is handed back to be stored. A bounded
    number of chunks of payloads (_chunks, _full) is in flight, so memory stays bounded on long replays.
    """
    workers = default_workers() if workers is None else workers
    if workers <= 1 or mp.current_process().daemon:  # a daemonic process may not start children
        for job in jobs:
            yield job, _local(job)
        return
    jobs = iter(jobs)
    chunks = _chunks(jobs)  # once advanced, it holds the job that opens the next chunk: jobs is not read again
    starting = _Starting(workers)
    window: deque[tuple[list[ParseJob], Future]] = deque()
    pool = None
    try:
        if PARSE_WHILE_STARTING:
            starting.ready.wait(WARM_START_SECONDS)
            while not starting.ready.is_set():
                job = next(jobs, None)
                if job is None:
                    return
                parsed = _local(job)
                if starting.ready.is_set():  # the workers start on the next jobs before this one is stored
                    pool = starting.pool()
                    _resubmit(pool, list(itertools.islice(chunks, 2 * workers)), window)
                yield job, parsed
        pool = pool or starting.pool()
        for chunk in chunks:
            _resubmit(pool, [chunk], window)
            while _full(window, workers):
                done, pool = _result(window, pool, workers)
                yield from done
        while window:
            done, pool = _result(window, pool, workers)
            yield from done
    finally:
        (pool or starting.pool()).shutdown(cancel_futures=True)


# Nothing is submitted while the caller handles what this generator gave it (stores a group of ~1,000
# stories, commits, reads the next files): the jobs in flight must keep the workers busy meanwhile.
# 2 x workers chunks of small payloads (~100 stories each) did not (bench/replay_timeline.py
# --drop-folder: workers waiting for jobs in 36% of the samples); so at least WINDOW_BYTES of
# payloads are in flight (~1,500 stories of RSS), at most WINDOW_CHUNKS chunks a worker.
WINDOW_BYTES = 4 * 1024 * 1024
WINDOW_CHUNKS = 16


def _full(window: deque, workers: int) -> bool:
    """Enough in flight: 2 chunks a worker and WINDOW_BYTES of payloads, or WINDOW_CHUNKS chunks a worker."""
    if len(window) < 2 * workers:
        return False
    return len(window) >= WINDOW_CHUNKS * workers or sum(_size(j) for c, _ in window for j in c) >= WINDOW_BYTES


class _Starting:
    """A pool started in a thread (the fork server's start blocks the first submit); `ready` once
    every worker has run a job. A pool that broke while starting is replaced by a fresh one."""

    def __init__(self, workers: int) -> None:
        self.ready = threading.Event()
        self.workers = workers
        self._pool = _pool(workers)
        self._broken = False
        self._thread = threading.Thread(target=self._start, name="parse-pool-start", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            for future in [self._pool.submit(os.getpid) for _ in range(self.workers)]:
                future.result()
        except Exception:  # noqa: BLE001 - e.g. BrokenProcessPool: the caller starts another
            self._broken = True
        finally:
            self.ready.set()

    def pool(self) -> ProcessPoolExecutor:
        self._thread.join()
        if self._broken:
            self._pool.shutdown(cancel_futures=True)
            self._pool, self._broken = _pool(self.workers), False
        return self._pool


def _local(job: ParseJob) -> Parsed:
    return _parse_stored(job.data, job.source, job.feed_language, job.content_type, job.compression)


def _result(window: deque, pool: ProcessPoolExecutor,
            workers: int) -> tuple[list[tuple[ParseJob, Parsed]], ProcessPoolExecutor]:
    """The oldest chunk's jobs and records; a broken pool is replaced and the jobs behind it resubmitted.

    A chunk of several jobs that failed is parsed again one job per chunk, so that only the job
    that failed (the one that killed its worker, say) becomes a ParseFailure."""
    chunk, future = window.popleft()
    try:
        results = future.result()
        return [(job, (_unpack(records), notes)) for job, (records, notes) in zip(chunk, results)], pool
    except BrokenProcessPool as exc:
        pool.shutdown(cancel_futures=True)
        behind = [c for c, _ in window]
        window.clear()
        pool = _pool(workers)
        if len(chunk) > 1:
            _resubmit(pool, [[job] for job in chunk] + behind, window)
            return [], pool
        _resubmit(pool, behind, window)
        return [(chunk[0], ([ParseFailure(source=chunk[0].source, error=f"parser worker died: {exc}")], []))], pool
    except Exception as exc:  # noqa: BLE001 - e.g. records that cannot be pickled back
        if len(chunk) > 1:
            for job in reversed(chunk):
                window.appendleft(([job], _submit(pool, [job])))
            return [], pool
        return [(chunk[0], ([ParseFailure(source=chunk[0].source, error=f"{type(exc).__name__}: {exc}")], []))], pool


def _submit(pool: ProcessPoolExecutor, chunk: list[ParseJob]) -> Future:
    return pool.submit(_parse_packed, [(j.data, j.source, j.feed_language, j.content_type, j.compression) for j in chunk])


def _resubmit(pool: ProcessPoolExecutor, chunks: list[list[ParseJob]], window: deque) -> None:
    """Queue `chunks` on `pool`, their futures at the end of `window`."""
    for chunk in chunks:
        window.append((chunk, _submit(pool, chunk)))
