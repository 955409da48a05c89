"""``RunResult``: every ML function the host can reach behaves like the run it came from.

Top-level functions, functions nested at any depth in arrays and objects, and functions returned
by a host call all run under the run's output, grants and error positions, with limits per call
through ``result.call``, and charge their steps to a scope of their own -- never to another run
active at the same time, in the same thread or another one.
"""

from __future__ import annotations

import copy
import io
import pickle
import sys
import threading
import types
from pathlib import Path

import pytest

import mlpy
from mlpy.engine.result import HostFunction, HostIterator, HostModule
from mlpy.engine.values import UnpicklableMLFunction, UnpicklableMLModule

NESTED = """import file;
function greet(n) { print("hi " + n); return n; }
function peek() { return file.read(path); }
handlers = {"greet": greet, "peek": peek, "more": [{"deep": fn(x) => x / 0}]};
arr = [fn(x) => x * 2, greet];
function count(n) { s = 0; for (i in range(n)) { s = s + i; } return s; }
function inner(y) { print("nested " + str(y)); return [fn(z) => z + y, {"again": greet}]; }
function maker() { return {"f": inner, "data": [1, 2]}; }
"""


def nested_run(tmp_path: Path, **options: object) -> tuple[mlpy.RunResult, io.StringIO]:
    secret = tmp_path / "secret.txt"
    secret.write_text("granted", encoding="utf-8")
    out = io.StringIO()
    result = mlpy.run(NESTED, filename="nested.ml", stdout=out, inputs={"path": str(secret)},
                      capabilities=[f"read:{secret}"], **options)
    return result, out


def test_functions_in_arrays_and_objects_print_to_the_runs_output(tmp_path, capsys):
    result, out = nested_run(tmp_path)
    assert result.globals["handlers"]["greet"]("ann") == "ann"
    assert result.globals["arr"][1]("bob") == "bob"
    assert out.getvalue() == "hi ann\nhi bob\n"
    assert capsys.readouterr().out == ""  # never the host's own stdout


def test_a_nested_function_runs_under_the_runs_grants(tmp_path):
    result, _ = nested_run(tmp_path)
    assert result.globals["handlers"]["peek"]() == "granted"
    denied = mlpy.run(NESTED, filename="nested.ml", inputs={"path": "/etc/hostname"})
    with pytest.raises(mlpy.MLCapabilityError) as info:
        denied.globals["handlers"]["peek"]()
    assert (info.value.filename, info.value.line, info.value.column) == ("nested.ml", 3, 26)


def test_errors_of_deeply_nested_functions_carry_ml_positions(tmp_path):
    result, _ = nested_run(tmp_path)
    with pytest.raises(mlpy.MLRuntimeError) as info:
        result.globals["handlers"]["more"][0]["deep"](1)
    assert info.value.format().splitlines()[0] == "nested.ml:4:70: ZeroDivisionError: division by zero"


def test_returned_arrays_and_objects_hold_wrapped_functions(tmp_path):
    result, out = nested_run(tmp_path)
    made = result.globals["maker"]()
    assert isinstance(made["f"], HostFunction)
    add, again = made["f"](10)
    assert add(5) == 15 and again["again"]("cy") == "cy"
    called = result.call("maker")["f"](1)
    assert called[0](1) == 2
    assert out.getvalue() == "nested 10\nhi cy\nnested 1\n"


def test_one_function_gets_one_wrapper_wherever_it_sits(tmp_path):
    result, _ = nested_run(tmp_path)
    greet = result.globals["greet"]
    assert result.globals["handlers"]["greet"] is greet and result.globals["arr"][1] is greet


def test_plain_data_is_not_copied(tmp_path):
    result = mlpy.run("data = [[1, 2], {\"a\": 3}];\nholder = {\"data\": data, \"f\": fn() => 1};\n")
    assert result.globals["holder"]["data"] is result.globals["data"]
    assert isinstance(result.globals["holder"]["f"], HostFunction)


def test_a_function_added_to_an_object_of_plain_values_later_is_wrapped():
    result = mlpy.run('o = {"a": 1, "b": "x"};\nrows = [o, {"c": 2}];\no.f = fn() => 3;\n')
    assert isinstance(result.globals["rows"][0]["f"], HostFunction) and result.globals["rows"][0]["f"]() == 3
    assert result.globals["rows"][1] == {"c": 2}


def test_nested_functions_take_per_call_limits_through_result_call(tmp_path):
    result, out = nested_run(tmp_path, max_steps=10**6)
    nested = result.globals["handlers"]["greet"]
    assert result.call(nested, "dee", max_steps=50) == "dee"
    assert out.getvalue() == "hi dee\n"
    counter = mlpy.run(NESTED, inputs={"path": "x"}, max_steps=10**6)
    spin = counter.globals["arr"][0]
    with pytest.raises(TypeError, match="not an ML function of this run"):
        result.call(spin, 1)  # a function of another run
    holder = mlpy.run("h = [fn(n) => count(n)];\n" + NESTED, inputs={"path": "x"}, max_steps=10**6)
    with pytest.raises(mlpy.MLLimitError):
        holder.call(holder.globals["h"][0], 10_000, max_steps=100)
    assert holder.call(holder.globals["h"][0], 10, max_steps=100) == 45


def test_shared_and_cyclic_data_convert_once():
    result = mlpy.run("function f(x) { return x + 1; }\n"
                      "a = [f]; for (i in range(80)) { a = [a, a]; }\n"  # 2**80 paths to f
                      "c = [f]; c.append(c); o = {\"self\": null, \"f\": f}; o.self = o;\n")
    a = result.globals["a"]
    for _ in range(80):
        assert a[0] is a[1]
        a = a[0]
    assert a[0](1) == 2 and a[0] is result.globals["f"]
    c, o = result.globals["c"], result.globals["o"]
    assert c[1] is c and c[0](2) == 3
    assert o["self"] is o and o["f"] is result.globals["f"]


def test_data_nested_deeper_than_pythons_recursion_limit_converts():
    depth = sys.getrecursionlimit() * 3
    result = mlpy.run(f"a = [fn() => 7]; for (i in range({depth})) {{ a = [a]; }}")
    a = result.globals["a"]
    for _ in range(depth):
        a = a[0]
    assert a[0]() == 7


def test_nested_functions_pickle_as_markers(tmp_path):
    result, _ = nested_run(tmp_path)
    copy = pickle.loads(pickle.dumps(result))
    assert copy.globals["handlers"]["greet"] == UnpicklableMLFunction("greet")
    assert copy.globals["arr"][0] == UnpicklableMLFunction("(anonymous)")
    with pytest.raises(TypeError, match="did not survive pickling"):
        copy.call(copy.globals["handlers"]["peek"])


def test_a_function_handed_back_to_its_own_run_is_a_plain_call():
    out = io.StringIO()
    result = mlpy.run("function apply(g, x) { return g(x) + 1; }\nfs = [fn(x) => x * 3];", stdout=out)
    assert result.globals["apply"](result.globals["fs"][0], 2) == 7


class LoudText(str):
    def __len__(self) -> int:
        return 999

    def upper(self) -> str:
        return "HOST-UPPER"


class LoudDict(dict):
    def __getitem__(self, key: object) -> str:
        return "HOST-GET"


class Gadget:
    secret = "HOST-SECRET"


PROBE = ("function probe(v) { return [typeof(v), v]; }\n"
         "function measure(s) { return [len(s), s.upper(), s + \"!\"]; }\n"
         "function field(o) { return [o[\"a\"], o.a, keys(o)]; }\n"
         "box = {\"probe\": probe, \"measure\": measure, \"field\": field};\n")


def outcome(call, *args):
    """What a call gives: its value, with the exact types of plain values, or its error's type and text."""
    try:
        value = call(*args)
    except (TypeError, mlpy.MLError) as error:
        return ("error", type(error).__name__, str(error))
    return ("value", value, [type(item) for item in value])


@pytest.mark.parametrize(("name", "argument", "expected"), [
    ("measure", LoudText("ab"), ("value", [2, "AB", "ab!"], [int, str, str])),
    ("probe", LoudText("ab"), ("value", ["string", "ab"], [str, str])),
    ("field", LoudDict(a=1), ("value", [1, 1, ["a"]], [int, int, list])),
    ("probe", LoudDict(a=LoudText("x")), ("value", ["object", {"a": "x"}], [str, dict])),
    ("probe", Gadget(), ("error", "TypeError", "argument 1 of probe(): a Python Gadget cannot be passed to ML "
                         "(plain data only: None, bool, int, float, str, list, tuple, dict with str keys)")),
    ("probe", [len], ("error", "TypeError", "argument 1 of probe()[0]: a Python function cannot be passed to "
                      "ML (plain data only: None, bool, int, float, str, list, tuple, dict with str keys)")),
])
def test_a_wrapped_function_converts_its_arguments_as_result_call_does(name, argument, expected):
    result = mlpy.run(PROBE, timeout=5)
    assert outcome(result.globals[name], argument) == expected
    assert outcome(result.globals["box"][name], argument) == expected
    assert outcome(lambda value: result.call(name, value), argument) == expected


def test_a_host_callable_never_reaches_a_wrapped_function():
    result = mlpy.run("function apply(g) { return g(2); }\nbox = [apply];")
    calls = []

    def spy(n):
        calls.append(n)
        return n

    for call in (result.globals["apply"], result.globals["box"][0], lambda g: result.call("apply", g)):
        with pytest.raises(TypeError, match=r"^argument 1 of apply\(\): a Python function cannot be passed"):
            call(spy)
    assert calls == []


def test_only_functions_of_the_called_run_go_back_into_it():
    result = mlpy.run("function apply(g, x) { return g(x) + 1; }\nfs = [fn(x) => x * 3];")
    own = result.globals["fs"][0]
    assert result.call("apply", own, 2) == 7 == result.globals["apply"](own, 2)
    other = mlpy.run("fs = [fn(x) => x * 5];").globals["fs"][0]
    for call in (result.globals["apply"], lambda g, x: result.call("apply", g, x)):
        with pytest.raises(TypeError, match=r"^argument 1 of apply\(\): an ML function of another run cannot"):
            call(other, 2)


CAUGHT = """function greet(n) { print("hi " + n); return n; }
saved = null; plain = null;
try { throw {"message": "boom", "f": greet, "more": {"g": fn(x) => x * 2}}; } except (e) { saved = e; e.me = e; }
try { x = 1 / 0; } except (e2) { e2.k = [greet]; listed = [e2]; }
try { throw "plain"; } except (e3) { plain = e3; }
"""


def test_functions_in_caught_error_objects_are_wrapped():
    out = io.StringIO()
    result = mlpy.run(CAUGHT, filename="caught.ml", stdout=out)
    saved, listed = result.globals["saved"], result.globals["listed"][0]
    assert (saved.type, saved.message, saved.fields["line"]) == ("Error", "boom", 3)
    assert saved.fields["f"] is result.globals["greet"] and saved.fields["me"] is saved
    assert isinstance(saved.fields["more"]["g"], HostFunction) and saved.fields["more"]["g"](4) == 8
    assert listed.type == "ZeroDivisionError" and listed.fields["k"][0]("ann") == "ann"
    assert saved.fields["f"]("bob") == "bob" and out.getvalue() == "hi ann\nhi bob\n"
    assert type(saved.fields["f"](LoudText("cy"))) is str and out.getvalue().endswith("hi cy\n")
    with pytest.raises(TypeError, match=r"^argument 1 of greet\(\): a Python Gadget cannot be passed"):
        saved.fields["f"](Gadget())
    plain = result.globals["plain"]
    assert plain.fields == {"type": "Error", "message": "plain", "line": 5, "value": "plain"}
    copy = pickle.loads(pickle.dumps(result))
    assert copy.globals["saved"]["f"] == UnpicklableMLFunction("greet")


def test_module_functions_kept_in_variables_use_the_runs_grants(tmp_path):
    secret = tmp_path / "s.txt"
    secret.write_text("ok", encoding="utf-8")
    result = mlpy.run("import file; r = file.read; box = {\"r\": file.read};",
                      capabilities=[f"read:{secret}"])
    assert result.globals["r"](str(secret)) == "ok"
    assert result.globals["box"]["r"](str(secret)) == "ok"
    with pytest.raises(mlpy.MLCapabilityError):
        result.globals["box"]["r"]("/etc/hostname")


HELPERS = """import file;
function hi(n) { print("hi " + n); return n; }
function peek(p) { return file.read(p); }
limit = 3;
"""


def module_run(tmp_path: Path, source: str, **options: object) -> tuple[mlpy.RunResult, io.StringIO]:
    (tmp_path / "helpers.ml").write_text(HELPERS, encoding="utf-8")
    out = io.StringIO()
    result = mlpy.run(source, filename="main.ml", stdout=out, ml_module_paths=[str(tmp_path)], **options)
    return result, out


def test_a_module_kept_in_a_variable_reaches_the_host_as_a_view_of_wrapped_functions(tmp_path, capsys):
    result, out = module_run(tmp_path, "import helpers; h = helpers; box = {\"m\": [helpers]};")
    view = result.globals["h"]
    assert isinstance(view, HostModule) and repr(view) == "<ML module helpers>"
    assert view is result.globals["helpers"] is result.globals["box"]["m"][0]
    assert isinstance(view["hi"], HostFunction) and view.hi is view["hi"]
    assert (sorted(view), view["limit"], "peek" in view, "file" in view) == (["hi", "limit", "peek"], 3, True, False)
    assert view.hi("ann") == "ann" and result.globals["box"]["m"][0]["hi"]("bob") == "bob"
    assert out.getvalue() == "hi ann\nhi bob\n"
    assert capsys.readouterr().out == ""  # the run's output, never the host's stdout


def test_a_refusal_inside_a_module_function_called_from_the_host_names_the_ml_line(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("granted", encoding="utf-8")
    granted, _ = module_run(tmp_path, "import helpers; h = helpers;", capabilities=[f"read:{secret}"], timeout=5)
    assert granted.globals["h"].peek(str(secret)) == "granted"
    assert granted.call(granted.globals["h"]["peek"], str(secret), max_steps=1000) == "granted"
    denied, _ = module_run(tmp_path, "import helpers; h = helpers;")
    with pytest.raises(mlpy.MLCapabilityError) as info:
        denied.globals["h"]["peek"](str(secret))
    assert (Path(info.value.filename).name, info.value.line, info.value.column) == ("helpers.ml", 3, 27)


def test_the_module_view_is_read_only_and_says_what_is_missing(tmp_path):
    result, _ = module_run(tmp_path, "import helpers; import math; m = math;")
    view = result.globals["helpers"]
    with pytest.raises(AttributeError):
        view.limit = 4
    with pytest.raises(TypeError):
        view["limit"] = 4  # type: ignore[index]
    with pytest.raises(KeyError, match="module 'helpers' has no member 'hii'. Did you mean 'hi'"):
        view["hii"]
    with pytest.raises(AttributeError, match="module 'helpers' has no member 'hii'"):
        getattr(view, "hii")  # noqa: B009 - attribute access is what is tested
    with pytest.raises(AttributeError):
        getattr(view, "_exports")  # noqa: B009 - the module object's own state is not reachable through the view
    assert result.globals["m"]["sqrt"](16) == 4.0 and isinstance(result.globals["m"]["sqrt"], HostFunction)
    assert copy.copy(view) is view and copy.deepcopy({"v": view})["v"] is view  # a view is never a marker in-process


def test_modules_pickle_as_markers_that_explain_themselves(tmp_path):
    result, _ = module_run(tmp_path, "import helpers; import math; h = helpers; box = [math];")
    copy = pickle.loads(pickle.dumps(result))
    assert copy.globals["h"] == UnpicklableMLModule("helpers") and copy.globals["box"] == [UnpicklableMLModule("math")]
    assert copy.globals["h"] is copy.globals["helpers"]  # shared in the result, shared in the copy
    with pytest.raises(TypeError, match="the ML module 'helpers' did not survive pickling"):
        getattr(copy.globals["h"], "hi")  # noqa: B009 - attribute access is what is tested


def test_stdlib_functions_kept_in_variables_run_under_the_runs_grants(tmp_path):
    secret = tmp_path / "s.txt"
    secret.write_text("ok", encoding="utf-8")
    result = mlpy.run("import math; import file; f = math.sqrt; r = file.read;")
    assert isinstance(result.globals["f"], HostFunction) and result.globals["f"](81) == 9.0
    with pytest.raises(mlpy.MLCapabilityError, match="no read grant"):
        result.globals["r"](str(secret))
    assert mlpy.run("import file; r = file.read;", capabilities=[f"read:{secret}"]).globals["r"](str(secret)) == "ok"


def test_string_and_array_methods_kept_in_variables_convert_host_arguments():
    result = mlpy.run('s = "abc"; up = s.upper; items = [1]; add = items.append;')
    up, add = result.globals["up"], result.globals["add"]
    assert isinstance(up, HostFunction) and isinstance(add, HostFunction)
    assert (up(), up.__name__) == ("ABC", "upper")
    add(LoudDict(a=1))
    with pytest.raises(TypeError, match=r"^argument 1 of append\(\): a Python Gadget cannot be passed"):
        add(Gadget())
    assert result.globals["items"] == [1, {"a": 1}] and type(result.globals["items"][1]) is dict
    assert pickle.loads(pickle.dumps(result)).globals["up"] == UnpicklableMLFunction("upper")


def test_an_iterator_kept_in_a_variable_gives_the_host_wrapped_functions(capsys):
    out = io.StringIO()
    result = mlpy.run('function hi(n) { print("hi " + n); return n; } it = iter([1, hi, [hi]]); next(it);',
                      stdout=out)
    it = result.globals["it"]
    assert isinstance(it, HostIterator) and repr(it) == "<ML iterator>" and iter(it) is it
    function, holder = next(it), next(it)
    assert isinstance(function, HostFunction) and holder[0] is function
    assert function("ann") == "ann" and out.getvalue() == "hi ann\n"
    assert capsys.readouterr().out == ""  # the run's output, never the host's own stdout
    with pytest.raises(StopIteration):
        next(it)


def test_the_host_and_the_program_advance_one_iterator():
    result = mlpy.run("it = iter([1, 2, 3, 4]); function take() { return next(it); }")
    it, take = result.globals["it"], result.globals["take"]
    assert (next(it), take(), next(it), take()) == (1, 2, 3, 4)


def test_an_iterator_pickles_as_the_items_it_has_left():
    result = mlpy.run("function f() { return 1; } it = iter([0, f, [f], 3]); next(it); box = [it];")
    copied = pickle.loads(pickle.dumps(result))
    assert copied.globals["box"][0] is copied.globals["it"]
    assert list(copied.globals["it"]) == [UnpicklableMLFunction("f"), [UnpicklableMLFunction("f")], 3]
    assert next(result.globals["it"]) is result.globals["f"]  # pickling took nothing from the program


def test_a_function_used_as_an_object_key_reaches_the_host_wrapped(capsys):
    out = io.StringIO()
    result = mlpy.run('function f() { print("in f"); return 2; } o = {}; o[f] = 1; nest = [o]; '
                      'import file; p = {}; p[file.read] = 2;', stdout=out)
    (key,) = result.globals["o"]
    assert key is result.globals["f"] and result.globals["nest"][0] is result.globals["o"]
    assert key() == 2 and out.getvalue() == "in f\n" and capsys.readouterr().out == ""
    (read,) = result.globals["p"]
    assert isinstance(read, HostFunction)
    with pytest.raises(mlpy.MLCapabilityError):
        read("/etc/hostname")  # under the run's grants: none
    copied = pickle.loads(pickle.dumps(result))
    assert copied.globals["o"] == {UnpicklableMLFunction("f"): 1}


def test_the_builtin_module_kept_in_a_variable_is_a_view():
    result = mlpy.run("b = builtin;")
    view = result.globals["b"]
    assert isinstance(view, HostModule) and repr(view) == "<ML module builtin>"
    assert isinstance(view["len"], HostFunction) and view.len("abc") == 3
    assert pickle.loads(pickle.dumps(result)).globals["b"] == UnpicklableMLModule("builtin")


HOOK_BRIDGE = """from mlpy.stdlib.decorators import ml_module, ml_function
import h6_host_hook

@ml_module(name="hook", description="Calls back into the host")
class Hook:
    @ml_function(description="Run the host's callback", capabilities=[])
    def fire(self, n):
        return h6_host_hook.callback(n)

hook = Hook()
"""


def test_a_nested_function_called_during_another_limited_run_in_the_same_thread(tmp_path, monkeypatch):
    """Run B (limited) calls an extension that calls a nested function of run A: A's steps and
    output stay A's, and B's limits hold again once the call returns."""
    out_a, out_b = io.StringIO(), io.StringIO()
    run_a = mlpy.run("function count(n) { s = 0; for (i in range(n)) { s = s + i; } print(\"a\"); return s; }\n"
                     "jobs = {\"count\": [count]};", stdout=out_a, max_steps=10**9)
    monkeypatch.setitem(sys.modules, "h6_host_hook",
                        types.SimpleNamespace(callback=run_a.globals["jobs"]["count"][0]))
    (tmp_path / "hook_bridge.py").write_text(HOOK_BRIDGE, encoding="utf-8")
    run_b = mlpy.run("import hook;\nr = hook.fire(5000);\n", stdout=out_b, max_steps=200,
                     extension_paths=[str(tmp_path)])
    assert run_b.globals["r"] == sum(range(5000))
    assert run_b.stats.steps is not None and run_b.stats.steps < 50
    assert out_a.getvalue() == "a\n" and out_b.getvalue() == ""
    with pytest.raises(mlpy.MLLimitError):  # B's own limit is in force after the call
        mlpy.run("import hook;\nr = hook.fire(10);\nfor (i in range(1000)) { }\n", stdout=out_b,
                 max_steps=200, extension_paths=[str(tmp_path)])


def test_a_nested_function_called_while_a_limited_run_is_active_in_another_thread(beside_a_busy_run):
    out_a = io.StringIO()
    counter = mlpy.run("function count(n) { s = 0; for (i in range(n)) { s = s + i; } print(n); return s; }\n"
                       "box = {\"inner\": [count]};", stdout=out_a, max_steps=10**9).globals["box"]["inner"][0]
    results, busy_out = beside_a_busy_run(lambda: counter(3_000), 1_000_000)
    assert results == [sum(range(3_000))] * len(results)
    assert out_a.getvalue() == "3000\n" * len(results) and busy_out == ""


def test_result_call_of_a_nested_function_inside_another_limited_run_keeps_both_accounts(tmp_path, monkeypatch):
    """A host callback made during run B calls run A's nested function with limits of its own:
    the call's steps count against its own limit, not B's, and its output is A's."""
    out_a, out_b = io.StringIO(), io.StringIO()
    run_a = mlpy.run("function count(n) { s = 0; for (i in range(n)) { s = s + i; } print(\"a\"); return s; }\n"
                     "jobs = [{\"count\": count}];", stdout=out_a, max_steps=10**9)
    nested = run_a.globals["jobs"][0]["count"]
    monkeypatch.setitem(sys.modules, "h6_host_hook", types.SimpleNamespace(
        callback=lambda n: run_a.call(nested, n, max_steps=n + 100)))
    (tmp_path / "hook_bridge.py").write_text(HOOK_BRIDGE, encoding="utf-8")
    run_b = mlpy.run("import hook;\nr = hook.fire(5000);\n", stdout=out_b, max_steps=200,
                     extension_paths=[str(tmp_path)])
    assert run_b.globals["r"] == sum(range(5000)) and run_b.stats.steps < 50
    assert out_a.getvalue() == "a\n" and out_b.getvalue() == ""
    with pytest.raises(mlpy.MLLimitError):  # the call's own limit: 100 steps are not enough
        run_a.call(nested, 5000, max_steps=100)


def test_result_call_of_a_nested_function_while_another_thread_runs_limited():
    out_a = io.StringIO()
    run_a = mlpy.run("function count(n) { s = 0; for (i in range(n)) { s = s + i; } return s; }\n"
                     "box = {\"inner\": [count]};", stdout=out_a, max_steps=10**9)
    nested = run_a.globals["box"]["inner"][0]
    loops = 1_000_000
    done = threading.Event()
    errors: list[BaseException] = []

    def busy() -> None:
        try:
            mlpy.run(f"for (i in range({loops})) {{ }}", max_steps=loops + 10, timeout=60)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        done.set()

    thread = threading.Thread(target=busy)
    thread.start()
    results = []
    while not done.is_set() or len(results) < 5:
        results.append(run_a.call(nested, 3_000, max_steps=3_100))
    thread.join(60)
    assert not errors, errors
    assert results == [sum(range(3_000))] * len(results)


def test_importing_result_loads_no_runtime_and_a_later_run_still_wraps_everything():
    """A pool's parent imports ``engine.result`` without running ML: the runtime classes the host view
    looks for are looked up once their modules are loaded, not imported by ``result`` itself."""
    probe = (
        "import sys\n"
        "import mlpy.engine.result\n"
        "early = sorted(m for m in ('mlpy.runtime.errors_runtime', 'mlpy.runtime.members', "
        "'mlpy.modules.objects', 'mlpy.runtime.guards') if m in sys.modules)\n"
        "import mlpy\n"
        "r = mlpy.run('import math; s = \"ab\"; up = s.upper; m = math; "
        "try { throw {f: fn(x) => x + 1}; } except (e) { saved = e; }')\n"
        "print(early, type(r.globals['up']).__name__, r.globals['up'](), type(r.globals['m']).__name__, "
        "r.globals['saved'].fields['f'](1))\n")
    import subprocess

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[] HostFunction AB HostModule 2"
