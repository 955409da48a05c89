"""The disk compile cache: a size cap with least-recently-used eviction, and an off switch."""

from __future__ import annotations

import os
import time

import mlpy
from mlpy.compiler import cache


def _entries(root) -> list:
    return sorted(root.rglob("*.mlc"))


def test_the_cache_stays_under_its_cap_dropping_the_least_recently_used(tmp_path, monkeypatch):
    monkeypatch.setenv("MLPY_CACHE_DIR", str(tmp_path))
    for n in range(40):
        mlpy.run(f"x = {n};", cache=True, filename=str(tmp_path / f"p{n}.ml"))
    entries = _entries(tmp_path)
    assert len(entries) >= 40
    size = sum(path.stat().st_size for path in entries)
    old = time.time() - 3600
    for path in entries:
        os.utime(path, (old, old))
    fresh = entries[-1]
    os.utime(fresh)  # used just now
    removed = cache.prune(size // 2)
    kept = _entries(tmp_path)
    assert removed > 0 and fresh in kept
    assert sum(path.stat().st_size for path in kept) <= size // 2 * 8 // 10


def test_stores_prune_by_themselves_under_a_small_cap(tmp_path, monkeypatch):
    monkeypatch.setenv("MLPY_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("MLPY_CACHE_MAX_BYTES", "20000")
    monkeypatch.setattr(os, "urandom", lambda n: b"\0" * n)  # check the cap at every store
    for n in range(200):
        mlpy.run(f"y = {n} + 1;", filename=str(tmp_path / f"q{n}.ml"))
    assert sum(path.stat().st_size for path in _entries(tmp_path)) <= 20000


def test_mlpy_cache_dir_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MLPY_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)
    assert mlpy.run("z = 5;", filename=str(tmp_path / "z.ml")).globals["z"] == 5
    assert not cache.cache_enabled()
    assert _entries(tmp_path) == [] and not (tmp_path / "off").exists()


def test_cache_false_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MLPY_CACHE_DIR", str(tmp_path))
    assert mlpy.run("w = 6;", cache=False, filename=str(tmp_path / "w.ml")).globals["w"] == 6
    assert _entries(tmp_path) == []


def test_source_strings_are_cached_in_memory_only(tmp_path, monkeypatch):
    monkeypatch.setenv("MLPY_CACHE_DIR", str(tmp_path))
    for n in range(5):
        assert mlpy.run(f"v = {n};").globals["v"] == n
    assert _entries(tmp_path) == []
