"""``mlpy.language`` loads its lexer, parser and node classes on first use, so importing one of its
small modules (the compile deadline, diagnostics) does not pull the parser onto the start-up path."""

from __future__ import annotations

import ast
import subprocess
import sys


def modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(sorted(sys.modules))\n"
    return set(ast.literal_eval(subprocess.check_output([sys.executable, "-c", probe], text=True, timeout=60)))


def test_small_modules_load_without_the_parser():
    modules = modules_after("import mlpy.language.diagnostics, mlpy.language")
    assert "mlpy.language.diagnostics" in modules
    assert sorted({"mlpy.language.parser", "mlpy.language.lexer", "mlpy.language.nodes"} & modules) == []


def test_the_package_names_load_on_first_use():
    import mlpy.language as language
    from mlpy.language import RESERVED_WORDS, is_incomplete, parse, parse_with_recovery, tokenize

    assert parse("x = 1;", "t.ml").body[0].line == 1
    assert parse_with_recovery("x = ;", "t.ml")[1][0].line == 1
    assert tokenize("x", "t.ml")[0][0][:2] == ("name", "x")
    assert "while" in RESERVED_WORDS and is_incomplete("x = (")
    assert language.parse is parse
    try:
        language.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("an unknown name must raise AttributeError")
