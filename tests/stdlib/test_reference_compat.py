"""Behaviour the reference programs rely on: utc() as a time zone, write() into new folders,
combined short flags, walk() listing files like the reference, and `--max-steps 1e6`."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import mlpy


def _run(source: str, **options: object) -> str:
    out = io.StringIO()
    mlpy.run(source, stdout=out, **options)
    return out.getvalue()


def test_utc_is_the_marker_now_accepts() -> None:
    text = _run("import datetime;\nprint(datetime.utc());\n"
                "print(datetime.now(datetime.utc()).toISOString().endswith(\"+00:00\"));\n")
    assert text == "UTC\ntrue\n"


def test_write_creates_missing_folders_inside_the_grant(tmp_path: Path) -> None:
    target = tmp_path / "out" / "2024" / "report.txt"
    _run(f'import file;\nfile.write("{target}", "ok");\n', capabilities=[f"write:{tmp_path}"])
    assert target.read_text(encoding="utf-8") == "ok"


def test_write_never_creates_folders_outside_the_grant(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "x.txt"
    with pytest.raises(mlpy.MLError) as caught:
        _run(f'import file;\nfile.write("{target}", "no");\n', capabilities=[f"write:{target}"])
    assert caught.value.message == (f"file.write: no such folder: '{tmp_path}/elsewhere' (and the write "
                                    "grant does not cover creating it)")
    assert not (tmp_path / "elsewhere").exists()


def test_combined_short_flags() -> None:
    source = ('import args;\np = args.create_parser("t", "");\np.add_flag("verbose", "v");\n'
              'p.add_flag("force", "f");\np.add_option("out", "o");\n'
              'r = p.parse(["-vf", "-o", "x.txt"]);\nprint(r.flags(), r.options());\n'
              'r = p.parse(["-fvo", "y.txt", "rest"]);\nprint(r.flags(), r.options(), r.positionals());\n')
    assert _run(source) == ('{"verbose": true, "force": true} {"out": "x.txt"}\n'
                            '{"verbose": true, "force": true} {"out": "y.txt"} ["rest"]\n')


def test_an_unknown_letter_in_a_flag_cluster_is_named() -> None:
    source = ('import args;\np = args.create_parser("t", "");\np.add_flag("verbose", "v");\n'
              'try { p.parse(["-vz"]); } except (e) { print(e.message); }\n')
    assert _run(source).startswith("ArgParser.parse: unknown option '-z' in '-vz'\n")


def test_walk_lists_files_relative_and_sorted_like_the_reference(tmp_path: Path) -> None:
    for relative in ("b.txt", "a/one.ml", "a/deeper/two.ml", "c/three.txt"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x", encoding="utf-8")
    source = (f'import path;\nprint(path.walk("{tmp_path}"));\nprint(len(path.walk("{tmp_path}", 1)));\n'
              f'print(len(path.walk("{tmp_path}", 0)));\n')
    assert _run(source, capabilities=[f"read:{tmp_path}"]) == (
        '["a/deeper/two.ml", "a/one.ml", "b.txt", "c/three.txt"]\n3\n1\n')


def test_cli_limits_accept_scientific_notation(tmp_path: Path) -> None:
    program = tmp_path / "p.ml"
    program.write_text("x = 0;\nfor (i in range(10)) { x = x + i; }\nprint(x);\n", encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "mlpy", "run", "--timeout", "5", "--max-steps", "1e6",
                         str(program)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (ok.returncode, ok.stdout) == (0, "45\n"), ok.stderr
    bad = subprocess.run([sys.executable, "-m", "mlpy", "run", "--max-steps", "1.5", str(program)],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert bad.returncode == 2 and "'1.5' is not a whole number" in bad.stderr
