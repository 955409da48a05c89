"""``mlpy debug`` driven through a pipe, and ``mlpy run`` never loading the debugger."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

PROGRAM = """\
function add(a, b) {
    c = a + b;
    return c;
}
total = 0;
for (i in [1, 2, 3]) {
    total = add(total, i);
}
print("total " + str(total));
"""


def debug(tmp_path: Path, commands: str, source: str = PROGRAM, *flags: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "prog.ml").write_text(source, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mlpy", "debug", *flags, "prog.ml"], input=commands,
                          capture_output=True, text=True, cwd=tmp_path, timeout=20)


def test_breakpoints_steps_and_printing_through_a_pipe(tmp_path: Path) -> None:
    result = debug(tmp_path, "b 2 if b == 2\nc\nbt\np [a, b]\nn\nn\nn\np total\nl\nc\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "stopped (program start) in <top level> at prog.ml:1",
        "   1 -> function add(a, b) {",
        "breakpoint 1 at prog.ml:2",
        "stopped (breakpoint) in add at prog.ml:2",
        "   2 ->     c = a + b;",
        ">#0 add at prog.ml:2",
        " #1 <top level> at prog.ml:7",
        "[1, 2]",
        "stopped (step) in add at prog.ml:3",
        "   3 ->     return c;",
        "stopped (step) in <top level> at prog.ml:7",
        "   7 ->     total = add(total, i);",
        "stopped (step) in <top level> at prog.ml:6",
        "   6 -> for (i in [1, 2, 3]) {",
        "3",
        "   1    function add(a, b) {",
        "   2  B     c = a + b;",
        "   3        return c;",
        "   4    }",
        "   5    total = 0;",
        "   6 -> for (i in [1, 2, 3]) {",
        "   7        total = add(total, i);",
        "   8    }",
        "   9    print(\"total \" + str(total));",
        "total 6",
        "program exited with status 0",
    ]


def test_up_and_down_select_the_frame_for_print_and_list(tmp_path: Path) -> None:
    result = debug(tmp_path, "b 3\nc\nu\np [i, total]\nbt\nu\nd\np c\nq\n")
    assert result.stdout.splitlines()[5:] == [
        "#1 <top level> at prog.ml:7",
        "   7 ->     total = add(total, i);",
        "[1, 0]",
        " #0 add at prog.ml:3",
        ">#1 <top level> at prog.ml:7",
        "no frame above this one",
        "#0 add at prog.ml:3",
        "   3 ->     return c;",
        "1",
        "program exited with status 1",
    ]


def test_step_in_errors_and_quit(tmp_path: Path) -> None:
    result = debug(tmp_path, "n\nn\nn\ns\np nosuch\np print(\"side\")\nb 99\nfly\nq\n")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[lines.index("side") + 1] == "null"  # what the evaluation printed, then its value
    assert "stopped (step) in add at prog.ml:2" in lines
    assert "<evaluate>:1:1: NameError: Unknown identifier 'nosuch'" in lines
    assert "no breakpoint at prog.ml:99: no code at or after this line" in lines
    assert "unknown command 'fly'; h lists the commands" in lines
    assert "total 6" not in lines


def test_uncaught_error_and_grants(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("hello", encoding="utf-8")
    source = 'import file;\ntext = file.read("data.txt");\nprint(text);\nx = text.nope();\n'
    refused = debug(tmp_path, "c\n", source)
    assert "CapabilityError" in refused.stderr and refused.returncode == 1
    # mlpy debug is on the command line: its refusals advise mlpy's flags, not launch.json.
    assert "Run with --allow-read=data.txt to allow it." in refused.stdout + refused.stderr
    assert "launch.json" not in refused.stdout + refused.stderr
    result = debug(tmp_path, "c\np text\nc\n", source, "--allow-read=data.txt")
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert "hello" in out
    assert "stopped (uncaught error) in <top level> at prog.ml:4" in out
    assert '"hello"' in out
    assert "prog.ml:4:" in result.stderr


def test_ctrl_c_pauses_the_running_program(tmp_path: Path) -> None:
    source = 'n = 0;\nprint("looping");\nwhile (true) {\n    n = n + 1;\n}\n'
    (tmp_path / "prog.ml").write_text(source, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "mlpy", "debug", "prog.ml"], cwd=tmp_path,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    assert process.stdin is not None and process.stdout is not None
    try:
        assert process.stdout.readline() == "stopped (program start) in <top level> at prog.ml:1\n"
        process.stdout.readline()
        process.stdin.write("c\n")
        process.stdin.flush()
        assert process.stdout.readline() == "looping\n"  # running now: Ctrl+C pauses it
        process.send_signal(signal.SIGINT)
        assert process.stdout.readline().startswith("stopped (paused) in <top level> at prog.ml:")
        process.stdout.readline()
        out, _err = process.communicate("p n > 0\nq\n", timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert out.splitlines() == ["true", "program exited with status 1"]
    assert process.returncode == 1


def test_a_program_that_does_not_compile_exits_2(tmp_path: Path) -> None:
    result = debug(tmp_path, "", "x = (1 + ;\n")
    assert result.returncode == 2
    assert "prog.ml:1:" in result.stderr and "SyntaxError" in result.stderr


def test_a_missing_file_or_a_refused_capability_request_exits_1(tmp_path: Path) -> None:
    missing = subprocess.run([sys.executable, "-m", "mlpy", "debug", "absent.ml"], input="",
                             capture_output=True, text=True, cwd=tmp_path, timeout=20)
    assert missing.returncode == 1 and "cannot read absent.ml" in missing.stderr
    requests = 'capability Files {\n    resource "*.txt";\n    allow read "*.txt";\n}\nprint(1);\n'
    refused = debug(tmp_path, "c\n", requests)
    assert refused.returncode == 1, refused.stderr
    assert "CapabilityError" in refused.stderr and "--allow-read" in refused.stderr
    assert refused.stdout == ""


def test_mlpy_run_never_loads_the_debugger(tmp_path: Path) -> None:
    (tmp_path / "prog.ml").write_text(PROGRAM, encoding="utf-8")
    code = (
        "import json, sys\n"
        "from mlpy.cli.app import main\n"
        "try:\n"
        "    main(['run', 'prog.ml'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps([name for name in sys.modules if name.startswith(('mlpy.tools.debugger', "
        "'mlpy.tools.dap'))] + [sys.gettrace() is None]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         timeout=20, check=True).stdout.splitlines()
    assert out[0] == "total 6"
    assert json.loads(out[1]) == [True]


def test_an_evaluation_out_of_time_names_its_own_bound_not_timeout(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``p`` runs under the debugger's own time bound (shortened here), which no flag changes."""
    from mlpy.cli.debug import TerminalDebugger
    from mlpy.tools.debugger import evaluate

    monkeypatch.setattr(evaluate, "EVAL_SECONDS", 0.25)
    program = tmp_path / "prog.ml"
    program.write_text("n = 1;\nprint(n);\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    debugger = TerminalDebugger(io.StringIO("n\np while (n > 0) {}\np n + 1\nc\n"), out, err)
    assert debugger.run(str(program), [], []) == 0, err.getvalue()
    assert out.getvalue().splitlines()[4:] == [
        "<evaluate>:1:1: TimeoutError: time limit of 0.25 s exceeded (each debugger evaluation stops "
        "after 0.25 s and no setting changes that; simplify the expression)",
        "    while (n > 0) {}",
        "    ^",
        "2",
        "1",
        "program exited with status 0",
    ]
    assert "--timeout" not in out.getvalue() + err.getvalue()


def test_limit_flags_stop_a_runaway_program_as_mlpy_run_does(tmp_path: Path) -> None:
    timed = debug(tmp_path, "c\n", "while (true) {}\n", "--timeout", "0.5")
    assert timed.returncode == 1
    assert "TimeoutError: time limit of 0.5 s exceeded (--timeout)" in timed.stdout
    assert "prog.ml:1:1: TimeoutError" in timed.stderr
    counted = debug(tmp_path, "c\n", "while (true) {}\n", "--max-steps", "100")
    assert counted.returncode == 1 and "LimitError: step limit of 100 exceeded (--max-steps)" in counted.stdout


def test_time_paused_at_a_stop_does_not_count_against_the_timeout(tmp_path: Path) -> None:
    import time

    (tmp_path / "prog.ml").write_text('x = 1;\nprint("done " + str(x));\n', encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "mlpy", "debug", "--timeout", "0.5", "prog.ml"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=tmp_path)
    assert process.stdout is not None and process.stdin is not None
    assert process.stdout.readline().startswith("stopped (program start)")
    time.sleep(1.0)  # paused at the first line for twice the time limit
    out, err = process.communicate("c\n", timeout=20)
    assert process.returncode == 0, err
    assert "done 1" in out


def test_max_memory_is_refused_with_the_way_to_get_it(tmp_path: Path) -> None:
    refused = debug(tmp_path, "c\n", PROGRAM, "--max-memory", "10")
    assert refused.returncode == 2
    assert "--max-memory cannot be enforced while debugging" in refused.stderr
    assert "mlpy run --sandbox --max-memory MB" in refused.stderr
