"""Lowering semantics, run with the real runtime (the `run` fixture of conftest.py)."""

from __future__ import annotations

import ast
import traceback

import pytest

from mlpy.compiler import CompileOptions, compile_source
from mlpy.errors import MLSyntaxError
from mlpy.runtime.errors_runtime import MLThrown


def out(run, src: str) -> list[str]:
    return run(src).out


@pytest.mark.parametrize(("expr", "expected"), [
    ('"n=" + 1', "n=1"),
    ('"x" + true', "xtrue"),
    ('"v: " + null', "v: null"),
    ('1 + 2 + "c"', "3c"),
    ('"a" + 1 + 2', "a12"),
    ('"s" + (1 + 2)', "s3"),
    ('len("ab") + 1', "3"),
    ("(c ? 1 : 2) + 10", "11"),
    ("!(c ? true : false)", "false"),
    ("-(c ? 1 : 2)", "-1"),
    ("-2 ** 2", "-4"),
    ("2 ** -1", "0.5"),
    ("2 ** 3 ** 2", "512"),
    ("7 // 2", "3"),
    ("-7 % 3", "2"),
    ("1 / 2", "0.5"),
    ("0 || \"y\"", "y"),
    ("1 && 0", "0"),
    ("1 < 2 == true", "true"),
    ("!0", "true"),
    ("c ? 1 : c ? 2 : 3", "1"),
    ("[1, 2] + [3]", "[1, 2, 3]"),
    ("{a: 1, \"b c\": 2}", '{"a": 1, "b c": 2}'),
    ("1e400", "inf"),
    ("[10, 20, 30][-1]", "30"),
    ("[1, 2, 3, 4][1:3]", "[2, 3]"),
    ("[1, 2, 3, 4][::-2]", "[4, 2]"),
    ("\"abc\".length", "3"),
    ("{length: 9}.length", "9"),
    ("{a: 1}.missing", "null"),
])
def test_expressions(run, expr, expected):
    assert out(run, f"c = true;\nprint({expr});") == [expected]


def test_concatenating_augmented_assignment(run):
    assert out(run, 's = 1;\ns += "x";\nt = "a";\nt += "b" + 2;\nprint(s, t);') == ["1x ab2"]


def test_augmented_plus_builds_a_new_array(run):
    src = "a = [1];\nb = a;\na += [2];\nc = [[1]];\nd = c[0];\nc[0] += [3];\nprint(a, b, c, d);"
    assert out(run, src) == ["[1, 2] [1] [[1, 3]] [1]"]
    with pytest.raises(TypeError):
        run('a = [1];\ns = "xy";\na += s;')


def test_plain_plus_of_variables_stays_python_plus(run):
    with pytest.raises(TypeError):
        run('a = "x";\nb = 1;\nprint(a + b);')


def test_mul_and_pow_use_helpers_unless_both_literals():
    module = compile_source("a = 2;\nb = a * 3;\nc = 2 * 3;\nd = a ** 2;\ne = 2 ** 10;\nf = 2 ** 100000;\n"
                            "function g(a) { return a * 3; }", "p.ml").python_module
    text = ast.unparse(module)
    assert "b = __ml_mul(a, 3)" in text  # straight-line top-level code: just the helper
    # in a function (or loop) numbers multiply inline; anything else goes through the size guard
    assert "return a * 3 if a.__class__ in __ml_num else __ml_mul(a, 3)" in text
    assert "c = 2 * 3" in text
    assert "d = __ml_pow(a, 2)" in text
    assert "e = 2 ** 10" in text
    assert "f = __ml_pow(2, 100000)" in text  # a literal huge power still goes through the guard


def test_member_helpers_shapes():
    text = ast.unparse(compile_source("o = {};\no.k = 1;\nv = o.k;\no.f(1, 2);\nw = [o][0].k;\n[o][0].k = 2;",
                                      "p.ml").python_module)
    assert "w = __ml_member([o][0], 'k')" in text
    assert "__ml_setmember([o][0], 'k', 2)" in text
    assert "__ml_callmethod(o, 'f', 1, 2)" in text
    assert "v = __ml_member(o, 'k')" in text  # top-level code runs once: no inline test
    # In a function or loop, objects on a name take inline fast paths; the rest still uses helpers.
    text = ast.unparse(compile_source("o = {};\nwhile (true) { o.k = 1; v = o.k; break; }", "p.ml").python_module)
    assert "__ml_dict =" not in text  # the type names come from the runtime's namespace
    assert "v = o.get('k') if o.__class__ is __ml_dict else __ml_member(o, 'k')" in text
    assert "if o.__class__ is __ml_dict:\n        o['k'] = 1\n    else:\n        __ml_setmember(o, 'k', 1)" in text


def test_fast_paths_fall_back_for_other_values(run):
    # Parameters have unknown kinds, so every inline test is emitted and must fall back correctly.
    src = ('function t(s, a, o, n, p, e) {\n  v = s.upper();\n  a.append(2);\n  r = p.append(21);\n'
           '  x = n + "!";\n  y = s + "!";\n  z = "#" + o;\n  p.k = 5;\n  p.k += 1;\n  o.length += 1;\n'
           '  print(s.length, a.length, o.length, e.length, v, a, r, x, y, z, o.missing, p.k, len(s), len(o));\n'
           '}\nt("abc", [1], {length: 7}, 5, {append: fn(x) => x * 2}, {});')
    assert out(run, src) == ['3 2 8 0 ABC [1, 2] 42 5! abc! #{"length": 7} null 6 3 1']
    text = _text(src)
    for fast in ("o.get('missing') if o.__class__ is __ml_dict", "a.append(2) if a.__class__ is __ml_list",
                 "__ml_len(s) if s.__class__ in __ml_seqtypes"):
        assert fast in text
    with pytest.raises(MLThrown, match="cannot set member 'k' of a value of type 'number'"):
        run("function t(n) { n.k = 1; }\nt(5);")
    with pytest.raises(MLThrown, match="'number' has no member 'k'"):
        run("function t(n) { return n.k; }\nt(5);")
    with pytest.raises(MLThrown, match="'number' has no member 'k'"):
        run("function t(n) { n.k += 1; }\nt(5);")


def test_mul_evaluates_each_operand_once_in_order(run):
    src = ('log = [];\nfunction v(x) { log.append(x); return x; }\n'
           'a = v(3) * v(4);\nb = v("ab") * v(2);\nc = v(2) * 2.5;\nn = 3;\nd = n * v([0]);\n'
           'print(a, b, c, d, log);')
    assert out(run, src) == ['12 abab 5.0 [0, 0, 0] [3, 4, "ab", 2, 2, [0]]']


def test_member_and_method_semantics(run):
    src = ('o = {n: 1, f: fn(x) => x * 10};\no.n += 4;\no.m = "v";\n'
           "a = [];\na.append(o.f(2));\nprint(o.n, o.m, a);")
    assert out(run, src) == ['5 v [20]']


def test_augmented_assignment_evaluates_container_and_index_once(run):
    src = ("calls = 0;\nfunction idx() { nonlocal calls; calls += 1; return 0; }\n"
           "function box() { nonlocal calls; calls += 10; return data; }\n"
           "data = [2, 5];\nbox()[idx()] *= 3;\nbox()[idx()] += 1;\nprint(data, calls);")
    assert out(run, src) == ["[7, 5] 22"]


def test_augmented_slice_and_member_once(run):
    src = ("n = 0;\nfunction obj() { nonlocal n; n += 1; return o; }\no = {s: \"a\"};\n"
           "obj().s += \"b\";\nobj().s *= 2;\nl = [1, 2, 3];\nl[0:1] *= 2;\nprint(o.s, n, l);")
    assert out(run, src) == ["abab 2 [1, 1, 2, 3]"]


def test_control_flow(run):
    src = ("r = [];\ni = 0;\nwhile (true) {\n  i += 1;\n  if (i > 5) { break; }\n"
           "  elif (i % 2 == 0) { continue; }\n  else { r.append(i); }\n}\n"
           "for (ch in \"ab\") { r.append(ch); }\nfor (k in {x: 1, y: 2}) { r.append(k); }\nprint(r);")
    assert out(run, src) == ['[1, 3, 5, "a", "b", "x", "y"]']


def test_destructuring(run):
    src = "[a, b] = [1, 2];\n{x, y} = {y: 4, x: 3};\nprint(a, b, x, y);"
    assert out(run, src) == ["1 2 3 4"]


def test_object_destructuring_evaluates_value_once(run):
    src = ("n = 0;\nfunction get() { nonlocal n; n += 1; return {a: 1, b: 2}; }\n{a, b} = get();\n"
           "print(a, b, n);")
    assert out(run, src) == ["1 2 1"]


def test_try_except_typed_clauses_in_order(run):
    src = ("function t(v) {\n  try { throw v; }\n  except (e: TypeError) { return \"type\"; }\n"
           "  except (e) { return \"any \" + e.message; }\n}\nprint(t(\"boom\"));\n"
           "try { x = [1][5]; } except (e: IndexError) { print(\"idx\"); }")
    assert out(run, src) == ["any boom", "idx"]


def test_typed_except_without_match_reraises(run):
    with pytest.raises(Exception, match="boom"):
        run('try { throw "boom"; } except (e: TypeError) { print("no"); }')


def test_finally_runs_and_except_binds_fields(run):
    src = ('try { throw {message: "m", code: 42}; } except (err) { print(err.code, err.message); }'
           ' finally { print("fin"); }\ntry { x = 1; } finally { print("only finally"); }')
    assert out(run, src) == ["42 m", "fin", "only finally"]


def test_except_without_name(run):
    assert out(run, 'try { throw 1; } except { print("caught"); }') == ["caught"]


def test_finally_skipped_while_fatal(run):
    module = compile_source('try { x = 1; } finally { print("f"); }', "p.ml").python_module
    assert "if not __ml_in_fatal():" in ast.unparse(module)


def test_block_arrow_is_hoisted_def_in_same_scope(run):
    src = "function f(k) { g = fn(x) => { y = x + k; return y; }; return g(1); }\nprint(f(2));"
    assert out(run, src) == ["3"]
    text = ast.unparse(compile_source(src, "p.ml").python_module)
    assert "def __ml_arrow_" in text


def test_block_arrow_inside_expression_arrow(run):
    assert out(run, "mk = fn(a) => fn(b) => { return a + b; };\nprint(mk(1)(2));") == ["3"]


def test_arrow_body_extends_right(run):
    assert out(run, "f = fn(x) => x ? 1 : 2;\nprint(f(0), f(1));") == ["2 1"]


def test_calls_on_any_expression(run):
    src = "function f(a) { return fn(b) => a + b; }\narr = [fn(x) => x * 2];\nprint(f(1)(2), arr[0](4));"
    assert out(run, src) == ["3 8"]


def test_import_shape():
    text = ast.unparse(compile_source("import a.b.c;\nimport m.n as q;", "dir/p.ml").python_module)
    assert "a = __ml_import(('a', 'b', 'c'), 'dir/p.ml', False)" in text
    assert "q = __ml_import(('m', 'n'), 'dir/p.ml', True)" in text


def test_import_checker_is_called():
    seen = []

    def checker(path, node):
        seen.append((path, node.line))

    compile_source("x = 1;\nimport a.b;", "p.ml", CompileOptions(import_checker=checker))
    assert seen == [(["a", "b"], 2)]


def test_capability_declaration_emits_nothing(run):
    program = compile_source('capability C { resource "x"; }\nx = 1;', "p.ml")
    assert "capability" not in ast.unparse(program.python_module)
    assert program.capability_requests[0].name == "C"


def test_repl_result_of_final_expression(run):
    r = run("x = 5;\nx == 5;", CompileOptions(repl=True))
    assert r.globals["__ml_result__"] is True
    assert "__ml_result__" not in run("x = 5;", CompileOptions(repl=True)).globals


def test_count_steps_counts_loop_iterations_and_calls(run):
    src = "function f(n) { return n; }\nfor (i in [1, 2, 3]) { f(i); }\ng = fn(x) => x;\ng(1);\nwhile (false) { }"
    assert run(src, CompileOptions(count_steps=True)).steps == 7
    program = compile_source(src, "p.ml")
    assert "__ml_step" not in ast.unparse(program.python_module)


def test_python_keyword_names_are_mangled():
    text = ast.unparse(compile_source("lambda = 1;\nNone = 2;\ny = lambda + None;", "p.ml").python_module)
    assert "y = __kw_lambda + __kw_None" in text


def test_generated_code_has_ml_positions_everywhere():
    module = compile_source("x = 1;\n\nfunction f(a) {\n  return a + x;\n}", "p.ml").python_module
    for node in ast.walk(module):
        if isinstance(node, (ast.stmt, ast.expr)):
            assert node.lineno >= 1 and node.col_offset >= 0
    # No end positions are generated: compile() takes the start ones, so every instruction's span
    # is the one ML position it came from (line 0: the code object's own entry instruction).
    code = compile(module, "p.ml", "exec")
    functions = [c for c in code.co_consts if isinstance(c, type(code))]
    for each in (code, *functions):
        for line, end_line, col, end_col in each.co_positions():
            assert not line or (end_line, end_col) == (line, col)
    ret = module.body[0].body[0]  # hoisted def f, its return
    assert isinstance(ret, ast.Return)
    assert (ret.lineno, ret.col_offset) == (4, 2)


def test_runtime_error_traceback_points_at_ml_line(run):
    src = "x = 1;\nfunction f(d) {\n  return 10 / d;\n}\ny = f(0);"
    with pytest.raises(ZeroDivisionError) as info:
        run(src, filename="prog.ml")
    frames = [(fr.f_code.co_name, line) for fr, line in traceback.walk_tb(info.value.__traceback__)
              if fr.f_code.co_filename == "prog.ml"]
    assert frames == [("<module>", 5), ("f", 3)]


def test_code_object_filename():
    assert compile_source("x = 1;", "some/prog.ml").code.co_filename == "some/prog.ml"


def test_unparse_of_a_rich_program_is_valid_python():
    src = ('import m;\nfunction f(a, b) { try { return a[b]; } except (e: KeyError) { throw e; } }\n'
           's = "";\nfor (c in "xy") { s += c + "!"; }\n[p, q] = [1, 2];\n{k} = {k: 1};\n'
           'g = fn(x) => { nonlocal s; s = x; };\nh = fn(y) => y ** 2;')
    text = ast.unparse(compile_source(src, "p.ml").python_module)
    compile(text, "x", "exec")  # round-trips as valid Python source


def test_deep_nesting_is_a_positioned_error_not_a_crash():
    src = "x = 1;\n" + "while (x) {\n" * 25 + "x = 0;" + " }" * 25
    with pytest.raises(MLSyntaxError) as info:
        compile_source(src, "p.ml")
    assert info.value.line is not None


def _text(src: str) -> str:
    return ast.unparse(compile_source(src, "p.ml").python_module)


def test_known_kinds_skip_the_type_test(run):
    src = ('function f() { o = {a: 1}; o.b = 2; parts = []; parts.append(o.a); s = "x"; s += "y" + o.b;'
           ' return s + "/" + parts.length; }\nprint(f());')
    assert run(src).out == ["xy2/1"]
    text = _text(src)
    assert "o = {'a': 1}\n    o['b'] = 2\n    parts = []\n    parts.append(o.get('a'))" in text
    assert "s = s + ('y' + " in text
    assert "return s + '/' + __ml_strtype(__ml_len(parts))" in text


@pytest.mark.parametrize("src", [
    # a parameter can hold anything, even if the body also assigns an object literal
    "function f(o) { if (!o) { o = {}; } return o.k; }",
    # two different kinds of literal
    'function f() { o = {}; o = "s"; return o.k; }',
    # top-level variables are never assumed
    "o = {};\nfunction f() { return o.k; }",
])
def test_unknown_kinds_keep_the_type_test(src):
    assert "o.__class__ is __ml_dict" in _text(src)


def test_nonlocal_rebinding_cancels_the_kind(run):
    src = ("function f() { o = []; g = fn() => { nonlocal o; o = {append: fn(x) => x * 2}; }; g();"
           " return o.append(21); }\nprint(f());")
    assert run(src).out == ["42"]
    with pytest.raises(MLThrown, match="'string' has no member 'k'"):
        run('function f(o) { if (!o) { o = {}; } return o.k; }\nf("text");')


def test_long_concatenation_compiles(run):
    src = 'x = "a";\ny = x' + ' + "b"' * 800 + ';\nprint(y.length);'
    assert run(src).out == ["801"]


def test_python_compiler_warnings_are_not_shown(recwarn):
    compile_source("function f() { return 5(3); }", "p.ml")
    assert [str(w.message) for w in recwarn] == []


def test_builtin_len_fast_path_and_shadowing(run):
    src = ('a = [1, 2];\ns = "abc";\no = {x: 1};\nfor (i in [0]) { print(len(a), len(s), len(o)); }\n'
           'function f() { l = [1]; return len(l); }\nprint(f());')
    assert run(src).out == ["2 3 1", "1"]
    text = _text(src)
    assert "__ml_len(s) if s.__class__ in __ml_lentypes else len(s)" in text
    assert "return __ml_len(l)" in text
    shadowed = 'function len(x) { return "mine"; }\na = [1];\nprint(len(a));'
    assert run(shadowed).out == ["mine"]
    assert "__len__" not in _text(shadowed)
    in_session = CompileOptions(repl=True, known_globals=frozenset({"len"}))
    assert run("x = len([1]);", in_session, names={"len": lambda v: "session"}).globals["x"] == "session"


def test_compile_restores_interpreter_state():
    import gc
    import sys

    limit = sys.getrecursionlimit()
    compile_source('x = "a"' + ' + x' * 300 + ";", "p.ml")
    with pytest.raises(MLSyntaxError):
        compile_source("x = 1;\n" + "while (x) {\n" * 25 + " }" * 25, "p.ml")
    assert gc.isenabled()
    assert sys.getrecursionlimit() == limit


def test_plus_is_size_guarded_only_under_limits():
    src = "function f(x) { return x + x; }\ny = [1] + [2];"
    plain = ast.unparse(compile_source(src, "p.ml").python_module)
    assert "return x + x" in plain and "y = [1] + [2]" in plain
    limited = ast.unparse(compile_source(src, "p.ml", CompileOptions(count_steps=True)).python_module)
    assert "__ml_sized(" in limited  # in a function: inline sum, the result's size checked
    assert "y = __ml_add([1], [2])" in limited  # elsewhere: sizes checked before adding


def test_plus_with_a_known_array_operand_tests_for_an_array_first_and_still_stops_doubling():
    import mlpy
    from mlpy.errors import MLLimitError

    src = "function dbl(a) { pad = []; return a + pad + a; }\nx = [1];\nfor (i in range(64)) { x = dbl(x); }\n"
    limited = ast.unparse(compile_source(src, "p.ml", CompileOptions(count_steps=True)).python_module)
    assert limited.count(".__class__ is __ml_list and __ml_len(") == 2  # both sums: arrays first
    with pytest.raises(MLLimitError) as caught:
        mlpy.run(src, max_steps=10**9)
    assert "this '+' would build an array of 2097152 items" in caught.value.message
    assert (caught.value.line, caught.value.column) == (1, 36)
