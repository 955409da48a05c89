"""A small stand-in for the runtime helpers of INTERNALS §4, so compiler tests run on their own.

It implements just enough ML semantics (``str``, members, iteration, errors) to observe what the
generated code does. The real runtime is tested by its own tests and by ``test_with_runtime.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from mlpy.compiler import CompileOptions, compile_source
from mlpy.errors import is_fatal


class FakeThrown(Exception):
    """What the fake ``__ml_throw`` raises: carries the ML error object (a dict here)."""

    def __init__(self, err: dict[str, Any]) -> None:
        super().__init__(err.get("message", ""))
        self.err = err


def ml_str(v: Any) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, list):
        return "[" + ", ".join(ml_repr(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f'"{k}": {ml_repr(x)}' for k, x in v.items()) + "}"
    return str(v)


def ml_repr(v: Any) -> str:
    return f'"{v}"' if isinstance(v, str) else ml_str(v)


def make_globals(filename: str = "<ml>") -> tuple[dict[str, Any], list[str], dict[str, int]]:
    """Fresh globals with fake helpers; also the list that ``print`` appends to and a step counter."""
    out: list[str] = []
    steps = {"n": 0}

    def member(obj: Any, name: str) -> Any:
        if isinstance(obj, dict):
            if name in obj:
                return obj[name]
            return len(obj) if name == "length" else None
        if name == "length" and isinstance(obj, (str, list)):
            return len(obj)
        raise TypeError(f"no member {name}")

    def setmember(obj: Any, name: str, value: Any) -> None:
        if not isinstance(obj, dict):
            raise TypeError(f"cannot set {name}")
        obj[name] = value

    def callmethod(obj: Any, name: str, *args: Any) -> Any:
        if isinstance(obj, dict):
            return obj[name](*args)
        if isinstance(obj, (str, list)) and name in ("upper", "append", "join", "pop"):
            return getattr(obj, name)(*args)
        raise TypeError(f"no method {name}")

    def ml_iter(v: Any) -> Any:
        if isinstance(v, (list, str)):
            return v
        if isinstance(v, dict):
            return list(v)
        raise TypeError("not iterable")

    def throw(v: Any) -> BaseException:
        if isinstance(v, dict):
            err = {"type": "Error", "message": ""} | v
        else:
            err = {"type": "Error", "message": ml_str(v), "value": v}
        return FakeThrown(err)

    def catch(exc: BaseException) -> Any:
        if is_fatal(exc):
            raise exc
        if isinstance(exc, FakeThrown):
            return exc.err
        return {"type": type(exc).__name__, "message": str(exc)}

    def unpack(v: Any, n: int) -> list[Any]:
        if not isinstance(v, list) or len(v) != n:
            raise ValueError(f"expected {n} values")
        return v

    def unpack_obj(v: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(member(v, n) for n in names)

    def mod(a: Any, b: Any) -> Any:
        if isinstance(a, str):
            raise TypeError("'%' needs numbers")
        return a % b

    def step() -> None:
        steps["n"] += 1

    def ml_print(*args: Any) -> None:
        out.append(" ".join(ml_str(a) for a in args))

    def ml_import(path: tuple[str, ...], importing: str, alias: bool) -> Any:
        return {"path": list(path), "alias": alias, "from": importing}

    builtins = {
        "__ml_str": ml_str, "__ml_member": member, "__ml_setmember": setmember,
        "__ml_callmethod": callmethod, "__ml_add": lambda a, b: a + b, "__ml_mul": lambda a, b: a * b, "__ml_pow": lambda a, b: a ** b,
        "__ml_mod": mod,
        "__ml_iter": ml_iter, "__ml_throw": throw, "__ml_catch": catch,
        "__ml_error_is": lambda err, t: err.get("type") == t, "__ml_in_fatal": lambda: False,
        "__ml_import": ml_import, "__ml_unpack": unpack, "__ml_unpack_obj": unpack_obj,
        "__ml_step": step, "__ml_BaseException": BaseException,
        "print": ml_print, "len": len, "str": ml_str, "max": max, "range": lambda *a: list(range(*a)),
        "typeof": lambda v: type(v).__name__,
    }
    return {"__builtins__": builtins, "__name__": "__ml__"}, out, steps


class Run:
    """The outcome of running a program with the fake runtime."""

    def __init__(self, globals_: dict[str, Any], out: list[str], steps: int) -> None:
        self.globals = globals_
        self.out = out
        self.steps = steps


def run_ml(source: str, options: CompileOptions = CompileOptions(), filename: str = "<ml>",
           namespace: dict[str, Any] | None = None) -> Run:
    """Compile ``source`` and run it with the fake helpers; return globals and printed lines."""
    program = compile_source(source, filename, options)
    globals_, out, steps = make_globals(filename)
    if namespace:
        globals_.update(namespace)
    exec(program.code, globals_)
    return Run(globals_, out, steps["n"])


@pytest.fixture
def run() -> Any:
    return run_ml


@pytest.fixture
def fake_globals() -> Any:
    return make_globals
