"""The parse workers' cycle collector (parallel.GC_YOUNG): rarer collections, cycles still collected."""
from __future__ import annotations

import gc
import weakref

from scrapers import parallel


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_workers_collect_at_gc_young():
    pool = parallel._pool(1)  # noqa: SLF001
    try:
        assert pool.submit(gc.get_threshold).result() == (parallel.GC_YOUNG, *gc.get_threshold()[1:])
    finally:
        pool.shutdown()


def test_cycles_are_still_collected_at_that_threshold():
    before = gc.get_threshold()
    gc.set_threshold(parallel.GC_YOUNG, *before[1:])
    try:
        first = _Node()
        gone = weakref.ref(first)
        del first
        for _ in range(3 * parallel.GC_YOUNG):
            _Node()
        assert gone() is None
    finally:
        gc.set_threshold(*before)
