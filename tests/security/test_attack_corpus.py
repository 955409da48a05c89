"""The attack corpus: every ``tests/security/attacks/*.ml`` program is a real escape attempt.

Each file starts with ``//`` header lines that say what it tries and what must happen, plus
machine-readable directives this harness reads:

- ``// expect: refused`` — the run must end with an ``MLError`` (any kind: compile error,
  security/capability error, or an ML runtime error showing the route is closed);
- ``// expect: denied KIND`` — the run must end with an ``MLError`` whose ``kind`` is ``KIND``
  (``CapabilityError``, ``SecurityError``, ``SyntaxError``, ``NameError``, ``ImportError``, or an ML
  runtime type such as ``TypeError``);
- ``// expect: limit`` — the run must end with ``MLLimitError`` (``MLTimeoutError`` included);
- ``// expect: output-no-secret`` — the program may run or fail with an ``MLError``; only its output
  is judged;
- ``// expect: ok`` — the program must finish without error;
- ``// expect-output: TEXT`` (repeatable, one line each) — the exact printed output;
- ``// expect-globals: {json}`` — these top-level variables (a subset) after a successful run;
- ``// grants: CAP ...`` — capability strings for ``mlpy.run(capabilities=...)``;
- ``// limits: timeout=2 max_steps=100000 max_output=1000 max_recursion=200`` — run limits;
- ``// sandbox: yes`` — run with ``sandbox=True`` (a child process);
- ``// cli: yes`` — also run the file through ``python -m mlpy run`` with the same grants/limits;
- ``// isolate: yes`` — run the in-process ``mlpy.run`` inside a throw-away Python child that is
  killed after a hard deadline, for attacks (C-level loops such as ReDoS) that could otherwise hang
  the test session if the timeout fails to stop them.

Placeholders substituted in the directives and the source: ``{DIR}`` (the granted directory, holding
``data.txt``), ``{SECRET}`` (a file outside it containing ``TOP-SECRET-4242``), ``{OUTSIDE}`` (the
directory holding the secret), ``{LINK}`` (a symlink inside ``{DIR}`` pointing at the secret),
``{LINKDIR}`` (a symlink inside ``{DIR}`` pointing at ``{OUTSIDE}``) and ``{WDIR}`` (a directory that
write attacks may be granted). The environment variable ``MLPY_TEST_SECRET`` holds
``TOP-SECRET-ENV``. Whatever a program expects, its output must never contain ``PWNED``,
``TOP-SECRET`` or the repr of a Python internal object.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import mlpy
from mlpy.errors import MLLimitError

ATTACKS = Path(__file__).parent / "attacks"
SECRET_TEXT = "TOP-SECRET-4242"
ENV_SECRET = "TOP-SECRET-ENV"

# Text that must never reach an ML program's output: markers, secrets, Python object reprs.
FORBIDDEN_OUTPUT = [
    "PWNED",
    "TOP-SECRET",
    "<class",
    "<built-in",
    "<module '",
    "<bound method",
    "<code object",
    "<frame",
    "<traceback",
    "mappingproxy",
    "__builtins__",
    "root:x:0:0",
]
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

KNOWN_EXPECTS = {"refused", "denied", "limit", "output-no-secret", "ok"}


@dataclass
class Attack:
    """One corpus file with its parsed header directives."""

    path: Path
    source: str
    expect: str = ""
    expect_kind: str | None = None
    expect_output: list[str] | None = None
    expect_globals: dict | None = None
    grants: list[str] = field(default_factory=list)
    limits: dict[str, float] = field(default_factory=dict)
    sandbox: bool = False
    cli: bool = False
    isolate: bool = False
    described: bool = False


def parse_attack(path: Path) -> Attack:
    """Read the ``//`` header of an attack file into an ``Attack`` (directives listed above)."""
    source = path.read_text(encoding="utf-8")
    attack = Attack(path=path, source=source)
    for line in source.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        body = stripped[2:].strip()
        key, sep, value = body.partition(":")
        if not sep:
            attack.described = attack.described or bool(body)
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "expect":
            word, _, rest = value.partition(" ")
            attack.expect = word
            attack.expect_kind = rest.strip() or None
        elif key == "expect-output":
            attack.expect_output = [*(attack.expect_output or []), value]
        elif key == "expect-globals":
            attack.expect_globals = json.loads(value)
        elif key == "grants":
            attack.grants = value.split()
        elif key == "limits":
            for item in value.split():
                name, _, number = item.partition("=")
                attack.limits[name] = float(number) if "." in number else int(number)
        elif key == "sandbox":
            attack.sandbox = value.lower() in {"yes", "true", "1"}
        elif key == "isolate":
            attack.isolate = value.lower() in {"yes", "true", "1"}
        elif key == "cli":
            attack.cli = value.lower() in {"yes", "true", "1"}
        else:
            attack.described = True  # "attack: ...", "must: ..." and other prose
    return attack


def attack_files() -> list[Path]:
    """The corpus programs (helper modules under ``attacks/lib`` are not programs)."""
    return sorted(ATTACKS.glob("*.ml"))


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The directories, secret file, symlinks and env var the attacks aim at."""
    granted = tmp_path / "granted"
    outside = tmp_path / "outside"
    writable = tmp_path / "writable"
    for folder in (granted, outside, writable):
        folder.mkdir()
    (granted / "data.txt").write_text("public data\n", encoding="utf-8")
    (granted / "sub").mkdir()
    secret = outside / "secret.txt"
    secret.write_text(SECRET_TEXT + "\n", encoding="utf-8")
    os.symlink(secret, granted / "link.txt")
    os.symlink(outside, granted / "escape")
    monkeypatch.setenv("MLPY_TEST_SECRET", ENV_SECRET)
    return {
        "{DIR}": str(granted),
        "{SECRET}": str(secret),
        "{OUTSIDE}": str(outside),
        "{LINK}": str(granted / "link.txt"),
        "{LINKDIR}": str(granted / "escape"),
        "{WDIR}": str(writable),
    }


def substitute(text: str, places: dict[str, str]) -> str:
    """Replace every placeholder with its real path."""
    for key, value in places.items():
        text = text.replace(key, value)
    return text


def run_options(attack: Attack) -> dict:
    """Default limits (so no attack can hang the suite) overridden by the file's ``limits``."""
    options: dict = {"timeout": 5, "max_steps": 2_000_000}
    options.update(attack.limits)
    return options


ISOLATED_RUNNER = """
import io, json, sys
import mlpy
job = json.loads(sys.stdin.read())
out = io.StringIO()
try:
    result = mlpy.run(job["source"], filename=job["filename"], capabilities=job["grants"], stdout=out,
                      **job["options"])
    report = {"globals": {k: v for k, v in result.globals.items() if isinstance(v, (int, float, str))}}
except mlpy.MLError as exc:
    report = {"error": type(exc).__name__, "kind": exc.kind, "text": str(exc)}
except BaseException as exc:
    report = {"error": "python:" + type(exc).__name__, "kind": "", "text": repr(exc)}
report["output"] = out.getvalue()
sys.stdout.write(json.dumps(report))
"""


def run_isolated(attack: Attack, places: dict[str, str]) -> tuple[str, object, BaseException | None]:
    """Run the attack in a child Python killed after the time limit plus a grace period."""
    import mlpy.errors as errors

    options = run_options(attack)
    job = {"source": substitute(attack.source, places), "filename": str(attack.path),
           "grants": [substitute(g, places) for g in attack.grants], "options": options}
    deadline = float(options.get("timeout", 5)) + 20
    try:
        proc = subprocess.run([sys.executable, "-c", ISOLATED_RUNNER], input=json.dumps(job),
                              capture_output=True, text=True, timeout=deadline)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"the run ignored its time limit: still running after {deadline:.0f} s") from None
    report = json.loads(proc.stdout or "{}")
    name = report.get("error")
    if name is None:
        return report.get("output", ""), report.get("globals", {}), None
    cls = getattr(errors, name, None) if not name.startswith("python:") else None
    if cls is None:
        return report.get("output", ""), None, RuntimeError(f"{name}: {report.get('text')}")
    error = cls(report.get("text", ""))
    error.kind = report.get("kind", error.kind)
    return report.get("output", ""), None, error


def run_attack(attack: Attack, places: dict[str, str]) -> tuple[str, object, BaseException | None]:
    """Run one attack through ``mlpy.run``: (output, globals, exception or None)."""
    if attack.isolate:
        return run_isolated(attack, places)
    source = substitute(attack.source, places)
    options = run_options(attack)
    out = io.StringIO()
    try:
        result = mlpy.run(
            source, filename=str(attack.path), capabilities=[substitute(g, places) for g in attack.grants],
            stdout=out, sandbox=attack.sandbox, **options,
        )
    except BaseException as exc:  # judged below: only MLError subclasses are acceptable
        if isinstance(exc, KeyboardInterrupt):
            raise
        return out.getvalue(), None, exc
    return out.getvalue(), result.globals, None


def assert_clean_text(text: str, what: str) -> None:
    """No marker, secret or Python object repr in ``text``."""
    for marker in FORBIDDEN_OUTPUT:
        assert marker not in text, f"{what} contains {marker!r}:\n{text}"
    assert not ADDRESS.search(text), f"{what} contains a Python object address:\n{text}"


def check_outcome(attack: Attack, output: str, result_globals: object, error: BaseException | None) -> None:
    """Assert the file's expectation and the always-on leak checks."""
    if error is not None and not isinstance(error, mlpy.MLError):
        raise AssertionError(f"non-ML exception escaped: {type(error).__name__}: {error}") from error
    assert_clean_text(output, "output")
    if error is not None:
        assert "TOP-SECRET" not in str(error), f"the error message leaks the secret:\n{error}"
        assert "root:x:0:0" not in str(error)
    expect = attack.expect
    if expect == "refused":
        assert error is not None, f"the attack ran to completion; output:\n{output}"
    elif expect == "denied":
        assert error is not None, f"expected {attack.expect_kind}, the attack ran; output:\n{output}"
        assert error.kind == attack.expect_kind, f"expected {attack.expect_kind}, got:\n{error}"
    elif expect == "limit":
        assert isinstance(error, MLLimitError), f"expected a limit error, got {error!r}; output:\n{output[:300]}"
    elif expect == "ok":
        assert error is None, f"expected a clean run, got:\n{error}"
    if attack.expect_output is not None:
        assert output.rstrip("\n") == "\n".join(attack.expect_output), output
    if attack.expect_globals is not None:
        assert error is None, str(error)
        assert isinstance(result_globals, dict)
        for name, value in attack.expect_globals.items():
            assert result_globals.get(name) == value, (name, result_globals.get(name))


@pytest.mark.parametrize("path", attack_files(), ids=lambda p: p.stem)
def test_attack(path: Path, places: dict[str, str]) -> None:
    """Run the attack and assert that it is stopped the way its header says."""
    attack = parse_attack(path)
    assert attack.expect in KNOWN_EXPECTS, f"{path.name}: missing or unknown '// expect:' line"
    assert attack.described, f"{path.name}: the header must say what the attack tries"
    if attack.expect == "denied":
        assert attack.expect_kind, f"{path.name}: 'denied' needs an error kind"
    output, result_globals, error = run_attack(attack, places)
    check_outcome(attack, output, result_globals, error)


def cli_flags(attack: Attack, places: dict[str, str]) -> list[str]:
    """The ``mlpy run`` flags equivalent to the file's grants and limits."""
    flags = []
    for grant in attack.grants:
        kind, _, target = substitute(grant, places).partition(":")
        flags.append(f"--allow-{kind}={target}" if target else f"--allow-{kind}")
    names = {"timeout": "--timeout", "max_steps": "--max-steps", "max_output": "--max-output",
             "max_recursion": "--max-recursion"}
    limits = {"timeout": 10, "max_steps": 2_000_000}
    limits.update(attack.limits)
    for name, value in limits.items():
        flags.append(f"{names[name]}={value}")
    if attack.sandbox:
        flags.append("--sandbox")
    return flags


CLI_ATTACKS = [p for p in attack_files() if parse_attack(p).cli]


@pytest.mark.parametrize("path", CLI_ATTACKS, ids=lambda p: p.stem)
def test_attack_through_cli(path: Path, places: dict[str, str], tmp_path: Path) -> None:
    """The same attack through ``python -m mlpy run`` fails (exit 1) and leaks nothing."""
    attack = parse_attack(path)
    program = tmp_path / path.name
    program.write_text(substitute(attack.source, places), encoding="utf-8")
    env = dict(os.environ, MLPY_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run(
        [sys.executable, "-m", "mlpy", "run", *cli_flags(attack, places), str(program)],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )
    assert_clean_text(proc.stdout, "stdout")
    assert "TOP-SECRET" not in proc.stderr
    assert "Traceback (most recent call last)" not in proc.stderr, proc.stderr
    if attack.expect in {"refused", "denied", "limit"}:
        assert proc.returncode != 0, proc.stdout
        if attack.expect == "denied":
            assert f": {attack.expect_kind}: " in proc.stderr, proc.stderr
        if attack.expect == "limit":
            assert re.search(r": (LimitError|TimeoutError): ", proc.stderr), proc.stderr


def test_corpus_is_large_and_annotated() -> None:
    """At least 110 attack programs, every one with a valid expectation line."""
    files = attack_files()
    assert len(files) >= 110, len(files)
    for path in files:
        attack = parse_attack(path)
        assert attack.expect in KNOWN_EXPECTS, path.name


def test_header_parser_reads_directives(tmp_path: Path) -> None:
    """The directive parser itself: placeholders, kinds, limits, repeated output lines."""
    sample = tmp_path / "sample.ml"
    sample.write_text(
        "// attack: demo\n// expect: denied CapabilityError\n// grants: read:{DIR} env:HOME\n"
        "// limits: timeout=1.5 max_steps=10\n// sandbox: yes\n// expect-output: a\n// expect-output: b\n"
        'print("x");\n// expect: ok\n',
        encoding="utf-8",
    )
    attack = parse_attack(sample)
    assert (attack.expect, attack.expect_kind) == ("denied", "CapabilityError")
    assert attack.grants == ["read:{DIR}", "env:HOME"]
    assert attack.limits == {"timeout": 1.5, "max_steps": 10}
    assert attack.sandbox and attack.described
    assert attack.expect_output == ["a", "b"]
    assert substitute("read:{DIR}/x", {"{DIR}": "/g"}) == "read:/g/x"


def test_no_security_test_can_skip() -> None:
    """A security test never skips: if it cannot set up its attack, it fails."""
    forbidden = re.compile(r"pytest\.skip\(|mark\.skip|skipif|importorskip|mark\.xfail")
    offenders = []
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        if path.name == Path(__file__).name:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if forbidden.search(line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, offenders
