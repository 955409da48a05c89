"""Module objects handed to ML: what they expose, what they refuse, how reload swaps their contents."""

from __future__ import annotations

import io

import pytest

import mlpy
from mlpy.modules.objects import ExtensionModule, MLModule, PackageModule, extension_exports, is_ml_data
from mlpy.stdlib.decorators import ml_class, ml_function, ml_module


@ml_class
class Point:
    def __init__(self, x: int) -> None:
        self.x = x


@ml_module(name="demo", constants=["limit", "origin", "pair", "hidden_obj"])
class Demo:
    limit = 10
    origin = Point(0)
    pair = (1, 2)
    hidden_obj = object()

    def __init__(self) -> None:
        self.version_text = "1.0"
        self.table = [1, {"a": None}]
        self._secret = "s"
        self.handle = io.StringIO()

    @ml_function(aliases=["do_it"])
    def doIt(self, n: int) -> int:  # noqa: N802 - ML name
        return n + 1

    def helper(self) -> str:
        return "not exported"


def demo_object() -> ExtensionModule:
    return ExtensionModule("demo", extension_exports(Demo()))


def test_extension_exports_functions_constants_and_plain_data() -> None:
    exports = extension_exports(Demo())
    assert sorted(exports) == ["doIt", "do_it", "limit", "origin", "pair", "table", "version_text"]
    assert exports["doIt"](1) == 2 and exports["do_it"](2) == 3
    assert exports["pair"] == [1, 2]
    assert isinstance(exports["origin"], Point)


def test_member_reads_and_the_missing_member_message() -> None:
    module = demo_object()
    assert module._ml_get_member("limit") == 10
    with pytest.raises(AttributeError) as caught:
        module._ml_get_member("doit")
    assert str(caught.value) == "module 'demo' has no function 'doit'. Did you mean 'doIt'?"
    assert caught.value.name == "doit"
    with pytest.raises(AttributeError) as caught:
        module._ml_get_member("zzz")
    assert str(caught.value) == "module 'demo' has no function 'zzz'"


def test_nothing_private_is_reachable() -> None:
    module = demo_object()
    for name in ("__dict__", "__class__", "_secret", "helper", "handle", "hidden_obj", "_ml_name"):
        with pytest.raises(AttributeError):
            module._ml_get_member(name)
    assert not hasattr(module, "__dict__")
    with pytest.raises(AttributeError, match="module 'demo' is read-only"):
        module._ml_set_member("limit", 3)


def test_typeof_str_and_member_names() -> None:
    module = demo_object()
    assert module._ml_typeof() == "module"
    assert module._ml_str() == "<module demo>"
    assert module._ml_member_names() == ["doIt", "do_it", "limit", "origin", "pair", "table", "version_text"]


def test_exports_are_read_at_access_time_so_reload_is_in_place() -> None:
    module = demo_object()
    old = module._ml_replace_exports({"limit": 99})
    assert old["limit"] == 10
    assert module._ml_get_member("limit") == 99


def test_ml_module_hides_imports_private_names_and_unmangles_keywords() -> None:
    other = MLModule("other", {})
    namespace = {"__builtins__": {}, "double": len, "count": 3, "other": other, "_tmp": 1,
                 "__kw_class": "c"}
    module = MLModule("utils", namespace, hidden={"other"})
    assert module._ml_get_member("count") == 3
    assert module._ml_get_member("class") == "c"
    assert module._ml_member_names() == ["class", "count", "double"]
    for name in ("other", "_tmp", "__builtins__", "__kw_class"):
        with pytest.raises(AttributeError):
            module._ml_get_member(name)
    namespace["count"] = 4
    assert module._ml_get_member("count") == 4
    with pytest.raises(AttributeError) as caught:
        module._ml_get_member("cont")
    assert str(caught.value) == "module 'utils' has no member 'cont'. Did you mean 'count'?"


def test_package_children() -> None:
    leaf = MLModule("a.b", {"f": 1})
    package = PackageModule("a")
    package._ml_add_child("b", leaf)
    assert package._ml_get_member("b") is leaf
    assert package._ml_member_names() == ["b"]
    assert package._ml_str() == "<module a>"


def test_is_ml_data() -> None:
    assert is_ml_data([1, "a", None, {"k": [True, 2.5]}])
    assert not is_ml_data([object()])
    assert not is_ml_data({"f": print})


def run(source: str) -> str:
    out = io.StringIO()
    mlpy.run(source, stdout=out)
    return out.getvalue()


def test_module_objects_from_ml_code() -> None:
    output = run(
        'import math;\n'
        'f = math.sqrt;\n'
        'print(f(9), typeof(math), math, math.pi);\n'
        'print(getattr(math, "__dict__"), getattr(math, "__loader__"), hasattr(math, "_private"));\n'
        'print(sorted([-3, 1, -2], math.abs));\n'
        'try { math.sqrtt(1); } except (e) { print(e.type); }\n'
    )
    assert output == ("3.0 module <module math> 3.141592653589793\n"
                      "null null false\n"
                      "[1, -2, -3]\n"
                      "AttributeError\n")
