"""ML modules through the importer: resolution order, packages, once-per-run execution, cycles,
compile-time checks with positions, compile caching and invalidation, reload, thread safety."""

from __future__ import annotations

import io
import sys
import textwrap
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

import mlpy
from mlpy.errors import MLImportError, MLSyntaxError
from mlpy.modules import registry as module_registry
from mlpy.modules.checks import check_import, make_import_checker
from mlpy.modules.importer import import_module
from mlpy.modules.objects import MLModule
from mlpy.modules.registry import ModuleRegistry
from mlpy.modules.session import ImportSession, use_session


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleRegistry]:
    fresh = ModuleRegistry()
    monkeypatch.setattr(module_registry, "_registry", fresh)
    yield fresh


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run_file(path: Path, **options: object) -> str:
    out = io.StringIO()
    mlpy.run_file(path, stdout=out, **options)
    return out.getvalue()


def test_import_ml_module_from_the_importing_directory(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "helper.ml", 'function h() { return "h"; }\n')
    write(tmp_path / "utils.ml", """
        import helper;
        function double(x) { return x * 2; }
        counter = 0;
        function inc() { nonlocal counter; counter += 1; return helper.h() + str(counter); }
    """)
    main = write(tmp_path / "main.ml", """
        import utils;
        print(utils.double(4), utils.inc(), utils.inc(), utils.counter, typeof(utils), utils);
        print(methods(utils));
        try { utils.helper; } except (e) { print(e.type); }
    """)
    assert run_file(main) == ('8 h1 h2 2 module <module utils>\n'
                              '["counter", "double", "inc"]\n'
                              'AttributeError\n')


def test_module_top_level_runs_once_per_run(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "shared.ml", 'print("loading shared");\nvalue = 1;\n')
    write(tmp_path / "other.ml", 'import shared;\nfunction get() { return shared; }\n')
    main = write(tmp_path / "main.ml", """
        import shared;
        import other;
        import shared as again;
        print(other.get() == shared, again == shared);
    """)
    assert run_file(main) == "loading shared\ntrue true\n"
    assert run_file(main) == "loading shared\ntrue true\n"
    compiled = registry.ml_compile_cache.compile_count
    run_file(main)
    assert registry.ml_compile_cache.compile_count == compiled


def test_packages_init_and_dotted_imports(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "lib" / "deep" / "mod.ml", "function f() { return 42; }\n")
    write(tmp_path / "pkg" / "__init__.ml", 'name = "pkg init";\n')
    write(tmp_path / "pkg" / "sub.ml", "n = 7;\n")
    write(tmp_path / "single.ml", "s = 1;\n")
    main = write(tmp_path / "main.ml", """
        import lib.deep.mod;
        import lib.deep.mod as m;
        import pkg;
        import pkg.sub;
        import single;
        print(lib.deep.mod.f(), m.f(), m, lib, lib.deep);
        print(pkg.name, pkg.sub.n, single.s);
    """)
    assert run_file(main) == ("42 42 <module lib.deep.mod> <module lib> <module lib.deep>\n"
                              "pkg init 7 1\n")


def test_lookup_order_main_dir_then_ml_module_paths(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "app" / "tools.ml", 'where = "main dir";\n')
    write(tmp_path / "app" / "sub" / "user.ml", "import tools;\nimport extra;\nw = tools.where + extra.e;\n")
    write(tmp_path / "shared" / "extra.ml", 'e = " + path";\n')
    write(tmp_path / "shared" / "tools.ml", 'where = "module path";\n')
    main = write(tmp_path / "app" / "main.ml", "import sub.user;\nprint(sub.user.w);\n")
    assert run_file(main, ml_module_paths=[str(tmp_path / "shared")]) == "main dir + path\n"


def test_stdlib_wins_and_ml_modules_never_enter_sys_modules(registry: ModuleRegistry, tmp_path: Path) -> None:
    import string

    write(tmp_path / "string.ml", 'kind = "ml string";\n')
    write(tmp_path / "test.ml", 'kind = "ml test";\n')
    write(tmp_path / "json.ml", 'kind = "ml json";\n')
    main = write(tmp_path / "main.ml", """
        import string;
        import test;
        import json;
        print(string.kind, test.kind, json.stringify([1, 2]));
    """)
    assert run_file(main) == "ml string ml test [1, 2]\n"
    assert sys.modules["string"] is string
    assert not any(getattr(m, "__file__", None) == str(tmp_path / "test.ml") for m in list(sys.modules.values()))


def test_import_cycle_is_reported_with_the_cycle(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "a.ml", "import b;\nx = 1;\n")
    b = write(tmp_path / "b.ml", "y = 2;\nimport a;\n")
    main = write(tmp_path / "main.ml", "import a;\n")
    with pytest.raises(MLImportError) as caught:
        run_file(main)
    error = caught.value
    assert error.message == "import cycle: a.ml -> b.ml -> a.ml"
    assert (error.filename, error.line, error.column) == (str(b), 2, 1)


def test_unknown_import_suggests_a_name_with_position(registry: ModuleRegistry, tmp_path: Path) -> None:
    main = write(tmp_path / "main.ml", "x = 1;\n  import maht;\n")
    node = SimpleNamespace(line=2, col=3)
    with pytest.raises(MLImportError) as caught:
        check_import(["maht"], node, str(main))
    error = caught.value
    assert error.format().splitlines() == [
        f"{main}:2:3: ImportError: No module named 'maht'. Did you mean 'math'?",
        "      import maht;",
        "      ^",
    ]
    write(tmp_path / "utilities.ml", "u = 1;\n")
    with pytest.raises(MLImportError, match=r"No module named 'utilitie'. Did you mean 'utilities'\?"):
        make_import_checker(str(main))(["utilitie"], node)
    check_import(["math"], node, str(main))
    check_import(["utilities"], node, str(main))
    with pytest.raises(MLImportError, match="extension module without submodules"):
        check_import(["math", "x"], node, str(main))


def test_python_modules_are_not_importable(registry: ModuleRegistry, tmp_path: Path) -> None:
    main = write(tmp_path / "main.ml", "import os;\n")
    with pytest.raises(MLImportError) as caught:
        run_file(main)
    assert caught.value.message == (
        "Python modules cannot be imported from ML ('os'). To expose Python code to ML, write an "
        "extension module (see @ml_module)")
    assert caught.value.line == 1


def test_editing_an_imported_module_invalidates_dependants(registry: ModuleRegistry, tmp_path: Path) -> None:
    a = write(tmp_path / "a.ml", "import b;\nfunction f() { return b.v; }\n")
    b = write(tmp_path / "b.ml", "v = 1;\n")
    cache = registry.ml_compile_cache
    first, fresh = cache.compile(a, [tmp_path])
    assert fresh
    assert cache.compile(a, [tmp_path]) == (first, False)
    b.write_text("v = 2;\n// edited\n", encoding="utf-8")
    second, fresh = cache.compile(a, [tmp_path])
    assert fresh and second is not first
    before = cache.dependency_hashes(a, [tmp_path])
    b.write_text("v = 3;\n// edited again, longer\n", encoding="utf-8")
    assert cache.dependency_hashes(a, [tmp_path]) != before
    assert list(before) == [str(b)]


def test_reload_ml_module_in_place(registry: ModuleRegistry, tmp_path: Path) -> None:
    utils = write(tmp_path / "utils.ml", "function f() { return 1; }\nv = 1;\n")
    session = ImportSession()
    with use_session(session):
        module = import_module(("utils",), str(tmp_path / "main.ml"), False)
    assert isinstance(module, MLModule)
    f_before = module._ml_get_member("f")
    assert f_before() == 1
    seen: list[tuple[str, bool]] = []
    registry.add_reload_listener(lambda name, old, new: seen.append((name, old["f"] is f_before)))
    utils.write_text("function f() { return 2; }\nfunction g() { return 3; }\n", encoding="utf-8")
    assert registry.reload_module("utils") is True
    assert module._ml_get_member("f")() == 2 and module._ml_get_member("g")() == 3
    with pytest.raises(AttributeError):
        module._ml_get_member("v")
    assert seen == [("utils", True)]
    utils.write_text("function f() { return 4;\n", encoding="utf-8")
    assert registry.reload_module("utils") is False
    error = registry.get_reload_error("utils")
    assert isinstance(error, MLSyntaxError) and error.filename == str(utils) and error.line is not None
    assert module._ml_get_member("f")() == 2
    with use_session(session):
        assert import_module(("utils",), str(tmp_path / "main.ml"), True) is module


def test_concurrent_first_imports_of_an_ml_module_run_it_once(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "slowmod.ml", "total = 0;\nfor (i in range(20000)) { total += i; }\n")
    runs: list[str] = []
    original = registry.ml_namespace_factory

    def counting(filename: str) -> dict[str, object]:
        runs.append(filename)
        return original(filename)

    registry.ml_namespace_factory = counting
    session = ImportSession()
    barrier = threading.Barrier(8)
    results: list[object] = []

    def worker() -> None:
        barrier.wait()
        with use_session(session):
            results.append(import_module(("slowmod",), str(tmp_path / "main.ml"), False))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert runs == [str(tmp_path / "slowmod.ml")]
    assert len(results) == 8 and len({id(r) for r in results}) == 1
    assert results[0]._ml_get_member("total") == sum(range(20000))


def test_ml_module_performance_and_memory(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "tiny.ml", "x = 1;\n")
    write(tmp_path / "table.ml", "t = [];\nfor (i in range(20000)) { t.append(str(i) + \"-row\"); }\n")
    main = write(tmp_path / "main.ml", "import tiny;\nimport table;\nprint(len(table.t));\n")
    registry.enable_performance_mode(trace_memory=True)
    try:
        assert run_file(main) == "20000\n"
        session = ImportSession()
        with use_session(session):
            import_module(("tiny",), str(main), False)
            import_module(("table",), str(main), False)
    finally:
        registry.disable_performance_mode()
    summary = registry.get_performance_summary()
    assert summary["total_loads"] == 4 and summary["total_compiles"] == 2
    assert summary["slowest_loads"][0][0] == "table"
    report = {m["name"]: m for m in registry.get_memory_report()["modules"]}
    assert report["table"]["size_bytes"] > 100 * report["tiny"]["size_bytes"] > 0
    assert report["table"]["retained_bytes"] > 500_000


def test_extension_module_from_the_programs_extension_paths(registry: ModuleRegistry, tmp_path: Path) -> None:
    write(tmp_path / "ext" / "greet_bridge.py", """
        from mlpy.stdlib.decorators import ml_function, ml_module

        @ml_module(name="greet")
        class Greet:
            @ml_function(aliases=["say_hello"])
            def hello(self, who):
                return "hello " + who

        greet = Greet()
    """)
    main = write(tmp_path / "prog" / "main.ml", """
        import greet;
        f = greet.say_hello;
        print(greet.hello("ann"), f("bo"), greet);
    """)
    try:
        assert run_file(main, extension_paths=[str(tmp_path / "ext")]) == "hello ann hello bo <module greet>\n"
    finally:
        for name in [n for n in sys.modules if n.startswith("mlpy_ext.greet")]:
            del sys.modules[name]


def test_bad_ml_modules_report_positions_in_the_module(registry: ModuleRegistry, tmp_path: Path) -> None:
    syntax = write(tmp_path / "syn.ml", "x = (1;\n")
    runtime = write(tmp_path / "rt.ml", "x = 1;\ny = x / 0;\n")
    with pytest.raises(MLSyntaxError) as caught:
        run_file(write(tmp_path / "m1.ml", "import syn;\n"))
    assert (caught.value.filename, caught.value.line) == (str(syntax), 1)
    with pytest.raises(mlpy.MLRuntimeError) as caught_runtime:
        run_file(write(tmp_path / "m2.ml", "import rt;\n"))
    error = caught_runtime.value
    assert error.format().splitlines()[:3] == [
        f"{runtime}:2:5: ZeroDivisionError: division by zero", "    y = x / 0;", "        ^"]


def test_a_module_that_is_not_utf8_names_the_file_at_the_import(registry: ModuleRegistry, tmp_path: Path) -> None:
    bad = tmp_path / "latin.ml"
    bad.write_bytes(b'x = "caf\xe9";\n')
    main = write(tmp_path / "main.ml", "y = 1;\nimport latin;\n")
    with pytest.raises(MLImportError) as caught:
        run_file(main)
    error = caught.value
    assert (error.filename, error.line, error.column) == (str(main), 2, 1)
    assert error.message == (f"cannot import {bad.resolve()}: it is not UTF-8 text (byte 0xe9 at offset 8); "
                             "save it as UTF-8")


# -- per-run visibility: the registry is process-wide, the paths are the run's ------------------------

TENANT_GREET = '''
from mlpy.stdlib.decorators import ml_function, ml_module

@ml_module(name="greet", description="Greetings", version="1.0.0")
class Greet:
    @ml_function(description="Say hello")
    def hello(self, who):
        return "{word} " + who

greet = Greet()
'''


@pytest.fixture
def tenants(tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    """Two extension directories defining ``greet`` differently, and one program importing it."""
    first = write(tmp_path / "tenant1" / "greet_bridge.py", TENANT_GREET.replace("{word}", "hello")).parent
    second = write(tmp_path / "tenant2" / "greet_bridge.py", TENANT_GREET.replace("{word}", "hola")).parent
    main = write(tmp_path / "prog" / "main.ml", 'import greet;\nprint(greet.hello("ann"));\n')
    yield first, second, main
    for name in [n for n in sys.modules if n.startswith("mlpy_ext.greet")]:
        del sys.modules[name]


def test_runs_with_different_extension_paths_get_their_own_module(
        registry: ModuleRegistry, tenants: tuple[Path, Path, Path]) -> None:
    first, second, main = tenants
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert run_file(main, extension_paths=[str(first)]) == "hello ann\n"
        assert run_file(main, extension_paths=[str(second)]) == "hola ann\n"
        assert run_file(main, extension_paths=[str(first)]) == "hello ann\n"
    assert registry.extension_paths == []
    assert len([n for n in sys.modules if n.startswith("mlpy_ext.greet_")]) == 2


def test_a_run_without_the_path_cannot_import_another_runs_module(
        registry: ModuleRegistry, tenants: tuple[Path, Path, Path]) -> None:
    first, _second, main = tenants
    assert run_file(main, extension_paths=[str(first)]) == "hello ann\n"
    with pytest.raises(MLImportError) as caught:
        run_file(main)
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        "No module named 'greet'", 1, 1)  # no far-fetched did-you-mean (see language.suggest)
    probe = write(main.parent / "probe.ml", 'print(has_module("greet"), available_modules("extension"), '
                                            'module_info("greet"));\n')
    assert run_file(probe) == "false [] null\n"


def test_registry_level_extension_paths_are_seen_by_every_run(
        registry: ModuleRegistry, tenants: tuple[Path, Path, Path]) -> None:
    first, second, main = tenants
    registry.add_extension_paths([first])  # the REPL's .addpath and embedding hosts
    assert run_file(main) == "hello ann\n"
    assert registry.get_module_info("greet")["file"] == str(first / "greet_bridge.py")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert run_file(main, extension_paths=[str(second)]) == "hola ann\n"  # the run's own first
    assert [str(w.message) for w in caught] == [
        f"module 'greet' defined twice: using {second / 'greet_bridge.py'}, "
        f"ignoring {first / 'greet_bridge.py'} (first on the path wins)"]


def test_collision_warning_only_within_one_runs_paths(
        registry: ModuleRegistry, tenants: tuple[Path, Path, Path]) -> None:
    first, second, main = tenants
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert run_file(main, extension_paths=[str(first)]) == "hello ann\n"
        assert run_file(main, extension_paths=[str(second)]) == "hola ann\n"
        assert caught == []
        assert run_file(main, extension_paths=[str(second), str(first)]) == "hola ann\n"
    assert [(w.category, str(w.message)) for w in caught] == [(
        module_registry.ModuleCollisionWarning,
        f"module 'greet' defined twice: using {second / 'greet_bridge.py'}, "
        f"ignoring {first / 'greet_bridge.py'} (first on the path wins)")]


def test_a_file_is_executed_once_per_process_across_runs(registry: ModuleRegistry, tmp_path: Path) -> None:
    counter = tmp_path / "count.txt"
    ext = write(tmp_path / "ext" / "greet_bridge.py",
                f"open({str(counter)!r}, 'a').write('x')\n" + TENANT_GREET.replace("{word}", "hi")).parent
    main = write(tmp_path / "main.ml", 'import greet;\nprint(greet.hello("bo"));\n')
    outputs = []

    def one_run() -> None:
        outputs.append(run_file(main, extension_paths=[str(ext)]))

    threads = [threading.Thread(target=one_run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert outputs == ["hi bo\n"] * 6
        assert counter.read_text() == "x"
    finally:
        for name in [n for n in sys.modules if n.startswith("mlpy_ext.greet")]:
            del sys.modules[name]


def test_runs_with_different_ml_module_paths_get_their_own_ml_module(
        registry: ModuleRegistry, tmp_path: Path) -> None:
    one = write(tmp_path / "m1" / "shared.ml", 'function who() { return "one"; }\n').parent
    two = write(tmp_path / "m2" / "shared.ml", 'function who() { return "two"; }\n').parent
    main = write(tmp_path / "prog" / "main.ml", "import shared;\nprint(shared.who());\n")
    assert run_file(main, ml_module_paths=[str(one)]) == "one\n"
    assert run_file(main, ml_module_paths=[str(two)]) == "two\n"
    with pytest.raises(MLImportError) as caught:
        run_file(main)
    assert caught.value.message == "No module named 'shared'"
    probe = write(tmp_path / "prog" / "probe.ml", 'print(has_module("shared"));\n')
    assert run_file(probe) == "false\n"
    assert run_file(probe, ml_module_paths=[str(two)]) == "true\n"
