"""The module registry: discovery without execution, lazy thread-safe loading, collisions, bad
modules with positioned errors, reload (transactional, in place), performance and memory reports."""

from __future__ import annotations

import logging
import sys
import textwrap
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlpy.errors import MLImportError
from mlpy.modules import registry as module_registry
from mlpy.modules.discovery import DiscoveredModule
from mlpy.modules.objects import ExtensionModule
from mlpy.modules.registry import ModuleCollisionWarning, ModuleRegistry, get_registry

GREET = '''
from mlpy.stdlib.decorators import ml_function, ml_module

@ml_module(name="greet", description="Greetings", capabilities=[], version="1.2.0")
class Greet:
    @ml_function(description="Say hello", capabilities=[])
    def hello(self, who):
        return "hello " + who

greet = Greet()
'''


def private_name(path: Path) -> str:
    """The ``sys.modules`` name the registry runs the extension file ``path`` under."""
    found = DiscoveredModule(name="greet", path=path.resolve(), origin="extension")
    return module_registry.private_module_name(found)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleRegistry]:
    """A fresh registry installed as the process-wide one for the duration of the test."""
    fresh = ModuleRegistry()
    monkeypatch.setattr(module_registry, "_registry", fresh)
    yield fresh
    for name in [n for n in sys.modules if n.startswith("mlpy_ext.")]:
        del sys.modules[name]


def test_get_registry_is_a_thread_safe_singleton(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module_registry, "_registry", None)
    seen: list[ModuleRegistry] = []
    threads = [threading.Thread(target=lambda: seen.append(get_registry())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(r) for r in seen}) == 1


def test_stdlib_modules_are_discovered(registry: ModuleRegistry) -> None:
    names = registry.get_all_module_names()
    assert {"math", "json", "console"} <= names
    assert registry.is_available("math")
    assert not registry.is_available("maht")


def test_discovery_does_not_execute_the_file(registry: ModuleRegistry, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    write(tmp_path / "ext" / "boom_bridge.py", f'''
        from mlpy.stdlib.decorators import ml_function, ml_module
        open({str(marker)!r}, "w").write("ran")
        raise RuntimeError("boom at import")

        @ml_module(name="boom", description="Explodes", version="2.0.0")
        class Boom:
            @ml_function(aliases=["go_now"])
            def goNow(self):
                return 1

        boom = Boom()
    ''')
    registry.add_extension_paths([tmp_path / "ext"])
    assert registry.is_available("boom")
    info = registry.get_module_info("boom")
    assert info is not None
    assert info["version"] == "2.0.0"
    assert info["functions"] == ["goNow", "go_now"]
    assert info["loaded"] is False
    assert not marker.exists()
    with pytest.raises(MLImportError) as caught:
        registry.get_module("boom")
    error = caught.value
    assert marker.exists()
    assert error.filename == str(tmp_path / "ext" / "boom_bridge.py")
    assert error.line == 4
    assert "boom_bridge.py (line 4): RuntimeError: boom at import" in error.message


def test_lazy_load_under_a_private_module_name(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([str(tmp_path / "ext")])
    assert registry.get_module_info("greet")["loaded"] is False
    assert not [n for n in sys.modules if n.startswith("mlpy_ext.greet")]
    instance = registry.get_module("greet")
    assert type(instance).__name__ == "Greet"
    assert sys.modules[private_name(tmp_path / "ext" / "greet_bridge.py")].greet is instance
    obj = registry.get_module_object("greet")
    assert isinstance(obj, ExtensionModule)
    assert obj._ml_get_member("hello")("ann") == "hello ann"
    assert registry.get_module_info("greet")["loaded"] is True
    assert registry.get_module_object("greet") is obj


def test_extension_named_like_a_python_module_does_not_clobber_it(registry: ModuleRegistry,
                                                                  tmp_path: Path) -> None:
    import string

    write(tmp_path / "ext" / "string_bridge.py", GREET.replace('"greet"', '"string"')
          .replace("greet = Greet()", "string = Greet()"))
    registry.add_extension_paths([tmp_path / "ext"])
    module_object = registry.get_module_object("string")
    assert module_object is not None
    assert sys.modules["string"] is string
    assert module_object._ml_get_member("hello")("x") == "hello x"


def test_plain_py_files_and_packages_with_ml_module_are_found(registry: ModuleRegistry, tmp_path: Path) -> None:
    ext = tmp_path / "ext"
    write(ext / "tools.py", GREET.replace('"greet"', '"tools"').replace("greet = Greet()", "tools = Greet()"))
    write(ext / "helper.py", "VALUE = 1\n")
    write(ext / "pkgmod" / "__init__.py", '''
        from mlpy.stdlib.decorators import ml_function, ml_module
        from .impl import answer

        @ml_module(name="pkgmod")
        class PkgMod:
            @ml_function
            def value(self):
                return answer()

        pkgmod = PkgMod()
    ''')
    write(ext / "pkgmod" / "impl.py", "def answer():\n    return 42\n")
    registry.add_extension_paths([ext])
    names = registry.get_all_module_names()
    assert {"tools", "pkgmod"} <= names
    assert "helper" not in names
    assert registry.get_module_object("pkgmod")._ml_get_member("value")() == 42


def test_collision_first_on_the_path_wins_with_a_warning(registry: ModuleRegistry, tmp_path: Path) -> None:
    first = write(tmp_path / "one" / "greet_bridge.py", GREET)
    second = write(tmp_path / "two" / "greet_bridge.py", GREET.replace("hello ", "HI "))
    registry.add_extension_paths([tmp_path / "one", tmp_path / "two"])
    with pytest.warns(ModuleCollisionWarning) as record:
        registry.get_all_module_names()
    message = str(record[0].message)
    assert str(first) in message and str(second) in message
    assert registry.get_module_object("greet")._ml_get_member("hello")("a") == "hello a"


def test_stdlib_wins_over_an_extension_of_the_same_name(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "ext" / "math_bridge.py", GREET.replace('"greet"', '"math"').replace(
        "greet = Greet()", "math = Greet()"))
    registry.add_extension_paths([tmp_path / "ext"])
    with pytest.warns(ModuleCollisionWarning, match="math_bridge.py"):
        names = registry.get_all_module_names()
    assert "math" in names
    assert registry.get_module_info("math")["type"] == "stdlib"


def test_missing_instance_names_the_file_and_class(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "ext" / "greet_bridge.py", GREET.replace("greet = Greet()", ""))
    registry.add_extension_paths([tmp_path / "ext"])
    with pytest.raises(MLImportError) as caught:
        registry.get_module_object("greet")
    assert caught.value.message == "greet_bridge.py defines no module-level instance 'greet' of class Greet"
    assert not [n for n in sys.modules if n.startswith("mlpy_ext.greet")]


def test_syntax_error_is_positioned(registry: ModuleRegistry, tmp_path: Path) -> None:
    path = write(tmp_path / "ext" / "broken_bridge.py", "x = 1\ndef f(:\n    pass\n")
    registry.add_extension_paths([tmp_path / "ext"])
    assert registry.is_available("broken")
    with pytest.raises(MLImportError) as caught:
        registry.get_module_object("broken")
    error = caught.value
    assert (error.filename, error.line, error.column) == (str(path), 2, 7)
    assert error.source_line == "def f(:"
    assert error.format().startswith(f"{path}:2:7: ImportError: cannot load module 'broken' from "
                                     "broken_bridge.py (line 2): SyntaxError:")


def test_concurrent_first_imports_execute_once(registry: ModuleRegistry, tmp_path: Path) -> None:
    log = tmp_path / "loads.txt"
    write(tmp_path / "ext" / "slow_bridge.py", f'''
        import time
        from mlpy.stdlib.decorators import ml_function, ml_module
        with open({str(log)!r}, "a") as handle:
            handle.write("load\\n")
        time.sleep(0.1)

        @ml_module(name="slow")
        class Slow:
            @ml_function
            def ping(self):
                return "pong"

        slow = Slow()
    ''')
    registry.add_extension_paths([tmp_path / "ext"])
    barrier = threading.Barrier(8)
    results: list[object] = []

    def worker() -> None:
        barrier.wait()
        results.append(registry.get_module_object("slow"))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert log.read_text() == "load\n"
    assert len(results) == 8 and len({id(r) for r in results}) == 1


def test_reload_swaps_exports_in_place_and_notifies(registry: ModuleRegistry, tmp_path: Path) -> None:
    path = write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([tmp_path / "ext"])
    obj = registry.get_module_object("greet")
    calls: list[tuple[str, list[str], list[str]]] = []
    registry.add_reload_listener(lambda name, old, new: calls.append((name, sorted(old), sorted(new))))
    write(path, GREET.replace('"hello " + who', '"bonjour " + who'))
    assert registry.reload_module("greet") is True
    assert registry.get_module_object("greet") is obj
    assert obj._ml_get_member("hello")("bo") == "bonjour bo"
    assert calls == [("greet", ["hello"], ["hello"])]
    assert registry.get_reload_error("greet") is None
    assert registry.get_last_reload_ms("greet") is not None


def test_failed_reload_keeps_the_old_version(registry: ModuleRegistry, tmp_path: Path) -> None:
    path = write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([tmp_path / "ext"])
    obj = registry.get_module_object("greet")
    instance = registry.get_module("greet")
    path.write_text(GREET + "\nraise ValueError('nope')\n", encoding="utf-8")
    assert registry.reload_module("greet") is False
    error = registry.get_reload_error("greet")
    assert isinstance(error, MLImportError)
    assert error.filename == str(path) and error.line == GREET.count("\n") + 2
    assert obj._ml_get_member("hello")("x") == "hello x"
    assert registry.get_module("greet") is instance
    assert sys.modules[private_name(tmp_path / "ext" / "greet_bridge.py")].greet is instance
    path.write_text(GREET.replace("def hello(self, who):", "def hello(self, who:"), encoding="utf-8")
    assert registry.reload_module("greet") is False
    assert registry.get_reload_error("greet").line == 7
    assert registry.reload_module("nosuch") is False
    assert registry.get_reload_error("nosuch").message == "Module 'nosuch' not found"


def test_reload_all_and_refresh(registry: ModuleRegistry, tmp_path: Path) -> None:
    path = write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([tmp_path / "ext"])
    registry.get_module_object("greet")
    registry.get_module_object("math")
    assert registry.reload_all_modules() == {"greet": True, "math": True}
    refreshed = registry.refresh_all()  # rescans, then reloads every loaded module
    assert refreshed["reload_details"] == {"greet": True, "math": True}
    assert (refreshed["reloaded_modules"], refreshed["reload_failures"]) == (2, 0)
    assert refreshed["total_modules"] == len(registry.get_all_module_names())
    write(path, "this is not python\n")
    broken = registry.refresh_all()
    assert broken["reload_details"] == {"greet": False, "math": True}
    assert (broken["reloaded_modules"], broken["reload_failures"]) == (1, 1)
    assert registry.get_module("greet").hello("x") == "hello x"  # the old version stays live


def test_performance_mode_records_real_timings(registry: ModuleRegistry, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([tmp_path / "ext"])
    registry.get_module_object("math")
    assert registry.get_performance_summary()["total_loads"] == 0
    monkeypatch.setenv("MLPY_SLOW_LOAD_MS", "0")
    registry.enable_performance_mode()
    try:
        with caplog.at_level(logging.WARNING, logger="mlpy.modules"):
            registry.get_module_object("greet")
        registry.invalidate_cache()
        registry.get_all_module_names()
        registry.reload_module("greet")
        summary = registry.get_performance_summary()
    finally:
        registry.disable_performance_mode()
    assert summary["total_loads"] == 2
    assert summary["total_scans"] == 1
    assert summary["avg_load_time_ms"] > 0
    assert summary["slowest_loads"][0][0] == "greet"
    assert summary["reload_counts"] == {"greet": 1}
    assert any(record.getMessage().startswith("Slow module load: greet") for record in caplog.records)


def test_memory_report_tells_small_from_large(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "ext" / "greet_bridge.py", GREET)
    write(tmp_path / "ext" / "big_bridge.py", GREET.replace('"greet"', '"big"').replace(
        "greet = Greet()", "big = Greet()\nbig.table = [str(i) * 5 for i in range(20000)]"))
    registry.add_extension_paths([tmp_path / "ext"])
    assert registry.get_memory_report()["total_loaded"] == 0
    registry.enable_performance_mode(trace_memory=True)
    try:
        registry.get_module_object("greet")
        registry.get_module_object("big")
    finally:
        registry.disable_performance_mode()
    report = registry.get_memory_report()
    assert report["total_loaded"] == 2
    by_name = {m["name"]: m for m in report["modules"]}
    assert by_name["big"]["size_bytes"] > 100 * by_name["greet"]["size_bytes"] > 0
    assert by_name["big"]["retained_bytes"] > 1_000_000
    assert report["modules"][0]["name"] == "big"
    assert report["total_size_kb"] == pytest.approx(sum(m["size_bytes"] for m in report["modules"]) / 1024, abs=0.01)
    assert report["total_size_mb"] == pytest.approx(report["total_size_kb"] / 1024, abs=0.001)


def test_ml_module_paths_are_listed(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "mlmods" / "utils.ml", "x = 1;\n")
    write(tmp_path / "mlmods" / "pkg" / "__init__.ml", "y = 1;\n")
    write(tmp_path / "mlmods" / "notes" / "readme.txt", "no ML here\n")
    registry.add_ml_module_paths([tmp_path / "mlmods"])
    names = registry.get_all_module_names()
    assert {"utils", "pkg"} <= names and "notes" not in names
    assert registry.is_available("utils")
    assert registry.get_module_info("utils")["type"] == "ml"


def test_invalidate_cache_keeps_loaded_modules(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([tmp_path / "ext"])
    obj = registry.get_module_object("greet")
    registry.invalidate_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert registry.get_module_object("greet") is obj


def test_visibility_follows_the_current_execution_context(registry: ModuleRegistry, tmp_path: Path) -> None:
    from mlpy.runtime.context import ExecutionContext, use

    one = write(tmp_path / "one" / "greet_bridge.py", GREET).parent
    two = write(tmp_path / "two" / "greet_bridge.py", GREET.replace("hello ", "hola ")).parent
    assert not registry.is_available("greet")
    with use(ExecutionContext(extension_paths=[str(one)])):
        assert registry.is_available("greet")
        assert registry.get_module("greet").hello("a") == "hello a"
        assert registry.get_module_info("greet")["file"] == str(one / "greet_bridge.py")
    with use(ExecutionContext(extension_paths=[str(two)])):
        assert registry.get_module("greet").hello("a") == "hola a"
    with use(ExecutionContext()):
        assert registry.get_module("greet") is None
        assert "greet" not in registry.get_all_module_names()
    assert registry.extension_paths == []
    assert registry.loaded_module_names() == ["greet"]
    assert registry.get_memory_report()["total_loaded"] == 1
    write(one / "greet_bridge.py", GREET.replace("hello ", "hi "))
    write(two / "greet_bridge.py", GREET.replace("hello ", "salut "))
    assert registry.reload_module("greet") is True  # host call, not visible here: every loaded file
    with use(ExecutionContext(extension_paths=[str(one)])):
        assert registry.get_module("greet").hello("a") == "hi a"
    with use(ExecutionContext(extension_paths=[str(two)])):
        assert registry.get_module("greet").hello("a") == "salut a"


# -- performance-mode levels (timings alone vs timings + tracemalloc) -----------------------------------

BIG = GREET.replace('"greet"', '"big"').replace(
    "greet = Greet()", "big = Greet()\nbig.table = [str(i) * 5 for i in range(20000)]")


@pytest.fixture
def no_host_tracing() -> Iterator[None]:
    """These tests check who starts tracemalloc: none may be running before or left after."""
    import tracemalloc

    if tracemalloc.is_tracing():
        pytest.skip("tracemalloc is already running (e.g. pytest -X tracemalloc)")
    yield
    tracemalloc.stop()


def test_performance_mode_without_arguments_records_timings_only(registry: ModuleRegistry,
                                                                 no_host_tracing: None) -> None:
    import tracemalloc

    registry.enable_performance_mode()
    assert (registry.performance_mode, registry.memory_tracing, tracemalloc.is_tracing()) == (True, False, False)
    registry.enable_performance_mode(trace_memory=True)
    assert (registry.performance_mode, registry.memory_tracing, tracemalloc.is_tracing()) == (True, True, True)
    registry.disable_performance_mode()
    assert (registry.performance_mode, registry.memory_tracing, tracemalloc.is_tracing()) == (False, False, False)


def test_timings_only_mode_never_starts_tracemalloc(registry: ModuleRegistry, tmp_path: Path,
                                                   no_host_tracing: None) -> None:
    import tracemalloc

    write(tmp_path / "ext" / "greet_bridge.py", GREET)
    write(tmp_path / "ext" / "big_bridge.py", BIG)
    registry.add_extension_paths([tmp_path / "ext"])
    registry.enable_performance_mode(trace_memory=False)
    try:
        assert (registry.performance_mode, registry.memory_tracing) == (True, False)
        assert registry.memory_probe() is None
        registry.get_module_object("greet")
        registry.get_module_object("big")
        assert not tracemalloc.is_tracing()
        summary = registry.get_performance_summary()
    finally:
        registry.disable_performance_mode()
    assert summary["total_loads"] == 2
    assert sorted(summary["load_times_ms"]) == ["big", "greet"]
    report = registry.get_memory_report()
    by_name = {m["name"]: m for m in report["modules"]}
    assert by_name["big"]["retained_bytes"] is None and by_name["greet"]["retained_bytes"] is None
    assert by_name["big"]["size_bytes"] == by_name["big"]["deep_size_bytes"] > 1_000_000
    assert by_name["big"]["size_bytes"] > 100 * by_name["greet"]["size_bytes"] > 0
    assert (report["retained_traced"], report["memory_tracing"]) == (False, False)


def test_switching_levels_stops_the_tracing_it_started(registry: ModuleRegistry,
                                                       no_host_tracing: None) -> None:
    import tracemalloc

    registry.enable_performance_mode(trace_memory=True)
    assert tracemalloc.is_tracing()
    registry.enable_performance_mode(trace_memory=False)
    assert registry.performance_mode and not tracemalloc.is_tracing()
    registry.enable_performance_mode(trace_memory=True)
    assert registry.memory_tracing and tracemalloc.is_tracing()
    registry.disable_performance_mode()
    assert not tracemalloc.is_tracing()


def test_a_hosts_own_tracing_is_left_running(registry: ModuleRegistry, no_host_tracing: None) -> None:
    import tracemalloc

    tracemalloc.start()
    registry.enable_performance_mode(trace_memory=True)
    registry.enable_performance_mode(trace_memory=False)
    registry.disable_performance_mode()
    assert tracemalloc.is_tracing()


def test_traced_reload_records_what_the_new_version_retains(registry: ModuleRegistry, tmp_path: Path,
                                                            no_host_tracing: None) -> None:
    path = write(tmp_path / "ext" / "big_bridge.py", BIG.replace("range(20000)", "range(10)"))
    registry.add_extension_paths([tmp_path / "ext"])
    registry.enable_performance_mode(trace_memory=True)
    try:
        registry.get_module_object("big")
        small = {m["name"]: m for m in registry.get_memory_report()["modules"]}["big"]["retained_bytes"]
        write(path, BIG)
        assert registry.reload_module("big")
        report = registry.get_memory_report()
    finally:
        registry.disable_performance_mode()
    big = {m["name"]: m for m in report["modules"]}["big"]["retained_bytes"]
    assert small < 100_000 < 1_000_000 < big
    assert report["retained_traced"] is True


# -- fast reload: a known file is executed again, never re-discovered -----------------------------------

def test_reload_does_not_parse_the_file_again(registry: ModuleRegistry, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from mlpy.modules import discovery as registry_discovery

    path = write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([tmp_path / "ext"])
    registry.get_module_object("greet")

    def no_parse(*_args: object) -> list[DiscoveredModule]:
        raise AssertionError("reload re-discovered the file")

    monkeypatch.setattr(registry_discovery, "_inspect_uncached", no_parse)
    write(path, GREET.replace("class Greet:", "class Greeter:").replace("greet = Greet()", "greet = Greeter()")
          .replace('version="1.2.0"', 'version="2.0.0"').replace('description="Greetings"', 'description="Hi"'))
    assert registry.reload_module("greet"), registry.get_reload_error("greet")
    info = registry.get_module_info("greet")
    assert info is not None
    assert (info["version"], info["description"], info["loaded"]) == ("2.0.0", "Hi", True)
    assert registry._files[(path.resolve(), "greet")].found.class_name == "Greeter"


def test_reload_reports_the_new_class_name_when_the_instance_is_missing(registry: ModuleRegistry,
                                                                        tmp_path: Path) -> None:
    path = write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([tmp_path / "ext"])
    registry.get_module_object("greet")
    write(path, GREET.replace("class Greet:", "class Welcome:").replace("greet = Greet()", ""))
    assert registry.reload_module("greet") is False
    error = registry.get_reload_error("greet")
    assert error is not None
    assert error.message == "greet_bridge.py defines no module-level instance 'greet' of class Welcome"
    assert registry.get_module("greet").hello("a") == "hello a"


def test_reload_after_a_broken_first_import_uses_the_fixed_text(registry: ModuleRegistry,
                                                                tmp_path: Path) -> None:
    path = write(tmp_path / "ext" / "greet_bridge.py", GREET.replace("def hello(self, who):", "def hello(self, who:"))
    registry.add_extension_paths([tmp_path / "ext"])
    with pytest.raises(MLImportError) as caught:
        registry.get_module_object("greet")
    assert caught.value.line == 7
    write(path, GREET)
    assert registry.reload_module("greet"), registry.get_reload_error("greet")
    module = registry.get_module_object("greet")
    assert module is not None and registry.get_module("greet").hello("x") == "hello x"


def test_failed_reload_syntax_error_comes_from_the_current_text(registry: ModuleRegistry,
                                                                tmp_path: Path) -> None:
    path = write(tmp_path / "ext" / "greet_bridge.py", GREET)
    registry.add_extension_paths([tmp_path / "ext"])
    registry.get_module_object("greet")
    write(path, GREET.replace('return "hello " + who', 'return ("hello " + who'))
    assert registry.reload_module("greet") is False
    error = registry.get_reload_error("greet")
    assert error is not None
    assert (error.filename, error.line) == (str(path.resolve()), 8)
    assert error.message.startswith("cannot load module 'greet' from greet_bridge.py (line 8): SyntaxError:")
    assert registry.get_module("greet").hello("a") == "hello a"
