"""Module development mode through MLREPLSession: reload, in-place update, watch,
performance monitoring and memory reports, with the exact message wording tools match on."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mlpy.cli.repl import MLREPLSession
from mlpy.modules.registry import reset_registry

pytestmark = pytest.mark.timeout(120)

GREET_V1 = '''\
from mlpy.stdlib.decorators import ml_class, ml_function, ml_module


@ml_class
class Counter:
    def __init__(self):
        self.n = 0

    def inc(self):
        self.n += 1
        return self.n


@ml_module(name="greet", description="Greetings")
class Greet:
    @ml_function(description="Say hello")
    def hello(self, who):
        return "hello " + who

    @ml_function
    def bye(self, who):
        return "bye " + who

    @ml_function
    def counter(self):
        return Counter()


greet = Greet()
'''

GREET_V2 = (GREET_V1.replace('"hello "', '"HELLO "').replace("self.n += 1", "self.n += 10")
            .replace('    @ml_function\n    def bye(self, who):\n        return "bye " + who\n\n', ""))

UTILS_V1 = "factor = 2;\nfunction double(x) { return x * factor; }\nfunction gone(x) { return x; }\n"
UTILS_V2 = "factor = 3;\nfunction double(x) { return x * factor + 1; }\n"


@pytest.fixture
def make_session(tmp_path: Path) -> Iterator[Callable[..., MLREPLSession]]:
    reset_registry()
    sessions: list[MLREPLSession] = []
    ext = tmp_path / "ext"
    ext.mkdir()
    mls = tmp_path / "mls"
    mls.mkdir()

    def make(**kwargs: object) -> MLREPLSession:
        session = MLREPLSession(extension_paths=[str(ext)], ml_module_paths=[str(mls)], **kwargs)  # type: ignore[arg-type]
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        if session.dev_mode:
            session.set_dev_mode(False)  # stops the tracemalloc development mode started
        session.close()


@pytest.fixture
def ext_dir(tmp_path: Path) -> Path:
    return tmp_path / "ext"


@pytest.fixture
def ml_dir(tmp_path: Path) -> Path:
    return tmp_path / "mls"


def run(session: MLREPLSession, text: str) -> str | None:
    result = session.execute(text)
    assert result.error is None, result.error
    return result.echo


# -- .devmode ------------------------------------------------------------------------------------

def test_toggle_dev_mode_wording(make_session: Callable[..., MLREPLSession]) -> None:
    session = make_session()
    on = session.toggle_dev_mode()
    assert on[0] is True and "ENABLED" in on[1]
    assert session.registry.performance_mode
    off = session.toggle_dev_mode()
    assert off[0] is False and "DISABLED" in off[1]
    assert not session.registry.performance_mode
    assert session.execute(".devmode").success is True


@pytest.mark.parametrize("value", ["1", "true", "yes", "TRUE"])
def test_dev_mode_env_turns_it_on_at_start(make_session: Callable[..., MLREPLSession],
                                          monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("MLPY_DEV_MODE", value)
    session = make_session()
    assert session.dev_mode
    assert session.get_performance_summary()[0] is True


def test_dev_mode_env_other_values_leave_it_off(make_session: Callable[..., MLREPLSession],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPY_DEV_MODE", "0")
    assert not make_session().dev_mode


@pytest.fixture
def no_host_tracing() -> Iterator[None]:
    """Tests that check whether development mode started tracemalloc need it off around them."""
    import tracemalloc

    if tracemalloc.is_tracing():
        pytest.skip("tracemalloc is already running (e.g. pytest -X tracemalloc)")
    yield
    tracemalloc.stop()


def test_devmode_is_timings_and_trace_is_asked_for(make_session: Callable[..., MLREPLSession],
                                                   no_host_tracing: None) -> None:
    import tracemalloc

    from mlpy.devmode import messages

    session = make_session()
    assert session.toggle_dev_mode() == (True, messages.DEV_MODE_ENABLED)
    assert session.dev_mode and session.registry.performance_mode
    assert not session.registry.memory_tracing and not tracemalloc.is_tracing()
    assert session.toggle_dev_mode("trace") == (True, messages.DEV_MODE_ENABLED_TRACE)
    assert session.registry.memory_tracing and tracemalloc.is_tracing()
    result = session.execute(".devmode off")
    assert (result.success, result.message) == (False, messages.DEV_MODE_DISABLED)
    assert not session.registry.performance_mode and not tracemalloc.is_tracing()
    result = session.execute(".devmode on")
    assert result.success is True and result.message.startswith("Development mode ENABLED (load timings)")
    assert not tracemalloc.is_tracing()


def test_devmode_refuses_unknown_words(make_session: Callable[..., MLREPLSession]) -> None:
    session = make_session()
    assert session.toggle_dev_mode("turbo") == (
        False, "Usage: .devmode [on|trace|off]\n"
               "  (no argument toggles; on = load timings only, trace = timings + allocation tracing)")


def test_help_documents_the_levels(make_session: Callable[..., MLREPLSession]) -> None:
    help_text = make_session().execute(".help").message
    assert "  .devmode [on|trace|off]  toggle development mode (load timings);" in help_text
    assert '"trace": also trace allocations (slower loads), "off": off' in help_text
    assert "  .memreport [--trace]     memory used by each loaded module (--trace: start tracing" in help_text


# -- .reload -------------------------------------------------------------------------------------------

def test_reload_usage_and_unknown_module(make_session: Callable[..., MLREPLSession]) -> None:
    session = make_session()
    assert session.reload_module("") == (False, "Usage: .reload <module>\nExample: .reload math")
    assert session.execute(".reload").message == "Usage: .reload <module>\nExample: .reload math"
    assert session.reload_module("nosuch") == (False, "Module 'nosuch' not found")


def test_reload_extension_updates_every_kind_of_old_reference(
        make_session: Callable[..., MLREPLSession], ext_dir: Path) -> None:
    (ext_dir / "greet_bridge.py").write_text(GREET_V1)
    session = make_session()
    run(session, "import greet; m = greet; f = greet.hello; cbs = [greet.hello]; "
                 "obj = {cb: greet.hello}; c = greet.counter(); b = greet.bye;")
    assert run(session, "c.inc()") == "=> 1"
    (ext_dir / "greet_bridge.py").write_text(GREET_V2)
    ok, message = session.reload_module("greet")
    assert ok, message
    assert re.fullmatch(r"✓ Reloaded module: greet \(\d+\.\d ms\)", message)
    assert run(session, 'f("a")') == '=> "HELLO a"'
    assert run(session, 'm.hello("b")') == '=> "HELLO b"'
    assert run(session, 'cbs[0]("c")') == '=> "HELLO c"'
    assert run(session, 'obj.cb("d")') == '=> "HELLO d"'
    assert run(session, 'greet.hello("e")') == '=> "HELLO e"'
    assert run(session, "c.inc()") == "=> 11"
    result = session.execute('b("x")')
    assert result.error is not None
    assert result.error.splitlines()[0] == (
        f"<repl-{session._entry_count}>:1:1: ReloadError: "
        "function 'bye' was removed from module 'greet' by a reload")


def test_references_keep_following_repeated_reloads(make_session: Callable[..., MLREPLSession],
                                                     ext_dir: Path) -> None:
    source = ext_dir / "greet_bridge.py"
    source.write_text(GREET_V1)
    session = make_session()
    run(session, "import greet; f = greet.hello;")
    for word in ("one", "two", "three"):
        source.write_text(GREET_V1.replace('"hello "', f'"{word} "'))
        assert session.reload_module("greet")[0]
        assert run(session, 'f("x")') == f'=> "{word} x"'


HELLO_LINE = GREET_V1.splitlines().index('        return "hello " + who') + 1


@pytest.mark.parametrize("broken, where", [
    (GREET_V1.replace('return "hello " + who', 'return ("hello " + who'), f":{HELLO_LINE}:16: "),
    (GREET_V1 + "\nraise ValueError('bad import')\n", f":{len(GREET_V1.splitlines()) + 2}:"),
], ids=["syntax-error", "exception-at-import"])
def test_failed_reload_keeps_the_old_version(make_session: Callable[..., MLREPLSession], ext_dir: Path,
                                             broken: str, where: str) -> None:
    source = ext_dir / "greet_bridge.py"
    source.write_text(GREET_V1)
    session = make_session()
    run(session, "import greet; f = greet.hello;")
    source.write_text(broken)
    ok, message = session.reload_module("greet")
    assert ok is False
    lines = message.splitlines()
    assert lines[0] == "✗ Failed to reload greet:"
    assert lines[1].startswith(f"  {source}{where}")
    assert run(session, 'f("a")') == '=> "hello a"'
    assert run(session, 'greet.bye("a")') == '=> "bye a"'


def test_reload_ml_module_in_place(make_session: Callable[..., MLREPLSession], ml_dir: Path) -> None:
    (ml_dir / "utils.ml").write_text(UTILS_V1)
    session = make_session()
    run(session, "import utils; d = utils.double; g = utils.gone; h = {cb: utils.double}; u = utils;")
    assert run(session, "d(4)") == "=> 8"
    (ml_dir / "utils.ml").write_text(UTILS_V2)
    ok, message = session.reload_module("utils")
    assert ok, message
    assert run(session, "d(4)") == "=> 13"
    assert run(session, "h.cb(4)") == "=> 13"
    assert run(session, "u.double(4)") == "=> 13"
    assert run(session, "utils.factor") == "=> 3"
    result = session.execute("g(1)")
    assert result.error is not None
    assert "function 'gone' was removed from module 'utils' by a reload" in result.error.splitlines()[0]


def test_failed_ml_reload_reports_position_and_keeps_old(make_session: Callable[..., MLREPLSession],
                                                         ml_dir: Path) -> None:
    source = ml_dir / "utils.ml"
    source.write_text(UTILS_V1)
    session = make_session()
    run(session, "import utils; d = utils.double;")
    source.write_text("factor = 3;\nfunction double(x) { return x * factor }\n")
    ok, message = session.reload_module("utils")
    assert not ok
    assert message.splitlines()[:2] == [
        "✗ Failed to reload utils:",
        f"  {source}:2:40: SyntaxError: expected ';' after the statement",
    ]
    assert run(session, "d(4)") == "=> 8"
    assert run(session, "utils.factor") == "=> 2"


# -- .reloadall / .refresh --------------------------------------------------------------------------

def test_reload_all(make_session: Callable[..., MLREPLSession], ext_dir: Path, ml_dir: Path) -> None:
    session = make_session()
    assert session.reload_all_modules() == (True, "No modules currently loaded")
    (ext_dir / "greet_bridge.py").write_text(GREET_V1)
    (ml_dir / "utils.ml").write_text(UTILS_V1)
    run(session, "import greet; import utils;")
    assert session.reload_all_modules() == (True, "Reloaded 2/2 modules\n  ✓ greet\n  ✓ utils")
    (ml_dir / "utils.ml").write_text("oops(")
    assert session.reload_all_modules() == (False, "Reloaded 1/2 modules\n  ✓ greet\n  ✗ utils")


def test_refresh(make_session: Callable[..., MLREPLSession], ext_dir: Path) -> None:
    session = make_session()
    total = len(session.registry.get_all_module_names())
    ok, message = session.refresh_modules()
    assert ok and message.splitlines()[:2] == ["Refreshed module list", f"Total modules: {total}"]
    (ext_dir / "greet_bridge.py").write_text(GREET_V1)
    assert session.execute(".refresh").message.splitlines()[1] == f"Total modules: {total + 1}"


# -- .perfmon ---------------------------------------------------------------------------------------------

def test_perfmon_off_and_on(make_session: Callable[..., MLREPLSession], ext_dir: Path) -> None:
    session = make_session()
    assert session.get_performance_summary() == (
        False, "Performance monitoring not enabled. Use .devmode to enable it.")
    session.toggle_dev_mode()
    (ext_dir / "greet_bridge.py").write_text(GREET_V1)
    run(session, "import greet;")
    session.reload_module("greet")
    ok, message = session.get_performance_summary()
    assert ok
    lines = message.splitlines()
    assert lines[0] == "Performance Summary"
    assert any(line.startswith("Total scans: ") for line in lines)
    assert any(re.fullmatch(r"Total loads: [12]", line) for line in lines)
    assert any(line.startswith("Avg load time: ") and line.endswith(" ms") for line in lines)
    slowest = lines.index("Slowest loads:")
    assert lines[slowest + 1].split()[0] == "greet"
    counts = lines.index("Reload counts:")
    assert lines[counts + 1].split() == ["greet", "1"]


def test_slow_load_warning_is_shown_as_a_notice(make_session: Callable[..., MLREPLSession],
                                                ext_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPY_SLOW_LOAD_MS", "20")
    (ext_dir / "slow_bridge.py").write_text(
        "import time\n" + GREET_V1.replace('name="greet"', 'name="slow"').replace("greet = Greet()",
                                                                                 "time.sleep(0.05)\nslow = Greet()"))
    (ext_dir / "fast_bridge.py").write_text(GREET_V1.replace('name="greet"', 'name="fast"')
                                            .replace("greet = Greet()", "fast = Greet()"))
    notices: list[str] = []
    session = make_session(notify=notices.append)
    session.toggle_dev_mode()
    run(session, "import fast;")
    assert not any("Slow" in n for n in notices)
    run(session, "import slow;")
    slow = [n for n in notices if "Slow" in n]
    assert len(slow) == 1 and slow[0].startswith("⚠ Slow module load: slow took ")


# -- .memreport ---------------------------------------------------------------------------------------------

def test_memreport_without_modules(make_session: Callable[..., MLREPLSession]) -> None:
    assert make_session().get_memory_report() == (True, "No modules currently loaded")


def test_memreport_grows_with_module_data(make_session: Callable[..., MLREPLSession], ext_dir: Path) -> None:
    (ext_dir / "greet_bridge.py").write_text(GREET_V1)
    (ext_dir / "big_bridge.py").write_text(
        GREET_V1.replace('name="greet"', 'name="big"').replace(
            "greet = Greet()", "big = Greet()\nbig.table = ['x' * 100 + str(i) for i in range(100_000)]"))
    session = make_session()
    session.toggle_dev_mode()
    run(session, "import greet; import big;")
    ok, message = session.get_memory_report()
    assert ok
    lines = message.splitlines()
    assert lines[0] == "Memory Report"
    assert "Total loaded modules: 2" in lines
    total = next(line for line in lines if line.startswith("Total memory: "))
    assert re.fullmatch(r"Total memory: \d+\.\d\d MB", total)
    assert float(total.split()[2]) >= 10.0
    sizes = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("  ")}
    assert sizes["big"][1] == "MB" and float(sizes["big"][0]) >= 10.0
    assert sizes["greet"][1] == "KB"
    assert any(line.startswith("Process RSS: ") for line in lines)


def test_memreport_with_timings_only_gives_deep_sizes(make_session: Callable[..., MLREPLSession],
                                                     ext_dir: Path, no_host_tracing: None) -> None:
    (ext_dir / "greet_bridge.py").write_text(GREET_V1)
    (ext_dir / "big_bridge.py").write_text(
        GREET_V1.replace('name="greet"', 'name="big"').replace(
            "greet = Greet()", "big = Greet()\nbig.table = ['x' * 100 + str(i) for i in range(100_000)]"))
    session = make_session()
    session.toggle_dev_mode("timings")
    run(session, "import greet; import big;")
    ok, message = session.get_memory_report()
    assert ok
    lines = message.splitlines()
    sizes = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("  ")}
    assert sizes["big"][1] == "MB" and float(sizes["big"][0]) >= 10.0
    assert sizes["big"][2:5] == ["retained", "not", "traced"] and sizes["big"][5] == "deep"
    assert sizes["greet"][1] == "KB"
    assert any(line.startswith("Process RSS: ") for line in lines)
    assert lines[-1].startswith("Retained bytes not traced")


def test_memreport_with_memory_tracing_gives_retained_bytes(make_session: Callable[..., MLREPLSession],
                                                            ext_dir: Path, no_host_tracing: None) -> None:
    (ext_dir / "greet_bridge.py").write_text(GREET_V1)
    (ext_dir / "big_bridge.py").write_text(
        GREET_V1.replace('name="greet"', 'name="big"').replace(
            "greet = Greet()", "big = Greet()\nbig.table = ['x' * 100 + str(i) for i in range(100_000)]"))
    session = make_session()
    session.toggle_dev_mode("trace")
    run(session, "import greet; import big;")
    lines = session.get_memory_report()[1].splitlines()
    sizes = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("  ")}
    assert sizes["big"][2] == "retained" and sizes["big"][4] == "MB" and float(sizes["big"][3]) >= 10.0
    assert sizes["greet"][2] == "retained" and sizes["greet"][4] == "KB"
    assert not any(line.startswith("Retained bytes not traced") for line in lines)


# -- .watch ----------------------------------------------------------------------------------------------

def wait_for(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def test_watch_messages(make_session: Callable[..., MLREPLSession], ext_dir: Path) -> None:
    session = make_session()
    assert session.watch([]) == (False, "No modules currently loaded")
    assert session.watch(["nosuch"]) == (False, "Module 'nosuch' not found")
    assert session.unwatch() == (False, "Not watching any modules")
    source = ext_dir / "greet_bridge.py"
    source.write_text(GREET_V1)
    run(session, "import greet;")
    assert session.watch(["greet"]) == (True, f"Watching 1 module for changes:\n  greet: {source}")
    assert session.unwatch() == (True, "Stopped watching modules")


def test_watch_reloads_on_save_and_reports_errors(make_session: Callable[..., MLREPLSession],
                                                  ext_dir: Path) -> None:
    source = ext_dir / "greet_bridge.py"
    source.write_text(GREET_V1)
    notices: list[str] = []
    session = make_session(notify=notices.append)
    run(session, "import greet; f = greet.hello;")
    assert session.execute(".watch").success
    source.write_text(GREET_V2)
    wait_for(lambda: len(notices) >= 1)
    assert re.fullmatch(r"↻ greet reloaded in \d+ ms", notices[0])
    assert run(session, 'f("w")') == '=> "HELLO w"'
    source.write_text(GREET_V2.replace('return "HELLO " + who', 'return ("HELLO " + who'))
    wait_for(lambda: len(notices) >= 2)
    assert notices[1].startswith(f"✗ greet reload failed (old version kept): {source}:")
    assert run(session, 'f("w")') == '=> "HELLO w"'
    time.sleep(0.5)
    assert len(notices) == 2


def test_auto_watch_picks_up_modules_loaded_later(make_session: Callable[..., MLREPLSession],
                                                  ml_dir: Path) -> None:
    source = ml_dir / "utils.ml"
    source.write_text(UTILS_V1)
    notices: list[str] = []
    session = make_session(notify=notices.append)
    session.start_auto_watch()
    run(session, "import utils; d = utils.double;")
    source.write_text(UTILS_V2)
    wait_for(lambda: bool(notices))
    assert notices[0].startswith("↻ utils reloaded in ")
    assert run(session, "d(1)") == "=> 4"


def test_module_state_is_shared_by_old_and_new_references(make_session: Callable[..., MLREPLSession],
                                                          ml_dir: Path) -> None:
    source = ml_dir / "tally.ml"
    source.write_text("count = 0;\nfunction inc() { nonlocal count; count += 1; return count; }\n")
    session = make_session()
    run(session, "import tally; old_inc = tally.inc; old_inc();")
    source.write_text("count = 100;\nfunction inc() { nonlocal count; count += 2; return count; }\n")
    assert session.reload_module("tally")[0]
    assert run(session, "old_inc()") == "=> 102"
    assert run(session, "tally.inc()") == "=> 104"
    assert run(session, "tally.count") == "=> 104"


def test_watch_adds_and_unwatch_removes_one(make_session: Callable[..., MLREPLSession], ext_dir: Path,
                                            ml_dir: Path) -> None:
    (ext_dir / "greet_bridge.py").write_text(GREET_V1)
    (ml_dir / "utils.ml").write_text(UTILS_V1)
    session = make_session()
    run(session, "import greet; import utils;")
    greet_file, utils_file = str(ext_dir / "greet_bridge.py"), str(ml_dir / "utils.ml")
    assert session.watch(["greet"]) == (True, f"Watching 1 module for changes:\n  greet: {greet_file}")
    assert session.watch(["utils"]) == (True, f"Watching 1 module for changes:\n  utils: {utils_file}")
    assert session.watched_modules() == {"greet": greet_file, "utils": utils_file}
    assert session.execute(".unwatch nosuch").message == (
        "Module 'nosuch' is not being watched (watched: greet, utils)")
    assert session.execute(".unwatch greet").message == "Stopped watching greet; still watching utils"
    assert session.watched_modules() == {"utils": utils_file}
    assert session.execute(".unwatch utils").message == "Stopped watching utils"
    assert session.watched_modules() == {}
    assert session.execute(".unwatch").message == "Not watching any modules"


def test_memreport_trace_starts_tracing_and_says_so(make_session: Callable[..., MLREPLSession],
                                                    no_host_tracing: None) -> None:
    import tracemalloc

    from mlpy.devmode import messages

    session = make_session()
    run(session, "import math;")
    assert not tracemalloc.is_tracing()
    first = session.execute(".memreport --trace")
    assert first.success and first.message.splitlines()[0] == messages.TRACING_STARTED
    assert session.registry.memory_tracing and tracemalloc.is_tracing()
    again = session.execute(".memreport --trace").message
    assert again.splitlines()[0] != messages.TRACING_STARTED  # said once, when it started
    assert session.execute(".memreport --bogus").message == messages.MEMREPORT_USAGE
    session.set_dev_mode(False)
    assert not tracemalloc.is_tracing()
