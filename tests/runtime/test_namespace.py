"""The ML global namespace: its ``__builtins__``, the INTERNALS §4 helpers, and the globals view."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from mlpy.compiler.builtin_names import BUILTIN_NAMES
from mlpy.compiler.lowering.base import FAST_TYPE_NAMES
from mlpy.errors import MLImportError, MLLimitError
from mlpy.runtime.errors_runtime import MLErrorObject, MLThrown
from mlpy.runtime.namespace import FAST_TYPES, HELPERS, builtins_dict, ml_globals_view, new_globals

INTERNALS_HELPERS = {
    "__ml_str", "__ml_member", "__ml_setmember", "__ml_callmethod", "__ml_add", "__ml_sized", "__ml_mul", "__ml_pow", "__ml_mod",
    "__ml_floordiv", "__ml_eq", "__ml_ne", "__ml_lt", "__ml_le", "__ml_gt", "__ml_ge",
    "__ml_iter", "__ml_len", "__ml_range", "__ml_join", "__ml_sizeok",
    "__ml_throw", "__ml_catch", "__ml_error_is", "__ml_in_fatal", "__ml_import", "__ml_unpack",
    "__ml_unpack_obj", "__ml_step", "__ml_check", "__ml_BaseException",
}


def run(source: str, **extra: Any) -> dict[str, Any]:
    globals_dict = new_globals("ns.ml")
    globals_dict.update(extra)
    exec(compile(source, "ns.ml", "exec"), globals_dict)
    return globals_dict


def thrown(func: Any, *args: Any) -> tuple[str, str]:
    with pytest.raises(MLThrown) as info:
        func(*args)
    return info.value.error.type, info.value.error.message


def test_builtins_dict_holds_exactly_ml_builtins_and_helpers() -> None:
    assert set(builtins_dict()) == set(BUILTIN_NAMES) | INTERNALS_HELPERS | set(FAST_TYPES)
    assert set(HELPERS) == INTERNALS_HELPERS
    assert new_globals("a.ml")["__builtins__"] is new_globals("b.ml")["__builtins__"]


def test_fast_types_are_the_classes_the_lowering_names() -> None:
    """Generated code reads these names without binding them: each must hold exactly the classes
    the lowering means, in the shared builtins and in every fresh namespace."""
    classes = {"dict": dict, "list": list, "str": str, "int": int, "float": float}
    assert set(FAST_TYPES) == set(FAST_TYPE_NAMES)
    globals_dict = new_globals("a.ml")
    for name, kinds in FAST_TYPE_NAMES.items():
        expected = classes[kinds[0]] if len(kinds) == 1 else tuple(classes[k] for k in kinds)
        assert FAST_TYPES[name] == expected
        assert builtins_dict()[name] == expected and globals_dict[name] == expected
    assert ml_globals_view(globals_dict) == {}


def test_generated_fast_paths_run_in_a_namespace_with_only_the_builtins() -> None:
    """A namespace holding just the shared ``__builtins__`` (a debugger's copy, a module namespace
    made elsewhere) still finds the type names."""
    from mlpy.compiler import compile_source

    code = compile_source('function f(o, a) { return o.k + a.length; }\nr = f({k: 1}, [1, 2]);', "f.ml").code
    globals_dict: dict[str, Any] = {"__builtins__": builtins_dict()}
    exec(code, globals_dict)
    assert globals_dict["r"] == 3


@pytest.mark.parametrize("name", ["open", "__import__", "eval", "exec", "getattr_py", "globals", "type", "object"])
def test_python_builtins_are_not_reachable(name: str) -> None:
    with pytest.raises(NameError):
        run(f"{name}\n")


def test_ml_builtins_resolve_in_generated_code() -> None:
    assert run("r = len([1, 2]) + abs(-1)\n")["r"] == 3


def test_member_helpers() -> None:
    helpers = builtins_dict()
    member = helpers["__ml_member"]
    assert member({"a": 1}, "a") == 1
    assert member({"a": 1}, "b") is None
    assert member({"a": 1}, "length") == 1
    assert member("abc", "length") == 3
    obj: dict[str, Any] = {}
    helpers["__ml_setmember"](obj, "k", 2)
    assert obj == {"k": 2}
    items: list[int] = []
    helpers["__ml_callmethod"](items, "append", 5)
    assert items == [5]
    assert helpers["__ml_str"]([True]) == "[true]"


def test_mul_and_pow_guards() -> None:
    mul, power = HELPERS["__ml_mul"], HELPERS["__ml_pow"]
    assert mul(3, 4) == 12 and mul("ab", 2) == "abab" and mul(2, [0]) == [0, 0] and mul(2.5, 2) == 5.0
    assert power(2, 10) == 1024 and power(2, -1) == 0.5 and power(9, 0.5) == 3.0
    with pytest.raises(MLLimitError, match="repeating a string would build a string of 200000000 characters"):
        mul("ab", 100_000_000)
    with pytest.raises(MLLimitError, match="repeating an array"):
        mul(10**8, [1, 2])
    with pytest.raises(MLLimitError, match=r"the power would give an integer of about \d+ digits \(limit: 1204119 digits\)"):
        power(10, 2_000_000)
    assert power(1, 10**12) == 1
    assert mul("x", -3) == ""


def test_iter_helper() -> None:
    iterate = HELPERS["__ml_iter"]
    assert list(iterate([1, 2])) == [1, 2]
    assert list(iterate("ab")) == ["a", "b"]
    obj = {"a": 1, "b": 2}
    keys = iterate(obj)
    obj["c"] = 3  # the loop sees a snapshot
    assert list(keys) == ["a", "b"]
    assert thrown(iterate, 5) == ("TypeError", "cannot iterate over a number; use an array, a string or an object")
    assert thrown(iterate, None)[0] == "TypeError"


def test_unpack_helpers() -> None:
    unpack, unpack_obj = HELPERS["__ml_unpack"], HELPERS["__ml_unpack_obj"]
    assert unpack([1, 2], 2) == [1, 2]
    assert thrown(unpack, [1, 2, 3], 2) == ("ValueError", "cannot unpack 3 items into 2 names")
    assert thrown(unpack, [1], 2) == ("ValueError", "cannot unpack 1 item into 2 names")
    assert thrown(unpack, 5, 2) == ("TypeError", "cannot unpack a number; expected an array of 2 items")
    assert unpack_obj({"a": 1, "b": 2}, ("b", "z")) == (2, None)
    assert unpack_obj("abc", ("length",)) == (3,)


def test_throw_catch_and_error_is_in_generated_shape() -> None:
    source = (
        "try:\n"
        "    raise __ml_throw({'message': 'm', 'code': 1})\n"
        "except __ml_BaseException as exc:\n"
        "    err = __ml_catch(exc)\n"
        "    is_error = __ml_error_is(err, 'Error')\n"
        "    is_type = __ml_error_is(err, 'TypeError')\n"
    )
    globals_dict = run(source)
    assert isinstance(globals_dict["err"], MLErrorObject)
    assert globals_dict["err"].fields == {"type": "Error", "message": "m", "line": 2, "code": 1}
    assert (globals_dict["is_error"], globals_dict["is_type"]) == (True, False)


FINALLY = "try:\n    {body}\nfinally:\n    seen.append(__ml_in_fatal())\n"


def test_in_fatal() -> None:
    seen: list[bool] = []
    run(FINALLY.format(body="pass"), seen=seen)
    with pytest.raises(ValueError):
        run(FINALLY.format(body="raise V()"), seen=seen, V=ValueError)
    with pytest.raises(MLLimitError):
        run(FINALLY.format(body="raise E"), seen=seen, E=MLLimitError("steps"))
    assert seen == [False, False, True]


def test_import_without_module_system(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlpy.runtime import imports

    monkeypatch.setattr(imports, "_default", None)
    with pytest.raises(MLImportError, match=r"cannot import 'a\.b': no module system is installed"):
        HELPERS["__ml_import"](("a", "b"), "x.ml", False)


def test_import_delegates_to_the_context_importer() -> None:
    from mlpy.runtime.context import ExecutionContext, use

    class Recording:
        def import_module(self, path: tuple[str, ...], importing_file: str, alias: bool) -> object:
            return (path, importing_file, alias)

    ctx = ExecutionContext(importer=Recording())  # type: ignore[arg-type]
    with use(ctx):
        assert HELPERS["__ml_import"](("m",), "f.ml", True) == (("m",), "f.ml", True)


def test_step_binds_the_limits_step(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    calls: list[int] = []
    fake = types.ModuleType("mlpy.runtime.limits")
    fake.step = lambda: calls.append(1)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mlpy.runtime.limits", fake)
    shared = builtins_dict()
    original = shared["__ml_step"]
    monkeypatch.setitem(shared, "__ml_step", HELPERS["__ml_step"])
    run("__ml_step()\n__ml_step()\n")
    assert calls == [1, 1]
    assert shared["__ml_step"] is fake.step
    shared["__ml_step"] = original


def test_check_binds_the_limits_check(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    calls: list[int] = []
    fake = types.ModuleType("mlpy.runtime.limits")
    fake.check = lambda: calls.append(1)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mlpy.runtime.limits", fake)
    shared = builtins_dict()
    monkeypatch.setitem(shared, "__ml_check", HELPERS["__ml_check"])
    run("__ml_check()\n__ml_check()\n")
    assert calls == [1, 1]
    assert shared["__ml_check"] is fake.check


def test_globals_view() -> None:
    globals_dict = run("x = 1\n__kw_class = 2\n__ml_result__ = 3\n_private = 4\n")
    assert ml_globals_view(globals_dict) == {"x": 1, "class": 2, "_private": 4}
