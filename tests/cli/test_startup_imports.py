"""Start-up: what ``mlpy run`` loads. A program already in the compile cache runs without the
parser, the lowering, click, the socket layer or json; a click command defines the tool and
debugger commands only when one of them is asked for."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PROBE = ("import sys\nfrom mlpy.cli.entry import main\n"
         "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
         "print(sorted(sys.modules))\n")  # no json: it is one of the checked modules


def loaded(args: list[str], cwd: Path) -> tuple[str, set[str]]:
    """What ``mlpy ARGS`` printed and the modules it had loaded when it finished."""
    env = dict(os.environ, MLPY_CACHE_DIR=str(cwd / "cache"))
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    *printed, modules = done.stdout.splitlines()
    return "\n".join(printed), set(ast.literal_eval(modules))


def test_a_cached_plain_run_loads_no_compiler_cli_socket_or_json(tmp_path):
    (tmp_path / "p.ml").write_text('print("hi");\n', encoding="utf-8")
    loaded(["run", "p.ml"], tmp_path)  # fills the compile cache
    printed, modules = loaded(["run", "p.ml"], tmp_path)
    assert printed == "hi"
    unwanted = {"click", "rich", "platformdirs", "socket", "json.decoder", "mlpy.language.parser",
                "mlpy.language.lexer", "mlpy.compiler.lowering", "mlpy.cli.app"}
    assert sorted(unwanted & modules) == []


def test_run_with_options_does_not_define_the_tool_commands(tmp_path):
    (tmp_path / "p.ml").write_text('print("hi");\n', encoding="utf-8")
    printed, modules = loaded(["run", "--timeout", "5", "p.ml"], tmp_path)
    assert printed == "hi"
    assert "mlpy.cli.app" in modules
    assert sorted({"mlpy.cli.tools", "mlpy.cli.debug"} & modules) == []


def test_tool_commands_are_defined_when_asked_for(tmp_path):
    (tmp_path / "p.ml").write_text("x = 1;\n", encoding="utf-8")
    printed, modules = loaded(["check", "p.ml"], tmp_path)
    assert "mlpy.cli.tools" in modules and "mlpy.cli.debug" not in modules
    printed, modules = loaded(["--help"], tmp_path)
    for command in ("check", "fmt", "transpile", "debug", "dap", "run", "repl"):
        assert f"\n  {command} " in printed
