"""``mlpy check --suggest-grants``: the grants a program needs, from its standard-library calls."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from mlpy.tools.grants_inference import infer_grants

PROGRAM = (
    "import file;\n"
    "import env as e;\n"
    'text = file.read("data/input.txt");\n'
    'file.write("out/" + "result.txt", text + e.get("MLPY_TEST_VAR", "-"));\n'
    'print(file.read("out/result.txt"));\n'
)


def test_literal_paths_hosts_and_variables_are_inferred() -> None:
    source = (
        "import file;\nimport http as h;\nimport path;\nimport env;\n"
        'a = file.read("data/a.txt");\n'
        'h.get("https://api.example.com:8443/v1/items");\n'
        'h.request({method: "POST", url: "https://hooks.example.org/x"});\n'
        'h.get("https://cdn.example.net/img/" + a);\n'
        'path.glob("logs/2024/*.log");\n'
        'file.copy("data/a.txt", "backup/a.txt");\n'
        'v = env.get("HOME");\n'
        'file.write(path.join("out", "year", "a.txt"), "x");\n'
    )
    inferred = infer_grants(source, "p.ml")
    assert [(u.kind, u.resource, u.function, u.line) for u in inferred.uses] == [
        ("read", "data/a.txt", "file.read", 5),
        ("net", "api.example.com:8443", "http.get", 6),
        ("net", "hooks.example.org", "http.request", 7),
        ("net", "cdn.example.net", "http.get", 8),
        ("read", "logs/2024", "path.glob", 9),
        ("read", "data/a.txt", "file.copy", 10),
        ("write", "backup/a.txt", "file.copy", 10),
        ("env", "HOME", "env.get", 11),
        ("write", "out/year/a.txt", "file.write", 12),
    ]
    assert inferred.flags() == [
        "--allow-read=data/a.txt,logs/2024", "--allow-write=backup/a.txt,out/year/a.txt",
        "--allow-net=api.example.com:8443,hooks.example.org,cdn.example.net", "--allow-env=HOME",
    ]


def test_computed_resources_need_the_whole_kind_and_say_so() -> None:
    inferred = infer_grants('import file;\nimport http;\nname = "x";\nfile.read(name);\nhttp.get("https://" + name);\n')
    assert inferred.flags() == ["--allow-read", "--allow-net"]
    assert inferred.toml() == "[mlpy.capabilities]\nallow-read = true\nallow-net = true"
    assert [u.note for u in inferred.uses] == ["computed at run time", "the host is computed at run time"]


def test_unrelated_calls_and_shadowing_names_need_nothing() -> None:
    source = 'import math;\nfile = {read: fn(p) => p};\nprint(file.read("secret"), math.sqrt(4));\n'
    assert infer_grants(source).uses == []


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mlpy", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def test_suggested_flags_and_toml_let_the_program_run(mlpy: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "data" / "input.txt").write_text("hello ")
    (tmp_path / "p.ml").write_text(PROGRAM)
    result = mlpy("check", "--suggest-grants", "p.ml", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    run_line = next(line.strip() for line in lines if line.strip().startswith("mlpy run "))
    assert run_line == ("mlpy run --allow-read=data/input.txt,out/result.txt --allow-write=out/result.txt "
                        "--allow-env=MLPY_TEST_VAR p.ml")
    denied = _run("run", "p.ml", cwd=tmp_path)
    assert denied.returncode != 0 and "CapabilityError" in denied.stderr
    granted = _run(*run_line.split()[1:], cwd=tmp_path)
    assert (granted.returncode, granted.stdout) == (0, "hello -\n"), granted.stderr
    # the mlpy.toml section grants the same
    start = lines.index("mlpy.toml:") + 1
    section = [line.strip() for line in lines[start:] if line.strip() and not line.strip().startswith("(")]
    (tmp_path / "out" / "result.txt").unlink()
    (tmp_path / "mlpy.toml").write_text("\n".join(section) + "\n")
    from_project = _run("run", "p.ml", cwd=tmp_path)
    assert (from_project.returncode, from_project.stdout) == (0, "hello -\n"), from_project.stderr


def test_json_output_keeps_stdout_clean(mlpy: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "p.ml").write_text('import file;\nprint(file.read("a.txt"));\n')
    result = mlpy("check", "--format", "json", "--suggest-grants", "p.ml", cwd=tmp_path)
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("{")
    assert "--allow-read=a.txt" in result.stderr
