"""In-place update of old references (mlpy.devmode.reload) on plain Python module versions."""

from __future__ import annotations

import types

import pytest

from mlpy.devmode.reload import exports_of, update_references
from mlpy.errors import MLRuntimeError

V1 = '''
PREFIX = "hello "

class Point:
    def __init__(self, x):
        self.x = x
    def show(self):
        return f"P({self.x})"

def helper(who):
    return PREFIX + who

class Greet:
    def __init__(self):
        self.version = 1
    def hello(self, who):
        return helper(who)
    def bye(self, who):
        return "bye " + who
    def point(self, x):
        return Point(x)

greet = Greet()

def make_adder(n):
    def add(x):
        return x + n
    return add
'''


def load(source: str, name: str = "greet_mod") -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(source, f"<{name}>", "exec"), vars(module))
    return module


def exports(module: types.ModuleType) -> dict[str, object]:
    greet = module.greet
    return {"hello": greet.hello, "bye": getattr(greet, "bye", None), "point": greet.point,
            "Point": module.Point, "helper": module.helper}


def v2_source() -> str:
    return (V1.replace('PREFIX = "hello "', 'PREFIX = "HI "')
              .replace('f"P({self.x})"', 'f"Point<{self.x}>"')
              .replace("self.version = 1", "self.version = 2")
              .replace('    def bye(self, who):\n        return "bye " + who\n', ""))


def reload_pair() -> tuple[types.ModuleType, types.ModuleType, object]:
    old, new = load(V1), load(v2_source())
    old_exports = {k: v for k, v in exports(old).items() if v is not None}
    new_exports = {k: v for k, v in exports(new).items() if v is not None}
    return old, new, (old_exports, new_exports)


def test_functions_bound_methods_and_callbacks_run_new_code() -> None:
    old, new, (old_exports, new_exports) = reload_pair()
    hello = old.greet.hello
    helper = old.helper
    callbacks = [old.greet.hello, {"cb": old.helper}]
    report = update_references("greet", old_exports, new_exports)
    assert hello("bob") == "HI bob"
    assert helper("ann") == "HI ann"
    assert callbacks[0]("x") == "HI x"
    assert callbacks[1]["cb"]("y") == "HI y"  # type: ignore[index]
    assert report.functions_forwarded >= 3 and report.unpatched == []


def test_old_instances_of_classes_run_new_methods_and_get_new_state() -> None:
    old, new, (old_exports, new_exports) = reload_pair()
    point = old.greet.point(3)
    module_instance = old.greet
    update_references("greet", old_exports, new_exports)
    assert point.show() == "Point<3>"
    assert module_instance.version == 2
    assert type(module_instance) is new.Greet


def test_removed_function_raises_a_clear_ml_error() -> None:
    old, _new, (old_exports, new_exports) = reload_pair()
    bye = old.greet.bye
    report = update_references("greet", old_exports, new_exports)
    assert report.functions_removed >= 1
    with pytest.raises(MLRuntimeError) as info:
        bye("x")
    assert info.value.message == "function 'bye' was removed from module 'greet' by a reload"
    assert info.value.error_type == "ReloadError"


def test_references_follow_every_later_reload() -> None:
    v1 = load(V1)
    hello = v1.greet.hello
    previous = v1
    for prefix in ("two ", "three ", "four "):
        current = load(V1.replace('"hello "', f'"{prefix}"'))
        update_references("greet", {"hello": previous.greet.hello}, {"hello": current.greet.hello})
        assert hello("z") == prefix + "z"
        previous = current


def test_closures_with_different_free_variables_are_forwarded() -> None:
    old = load(V1)
    new = load(V1.replace("return x + n", "return x + n * 100"))
    add_one = old.make_adder(1)
    new_add = new.make_adder(1)
    report = update_references("greet", {"add": add_one}, {"add": new_add})
    assert add_one(1) == 101
    assert report.functions_forwarded >= 1


def test_functions_sharing_one_namespace_swap_code() -> None:
    namespace: dict[str, object] = {}
    exec("def f():\n    return 1\ndef g():\n    return 2\n", namespace)
    f = namespace["f"]
    report = update_references("m", {"f": f}, {"f": namespace["g"]})
    assert f() == 2  # type: ignore[operator]
    assert report.functions_patched == 1 and report.functions_forwarded == 0


def test_old_bound_methods_share_state_with_the_new_instance() -> None:
    source = (
        "class Box:\n"
        "    def __init__(self):\n        self.items = []\n"
        "    def add(self, x):\n        self.items.append(x)\n        return len(self.items)\n"
        "box = Box()\n"
    )
    old, new = load(source, "box_mod"), load(source.replace("return len(self.items)", "return -len(self.items)"), "box_mod")
    add = old.box.add
    update_references("box", {"add": old.box.add}, {"add": new.box.add})
    assert add(1) == -1
    assert new.box.add(2) == -2
    assert new.box.items == [1, 2]


def test_a_function_with_a_closure_can_be_forwarded_to_one_without() -> None:
    old = load(V1)
    add_one = old.make_adder(1)

    def plain(x: int) -> int:
        return -x

    update_references("m", {"f": add_one}, {"f": plain})
    assert add_one(5) == -5


def test_other_modules_and_shared_objects_are_untouched() -> None:
    import json

    dumps = json.dumps
    code_before = dumps.__code__
    old, new = load(V1), load(V1)
    update_references("greet", {"dumps": json.dumps, "hello": old.greet.hello},
                      {"dumps": json.dumps, "hello": new.greet.hello})
    assert json.dumps.__code__ is code_before
    assert dumps({"a": 1}) == '{"a": 1}'


def test_module_wrapper_of_same_type_takes_the_new_state() -> None:
    from mlpy.modules.objects import ModuleObject

    old_module = load(V1)
    new_module = load(v2_source())
    old_obj = ModuleObject("greet", {"hello": old_module.greet.hello})
    new_obj = ModuleObject("greet", {"hello": new_module.greet.hello})
    hello = old_obj._ml_get_member("hello")
    update_references("greet", old_obj._exports, new_obj._exports)
    assert hello("q") == "HI q"


def test_exports_of_accepts_mappings_modules_and_ml_values() -> None:
    from mlpy.modules.objects import ModuleObject

    module = load(V1)
    assert set(exports_of({"a": 1, "__builtins__": {}, "__kw_class": 2})) == {"a", "__kw_class"}
    assert "helper" in exports_of(module) and "__name__" not in exports_of(module)
    assert exports_of(ModuleObject("m", {"f": len})) == {"f": len}
    assert exports_of(None) == {}
