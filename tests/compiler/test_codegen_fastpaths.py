"""Fast paths decided from expression kinds: builtin results, `+` of strings, slices, int literals.

Each test checks both the shape of the generated code (the helper is skipped, or kept when the
kind is unknown or the builtin is shadowed) and the value the program computes.
"""

from __future__ import annotations

import ast

import pytest

import mlpy
from mlpy.compiler import CompileOptions, compile_source
from mlpy.errors import MLError
from mlpy.runtime.errors_runtime import MLThrown


def code_of(src: str) -> str:
    return ast.unparse(compile_source(src, "p.ml").python_module)


def test_builtin_str_call_in_concatenation_needs_no_conversion(run):
    src = 'function f(n) { s = ""; for (i in range(n)) { s = s + str(i) + ","; } return s; }\nr = f(4);'
    text = code_of(src)
    # `i` runs over the builtin range: a known int, converted by Python's own str (same text)
    assert "s = s + __ml_strtype(i) + ','" in text
    assert "__ml_str(" not in text
    assert run(src).globals["r"] == "0,1,2,3,"


def test_shadowed_str_keeps_the_conversion(run):
    src = 'function str(x) { return 7; }\nfunction f() { return "a" + str(1); }\nr = f();'
    text = code_of(src)
    assert "'a' + __ml_str(str(1))" in text
    assert run(src).globals["r"] == "a7"


def test_parameter_named_like_a_builtin_is_not_the_builtin(run):
    src = 'function f(range) { out = []; for (i in range) { out.append(i); } return out; }\nr = f("ab");'
    assert "__ml_iter(range)" in code_of(src)
    assert run(src).globals["r"] == ["a", "b"]


def test_for_over_builtin_range_iterates_directly(run):
    src = "function f(n) { t = 0; for (i in range(n)) { t += i; } return t; }\nr = f(5);"
    text = code_of(src)
    assert "for i in __ml_range(n):" in text  # lazy: the array is never built
    assert "__ml_iter" not in text
    assert run(src).globals["r"] == 10


def test_for_over_a_slice_tests_for_a_list_once(run):
    src = ("function f(a) { out = []; for (x in a[1:]) { out.append(x); } return out; }\n"
           'r1 = f([1, 2, 3]);\nr2 = f("xyz");')
    text = code_of(src)
    assert "for x in __ml_t1 if (__ml_t1 := a[1:]).__class__ is __ml_list else __ml_iter(__ml_t1):" in text
    result = run(src).globals
    assert result["r1"] == [2, 3]
    assert result["r2"] == ["y", "z"]  # a string slice still goes through __ml_iter: characters


def test_slice_of_a_known_array_iterates_directly(run):
    src = "function f() { a = [4, 5, 6]; t = 0; for (x in a[:2]) { t += x; } return t; }\nr = f();"
    text = code_of(src)
    assert "for x in a[:2]:" in text
    assert run(src).globals["r"] == 9


def test_top_level_for_keeps_the_helper(run):
    src = "a = [1, 2, 3];\nt = 0;\nfor (x in a[1:]) { t += x; }"
    assert "for x in __ml_iter(a[1:]):" in code_of(src)
    assert run(src).globals["t"] == 5


def test_plus_of_two_strings_is_a_string(run):
    src = 'function f(n) { a = "x"; b = "y"; c = "<" + (a + b) + ">"; return c; }\nr = f(1);'
    text = code_of(src)
    assert "c = '<' + (a + b) + '>'" in text
    assert run(src).globals["r"] == "<xy>"


def test_plus_of_unknown_values_is_still_converted(run):
    src = 'function f(a, b) { return "<" + (a + b); }\nr = f(1, 2);'
    assert "__ml_str" in code_of(src)
    assert run(src).globals["r"] == "<3"


def test_augmented_concatenation_on_a_known_string(run):
    src = 'function f() { s = "a"; s += "b"; s += "c" + 1; return s; }\nr = f();'
    text = code_of(src)
    assert "s = s + 'b'" in text
    assert "__ml_str" not in text
    assert run(src).globals["r"] == "abc1"


@pytest.mark.parametrize(("expr", "folded", "expected"), [
    ('"n=" + 1', "'n=' + '1'", "n=1"),
    ('0 + "!"', "'0' + '!'", "0!"),
])
def test_int_literals_in_concatenation_are_converted_at_compile_time(run, expr, folded, expected):
    src = f"r = {expr};"
    assert folded in code_of(src)
    assert run(src).globals["r"] == expected


def test_huge_and_float_literals_are_converted_at_run_time(run):
    src = 'a = "x" + 123456789012345678901234567890;\nb = "y" + 1.5;'
    text = code_of(src)
    assert "__ml_strtype(123456789012345678901234567890)" in text  # an int: Python's str
    assert "__ml_str(1.5)" in text
    result = run(src).globals
    assert result["a"] == "x123456789012345678901234567890"
    assert result["b"] == "y1.5"


def test_builtin_str_of_a_name_is_inline_for_strings_and_ints(run):
    src = ('function f(a) { return str(a); }\n'
           'r = [f("s"), f(12), f(true), f(null), f([1])];')
    text = code_of(src)
    assert "return a if a.__class__ is __ml_strtype else __ml_str(a)" in text
    assert run(src).globals["r"] == ["s", "12", "true", "null", "[1]"]


def test_builtin_str_of_an_int_literal_is_folded(run):
    src = "x = str(42);\nfunction str2() { return str(7) + str(2.5); }\ny = str2();"
    text = code_of(src)
    assert "x = '42'" in text
    assert "return '7' + __ml_str(2.5)" in text
    result = run(src).globals
    assert (result["x"], result["y"]) == ("42", "72.5")


def test_percent_shapes(run):
    src = ("function f(a, b) { x = a; x %= 2; return [a % b, 7 % a, a % 3]; }\n"
           "r = f(9, 4);\ns = 9 % 4;\nt = 9 % r[0];")
    text = code_of(src)
    # only the left side can turn `%` into string formatting: only it is tested
    assert "a % b if a.__class__ in __ml_num else __ml_mod(a, b)" in text
    assert "a % 3 if a.__class__ in __ml_num else __ml_mod(a, 3)" in text
    assert "7 % a" in text  # a number on the left is never string formatting
    assert "x = __ml_mod(x, 2)" in text
    assert "s = 9 % 4" in text
    assert "t = __ml_mod(9, r[0])" not in text and "t = 9 % r[0]" in text
    result = run(src).globals
    assert (result["r"], result["s"], result["t"]) == ([1, 7, 0], 1, 0)


def test_percent_on_a_string_goes_to_the_helper(run):
    src = 'function f(a) { return a % 1; }\nr = f("%d");'
    assert "__ml_mod(a, 1)" in code_of(src)
    with pytest.raises(MLThrown, match="'%' needs numbers"):
        run(src)


def test_range_loop_variable_is_a_known_int(run):
    src = ('function f(n, w) { out = []; for (i in range(n)) { out.append(str(i * 7) + ":" + i % w + "/" + i); }'
           ' return out; }\nr = f(3, 2);')
    text = code_of(src)
    assert "__ml_strtype(i * 7)" in text  # int * int: a product, Python's str gives the ML text
    assert "i % w" in text and "__ml_mod" not in text  # an int on the left is never formatting
    assert "__ml_mul" not in text
    assert run(src).globals["r"] == ["0:0/0", "7:1/1", "14:0/2"]


def test_a_rebound_int_is_no_longer_known(run):
    src = ('function f(n) { x = 5; for (i in range(n)) { i /= 2; x *= "ab"; }'
           ' return "i=" + i + " x=" + x; }\nr = f(2);')
    text = code_of(src)
    assert "__ml_strtype(i)" not in text and "__ml_strtype(x)" not in text
    assert run(src.replace("f(2)", "f(1)")).globals["r"] == "i=0.0 x=ababababab"


def test_lazy_range_loop_checks_its_arguments_like_the_builtin(run):
    with pytest.raises(MLThrown, match="range\\(\\) arguments must be whole numbers, not number"):
        run("function f() { for (i in range(1.5)) { } }\nf();")
    with pytest.raises(MLThrown, match="range\\(\\) step must not be zero"):
        run("for (i in range(0, 5, 0)) { }")
    assert run("r = [];\nfor (i in range(10, 0, -3)) { r.append(i); }").globals["r"] == [10, 7, 4, 1]


def test_plain_string_methods_on_a_known_string_are_pythons(run):
    src = 'function f(w) { s = "<" + w + ">"; return [s.upper(), s.strip(), s.isdigit(), s.title()]; }\nr = f("ab c");'
    text = code_of(src)
    assert "s.upper()" in text and "s.title()" in text and "__ml_callmethod" not in text
    assert run(src).globals["r"] == ["<AB C>", "<ab c>", False, "<Ab C>"]


def test_plain_string_methods_are_the_runtimes_own():
    from mlpy.compiler.lowering.fastpaths import PLAIN_STRING_METHODS
    from mlpy.runtime.members import STRING_METHODS

    for name in PLAIN_STRING_METHODS:
        assert STRING_METHODS[name] is getattr(str, name), name


def test_join_on_a_known_string_calls_the_ml_join_directly(run):
    src = 'function f(parts) { return ",".join(parts); }\nr = f(["a", "b"]);'
    assert "return __ml_join(',', parts)" in code_of(src)
    assert run(src).globals["r"] == "a,b"
    with pytest.raises(MLThrown, match="join\\(\\) expects an array of strings; item 1 is a number"):
        run('function f(parts) { return ",".join(parts); }\nr = f(["a", 2]);')


def test_len_of_a_known_object_is_pythons_len(run):
    src = "function f() { o = {a: 1, b: 2}; return len(o) + o.length; }\nr = f();"
    text = code_of(src)
    assert "__ml_len(o)" in text
    assert run(src).globals["r"] == 4  # `o.length` of an object without that key is its size


def test_loop_target_is_tested_once_per_iteration(run):
    src = ('function f(points) { t = 0; for (p in points) { t = t + p.x + p.y; p.x = 0; } return t; }\n'
           'pts = [{x: 1, y: 2}, {x: 3, y: 4}];\nr = [f(pts), pts[0].x, f(["ab"]) ];')
    text = code_of(src)
    assert "__ml_isdict_" in text and text.count("p.__class__ is __ml_dict") == 1
    with pytest.raises(MLThrown, match="'string' has no member 'x'"):
        run(src)
    ok = src.replace(', f(["ab"]) ', "")
    assert run(ok).globals["r"] == [10, 0]


@pytest.mark.parametrize("body", [
    "p = {x: 5};",                                      # rebound in the body
    "for (p in [1]) { }",                               # an inner loop over the same name
    "g = fn() => { nonlocal p; p = 7; }; g();",         # a nested function rebinds it
])
def test_a_rebound_loop_target_is_tested_at_every_access(run, body):
    src = f"function f(points) {{ t = []; for (p in points) {{ {body} t.append(p.x); }} return t; }}\nr = f([{{x: 1}}]);"
    assert "__ml_isdict_" not in code_of(src)
    if body == "p = {x: 5};":
        assert run(src).globals["r"] == [5]
    else:
        with pytest.raises(MLThrown, match="'number' has no member 'x'"):
            run(src)


def test_under_limits_small_ints_multiply_and_divide_inline(run):
    src = "function f(a, b) { return [a * b, a % b, a // b]; }\nr = [f(7, 3), f(2 ** 40, 3)];"
    text = ast.unparse(compile_source(src, "p.ml", CompileOptions(count_steps=True)).python_module)
    assert "a * b if (a.__class__ is __ml_int and -1073741823 <= a <= 1073741823) & " in text
    assert "a % b if a.__class__ is __ml_int and -1073741823 <= a <= 1073741823 else __ml_mod(a, b)" in text
    assert "else __ml_floordiv(a, b)" in text
    result = run(src, CompileOptions(count_steps=True)).globals["r"]
    assert result == [[21, 1, 2], [3 * 2 ** 40, 2 ** 40 % 3, 2 ** 40 // 3]]
    with pytest.raises(MLThrown, match="'%' needs numbers"):
        run('function f(a, b) { return a % b; }\nr = f("%s", 1);', CompileOptions(count_steps=True))


def test_remainder_and_floor_division_of_two_long_int_literals_are_guarded_under_limits():
    # Python's compile() would fold them: quadratic work in one C call that no limit interrupts.
    long_a, long_b = "0x" + "f" * 400, "0x" + "e" * 300  # 1600 and 1200 bits
    src = f"a = {long_a} % {long_b};\nb = {long_a} // {long_b};\nc = 9 % 4;\nd = 9 // 4;"
    limited = ast.unparse(compile_source(src, "p.ml", CompileOptions(count_steps=True)).python_module)
    assert "a = __ml_mod(" in limited and "b = __ml_floordiv(" in limited
    assert "c = 9 % 4" in limited and "d = 9 // 4" in limited
    assert "__ml_mod(" not in code_of(src) and "__ml_floordiv(" not in code_of(src)  # no limits: as before


# A top-level loop variable of `for (i in range(...))` is an int: no type test where an int
# operand is all a fast path needs; every other way the name can be bound keeps the test.

_LOOP = "t = 0;\nfor (i in range(9)) { if (i % 3 == 0) { t = t + i * 2; } }\n"


@pytest.mark.parametrize("count_steps", [False, True])
def test_top_level_range_loop_variable_is_an_int(run, count_steps):
    options = CompileOptions(count_steps=count_steps)
    text = ast.unparse(compile_source(_LOOP, "p.ml", options).python_module)
    assert "if i % 3 == 0:" in text
    assert "t = t + i * 2" in text
    assert "__ml_mod" not in text and "__ml_mul" not in text
    assert run(_LOOP, options).globals["t"] == 18


def test_top_level_loop_variable_read_in_a_function_is_an_int(run):
    src = "for (i in range(4)) { }\nfunction g() { return i % 3; }\nr = g();"
    assert "return i % 3\n" in code_of(src)
    assert run(src).globals["r"] == 0


def test_loop_variable_times_an_unknown_keeps_the_guard_under_limits(run):
    src = "x = 3;\nfor (i in range(5)) { y = i * x; }"
    text = ast.unparse(compile_source(src, "p.ml", CompileOptions(count_steps=True)).python_module)
    assert "x.__class__ is __ml_int" in text and "__ml_mul(i, x)" in text
    assert "i.__class__" not in text  # the int itself needs no test, only its size


@pytest.mark.parametrize("src", [
    # rebound in the body
    'for (i in range(2)) { i = "a%d"; r = i % 3; }',
    # bound elsewhere at the top level too
    'i = "a%d";\nr = i % 3;\nfor (i in range(2)) { }',
    # `range` is the program's own function
    'function range(n) { return ["a%d"]; }\nfor (i in range(1)) { r = i % 3; }',
    # a function rebinds it through `nonlocal`
    'function f() { nonlocal i; i = "a%d"; }\nfor (i in range(1)) { f(); r = i % 3; }',
    # a nested function's `nonlocal` reaches the top level too
    'function f() { function g() { nonlocal i; i = "a%d"; } g(); }\nfor (i in range(1)) { f(); r = i % 3; }',
    # iterating anything else
    'for (i in ["a%d"]) { r = i % 3; }',
])
def test_loop_variable_bound_another_way_keeps_the_type_test(src):
    text = code_of(src)
    assert "__ml_mod(i, 3)" in text
    with pytest.raises(MLError) as info:
        mlpy.run(src)
    assert "%" in str(info.value) and info.value.line is not None


def test_loop_variable_rebound_by_an_augmented_assignment_keeps_the_type_test(run):
    src = "for (i in range(2)) { i /= 2; r = i % 3; }"
    assert "__ml_mod(i, 3)" in code_of(src)
    assert run(src).globals["r"] == 0.5


def test_loop_variable_that_is_also_an_input_keeps_the_type_test():
    src = "r = i % 3;\nfor (i in range(2)) { }"
    text = ast.unparse(compile_source(src, "p.ml", CompileOptions(known_globals=frozenset({"i"}))).python_module)
    assert "__ml_mod(i, 3)" in text
    with pytest.raises(MLError) as info:
        mlpy.run(src, inputs={"i": "a%d"})
    assert "%" in str(info.value) and info.value.line == 1


def test_repl_entry_keeps_the_type_test():
    src = "for (i in range(2)) { r = i % 3; }"
    text = ast.unparse(compile_source(src, "p.ml", CompileOptions(repl=True)).python_module)
    assert "__ml_mod(i, 3)" in text
