"""What crosses from the host into ML is plain data: no host method runs inside an ML run.

``inputs={...}`` and the arguments of ``result.call`` are converted at the boundary. A subclass of
``str``/``int``/``float`` (a ``str`` subclass, an ``IntEnum``) passes an ``isinstance`` test but
carries its own methods: left as it is, ``len(x)``, ``x + "!"`` or ``n * 2`` in ML would run the
host's Python code and could answer anything. ML must get the exact plain value instead.
"""

from __future__ import annotations

import enum
from pathlib import Path

import pytest

import mlpy


class TrickyText(str):
    def __str__(self) -> str:
        return "PWNED-str"

    def __add__(self, other: object) -> str:
        return "PWNED-add"

    def __len__(self) -> int:
        return 999


class TrickyNumber(int):
    def __str__(self) -> str:
        return "PWNED-int"

    def __mul__(self, other: object) -> str:
        return "PWNED-mul"


class Colour(enum.IntEnum):
    RED = 3


def test_inputs_of_str_and_int_subclasses_reach_ml_as_plain_values() -> None:
    result = mlpy.run('a = x + "!"; b = str(x); c = len(x); e = n * 2; f = "" + n; g = c2 * 2; '
                      'k = keys(o)[0] + "";',
                      inputs={"x": TrickyText("hi"), "n": TrickyNumber(7), "c2": Colour.RED,
                              "o": {TrickyText("key"): 1}})
    values = {name: result.globals[name] for name in "abcefgk"}
    assert values == {"a": "hi!", "b": "hi", "c": 2, "e": 14, "f": "7", "g": 6, "k": "key"}
    assert type(result.globals["x"]) is str and type(result.globals["n"]) is int
    assert type(result.globals["c2"]) is int


def test_result_call_arguments_are_plain_values() -> None:
    result = mlpy.run("function twice(v) { return [v * 2, typeof(v), len(str(v))]; }", timeout=5)
    assert result.call("twice", TrickyNumber(4), timeout=5) == [8, "number", 1]


class TrickyObject(dict):
    secret = "HOST-SECRET"

    def __getitem__(self, key: object) -> str:
        return "PWNED-getitem"

    def hook(self) -> str:
        return "PWNED-hook"


class HostGadget:
    secret = "HOST-SECRET"

    def hook(self) -> str:
        return "PWNED-hook"


PROBE_FUNCTIONS = """function text(v) { return [len(v), v + "!", str(v), typeof(v), v]; }
function obj(v) { return [v["a"], v.a, keys(v), v.secret]; }
function poke(v) { return v.hook(); }
function apply(g) { return g(); }
handlers = {"text": text, "obj": obj, "poke": poke, "apply": apply};
"""


def test_a_function_from_result_globals_gets_plain_values_from_the_host() -> None:
    """A host calling an ML function it got from ``result.globals`` (top level or nested) passes its
    arguments through the same boundary as ``result.call``: ML must not run a host method of a
    ``str``/``dict`` subclass, reach an attribute of a host object, or call a host function."""
    result = mlpy.run(PROBE_FUNCTIONS, timeout=5)
    for functions in (result.globals, result.globals["handlers"]):
        got = functions["text"](TrickyText("hi"))
        assert got == [2, "hi!", "hi", "string", "hi"] and type(got[4]) is str
        got = functions["obj"](TrickyObject(a=1))
        assert got == [1, 1, ["a"], None]
        with pytest.raises(mlpy.MLError, match="has no function 'hook'"):
            functions["poke"](TrickyObject(a=1))  # the dict subclass's method is not there
        with pytest.raises(mlpy.MLError, match="'string' has no member 'hook'"):
            functions["poke"](TrickyText("hi"))
        with pytest.raises(TypeError, match=r"^argument 1 of poke\(\): a Python HostGadget cannot be passed"):
            functions["poke"](HostGadget())
        with pytest.raises(TypeError, match=r"^argument 1 of apply\(\): a Python function cannot be passed"):
            functions["apply"](HostGadget().hook)


def test_functions_in_a_caught_error_object_get_plain_values_from_the_host() -> None:
    result = mlpy.run(PROBE_FUNCTIONS + "saved = null;\n"
                      "try { throw {\"message\": \"m\", \"text\": text, \"poke\": poke}; } except (e) { saved = e; }\n")
    fields = result.globals["saved"].fields
    assert fields["text"](TrickyText("hi")) == [2, "hi!", "hi", "string", "hi"]
    with pytest.raises(TypeError, match=r"^argument 1 of poke\(\): a Python HostGadget cannot be passed"):
        fields["poke"](HostGadget())


def test_a_source_string_cannot_import_ml_files_from_the_hosts_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``mlpy.run(source)`` has no program directory: its imports must not search the host's current
    directory, where another tenant's script or the host's own ``.ml`` files may lie (importing one
    runs it and reads its globals without any read grant)."""
    (tmp_path / "tenant_a_job.ml").write_text('token = "TOP-SECRET-A";\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(mlpy.MLError) as caught:
        mlpy.run("import tenant_a_job; x = tenant_a_job.token;")
    assert caught.value.kind == "ImportError"
    assert "No module named 'tenant_a_job'" in str(caught.value)
    # a program file's own directory still works, and so do the ML module paths the host gives
    assert mlpy.run("import tenant_a_job; x = tenant_a_job.token;",
                    filename=str(tmp_path / "prog.ml")).globals["x"] == "TOP-SECRET-A"
    assert mlpy.run("import tenant_a_job; x = tenant_a_job.token;",
                    ml_module_paths=[str(tmp_path)]).globals["x"] == "TOP-SECRET-A"


SHARED_DATA_BRIDGE = '''
from mlpy.stdlib.decorators import ml_function, ml_module


@ml_module(name="shared", description="Exports mutable data", constants=["conf"])
class Shared:
    conf = {"a": 1}

    def __init__(self):
        self.items = [1, 2]

    @ml_function(description="The items as the extension sees them")
    def seen(self):
        return [self.items, self.conf]


shared = Shared()
'''


def test_exported_arrays_and_objects_do_not_carry_one_run_into_the_next(tmp_path: Path) -> None:
    """An extension module object is shared by every run of the process: data it exports is
    handed to each read as a copy, so a run changing it reaches neither the extension nor the
    next run (a tenant must not leave data behind for another)."""
    (tmp_path / "shared_bridge.py").write_text(SHARED_DATA_BRIDGE, encoding="utf-8")
    attack = ("import shared;\na = shared.items;\na[0] = 99;\nb = shared.conf;\nb.evil = true;\n"
              "shared.items.append(3);\n")
    probe = "import shared;\nfirst = shared.items;\nconf = shared.conf;\nseen = shared.seen();\n"
    mlpy.run(attack, extension_paths=[str(tmp_path)])
    after = mlpy.run(probe, extension_paths=[str(tmp_path)]).globals
    assert after["first"] == [1, 2]
    assert after["conf"] == {"a": 1}
    assert after["seen"] == [[1, 2], {"a": 1}]
