"""The compile cache: hits, misses, invalidation, MLPY_CACHE_DIR, corrupt entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlpy.compiler import CompileOptions, cache, compile_cached
from mlpy.errors import MLNameError

SRC = 'capability C { allow net "h"; }\nimport a.b as m;\nx = 1;\nfunction f() { return x; }\n'


def entries(root: Path) -> list[Path]:
    return sorted(root.rglob("*.mlc"))


@pytest.fixture
def cache_root(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("MLPY_CACHE_DIR", str(root))
    return root


def test_miss_then_hit_keeps_metadata(cache_root):
    first = compile_cached(SRC, "p.ml")
    assert first.python_module is not None
    assert len(entries(cache_root)) == 1
    second = compile_cached(SRC, "p.ml")
    assert second.python_module is None  # came from the cache
    assert second.code.co_filename == "p.ml"
    assert second.top_level_names == first.top_level_names == ["m", "x", "f"]
    assert [(i.path, i.alias, i.line) for i in second.imports] == [(["a", "b"], "m", 2)]
    assert second.capability_requests[0].name == "C"
    assert second.capability_requests[0].items[0].words == ["net"]
    assert [(w.kind, w.line, w.message) for w in second.warnings] == [
        (w.kind, w.line, w.message) for w in first.warnings]
    assert second.code.co_code == first.code.co_code


def test_cached_code_runs(cache_root):
    from mlpy.runtime import namespace

    compile_cached("y = 6 * 7;", "p.ml")
    hit = compile_cached("y = 6 * 7;", "p.ml")
    assert hit.python_module is None  # really loaded from the cache
    globals_ = namespace.new_globals("p.ml")
    exec(hit.code, globals_)
    assert globals_["y"] == 42


def test_source_change_invalidates(cache_root):
    compile_cached("x = 1;", "p.ml")
    changed = compile_cached("x = 2;", "p.ml")
    assert changed.python_module is not None
    assert len(entries(cache_root)) == 2


@pytest.mark.parametrize("variant", [
    {"filename": "q.ml"},
    {"options": CompileOptions(count_steps=True)},
    {"options": CompileOptions(repl=True)},
    {"dependency_hashes": ("abc",)},
])
def test_key_depends_on_filename_options_and_dependencies(cache_root, variant):
    compile_cached("x = 1;", "p.ml")
    args = {"filename": "p.ml", "options": CompileOptions(), "dependency_hashes": ()} | variant
    assert compile_cached("x = 1;", **args).python_module is not None


def test_import_checker_is_not_part_of_the_key():
    a = cache.cache_key("x = 1;", "p.ml", CompileOptions())
    b = cache.cache_key("x = 1;", "p.ml", CompileOptions(import_checker=lambda p, n: None))
    assert a == b


def test_compiler_source_is_part_of_the_key(monkeypatch):
    a = cache.cache_key("x = 1;", "p.ml", CompileOptions())
    monkeypatch.setattr(cache, "_fingerprint", None)
    assert cache.cache_key("x = 1;", "p.ml", CompileOptions()) == a  # recomputed: the same files
    monkeypatch.setattr(cache, "_fingerprint", "an edited compiler")
    assert cache.cache_key("x = 1;", "p.ml", CompileOptions()) != a


def test_corrupt_entry_is_ignored_and_replaced(cache_root):
    compile_cached("x = 1;", "p.ml")
    [entry] = entries(cache_root)
    entry.write_bytes(b"garbage")
    again = compile_cached("x = 1;", "p.ml")
    assert again.python_module is not None
    assert compile_cached("x = 1;", "p.ml").python_module is None  # rewritten


def test_unwritable_cache_dir_falls_back_to_compiling(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MLPY_CACHE_DIR", str(blocker / "sub"))
    program = compile_cached("x = 1;", "p.ml")
    assert program.python_module is not None


def test_compile_errors_are_raised_and_not_cached(cache_root):
    with pytest.raises(MLNameError):
        compile_cached("print(nope);", "p.ml")
    assert entries(cache_root) == []


def test_nothing_written_next_to_source(cache_root, tmp_path, monkeypatch):
    src_dir = tmp_path / "src"
    src_dir.mkdir()
    monkeypatch.chdir(src_dir)
    compile_cached("x = 1;", str(src_dir / "p.ml"))
    assert list(src_dir.iterdir()) == []


def test_default_dir_uses_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv("MLPY_CACHE_DIR", raising=False)
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("mlpy"))
