"""The in-memory LRU of compiled programs: bounded by entries and by approximate bytes."""

from __future__ import annotations

import threading

import pytest

import mlpy
from mlpy.compiler.program import compile_source
from mlpy.engine.program_cache import (
    DEFAULT_MAX_BYTES,
    PROGRAMS,
    ProgramCache,
    entry_bytes,
    max_bytes,
)


def _entry(source: str) -> tuple[tuple[str, str], object]:
    return (source, "<string>"), compile_source(source, "<string>")


def test_entries_are_bounded_by_count_least_recently_used_first():
    cache = ProgramCache(capacity=2, max_bytes=10**9)
    (k1, p1), (k2, p2), (k3, p3) = _entry("a = 1;"), _entry("b = 2;"), _entry("c = 3;")
    cache.put(k1, p1)
    cache.put(k2, p2)
    assert cache.get(k1) is p1  # k1 is now the most recently used
    cache.put(k3, p3)
    assert len(cache) == 2
    assert cache.get(k2) is None
    assert cache.get(k1) is p1 and cache.get(k3) is p3


def test_entries_are_bounded_by_approximate_bytes():
    entries = [_entry(f"value_{index} = {index};") for index in range(6)]
    sizes = [entry_bytes(key, program) for key, program in entries]
    assert all(size > len(key[0]) for size, (key, _program) in zip(sizes, entries, strict=True))
    cache = ProgramCache(capacity=100, max_bytes=sizes[0] + sizes[1] + sizes[2])
    for key, program in entries:
        cache.put(key, program)
    assert len(cache) == 3
    assert cache.bytes == sum(sizes[3:]) <= sizes[0] + sizes[1] + sizes[2]
    assert [cache.get(key) is program for key, program in entries] == [False] * 3 + [True] * 3


def test_a_program_larger_than_the_whole_bound_is_not_kept():
    big_key, big = _entry("text = \"" + "x" * 5000 + "\";")
    small_key, small = _entry("n = 1;")
    cache = ProgramCache(capacity=10, max_bytes=entry_bytes(big_key, big) - 1)
    cache.put(small_key, small)
    cache.put(big_key, big)
    assert cache.get(big_key) is None
    assert cache.get(small_key) is small  # the small one was not evicted to make room in vain


def test_putting_a_key_again_counts_its_bytes_once():
    key, program = _entry("again = 1;")
    cache = ProgramCache()
    cache.put(key, program)
    cache.put(key, program)
    assert len(cache) == 1 and cache.bytes == entry_bytes(key, program)
    cache.clear()
    assert len(cache) == 0 and cache.bytes == 0


def test_resize_applies_both_bounds_at_once():
    entries = [_entry(f"r{index} = {index};") for index in range(4)]
    cache = ProgramCache(capacity=10, max_bytes=10**9)
    for key, program in entries:
        cache.put(key, program)
    cache.resize(10, max_bytes=entry_bytes(*entries[3]))
    assert len(cache) == 1 and cache.get(entries[3][0]) is entries[3][1]
    cache.resize(0)
    assert len(cache) == 0
    cache.put(*entries[0])
    assert len(cache) == 0  # capacity 0 turns the cache off


def test_the_byte_bound_comes_from_the_settings(monkeypatch):
    assert max_bytes() == DEFAULT_MAX_BYTES
    monkeypatch.setenv("MLPY_PROGRAM_CACHE_MAX_BYTES", "12345")
    assert max_bytes() == 12345
    monkeypatch.setenv("MLPY_PROGRAM_CACHE_MAX_BYTES", "lots")
    assert max_bytes() == DEFAULT_MAX_BYTES
    monkeypatch.setenv("MLPY_PROGRAM_CACHE_MAX_BYTES", "-5")
    assert max_bytes() == 0


def test_a_run_whose_program_does_not_fit_is_run_but_not_kept(monkeypatch):
    monkeypatch.setenv("MLPY_PROGRAM_CACHE_MAX_BYTES", "0")
    source = "kept_nowhere = 6 * 7;"
    hits = PROGRAMS.hits
    for _ in range(2):
        assert mlpy.run(source).globals["kept_nowhere"] == 42
    assert PROGRAMS.hits == hits
    monkeypatch.delenv("MLPY_PROGRAM_CACHE_MAX_BYTES")
    mlpy.run(source)
    assert mlpy.run(source).globals["kept_nowhere"] == 42
    assert PROGRAMS.hits == hits + 1


def test_the_byte_count_stays_exact_under_concurrent_puts():
    entries = [_entry(f"t{index} = {index};") for index in range(40)]
    cache = ProgramCache(capacity=25, max_bytes=10**9)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for step in range(200):
                key, program = entries[(offset + step) % len(entries)]
                cache.put(key, program)
                cache.get(entries[(offset * 7 + step) % len(entries)][0])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) == 25
    kept = [(key, program) for key, program in entries if cache.get(key) is program]
    assert len(kept) == 25
    assert cache.bytes == sum(entry_bytes(key, program) for key, program in kept)


@pytest.mark.parametrize("cache", [True, False])
def test_runs_give_the_same_result_with_and_without_the_cache(cache):
    source = 'total = 0;\nfor (i in range(5)) { total = total + i; }\nprint("t", total);'
    result = mlpy.run(source, cache=cache, capture_output=True)
    assert result.globals["total"] == 10 and result.output == "t 10\n"
