"""Forged compile cache entries are never executed.

A cache entry is a marshalled Python code object, so an attacker who can write one runs Python in
the host. Every entry is sealed with a MAC keyed by a per-user secret (``compiler.cache_seal``); a
forged one -- an unsealed marshal of malicious code, one sealed with another key, a valid entry of
another program moved under this name -- is ignored and the program recompiled, in process, from
the command line and under ``--sandbox``.
"""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mlpy.compiler import CompileOptions, cache, cache_seal, compile_cached

BENIGN = 'print("benign " + str(6 * 7));\n'


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A private cache folder and key folder for the test, and the program file."""
    cache_dir, config = tmp_path / "cache", tmp_path / "config"
    monkeypatch.setenv("MLPY_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    cache_seal.forget()
    program = tmp_path / "prog.ml"
    program.write_text(BENIGN, encoding="utf-8")
    yield {"cache": cache_dir, "config": config, "program": program, "tmp": tmp_path}
    cache_seal.forget()


def run_cli(places: dict[str, Path], *flags: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MLPY_CACHE_DIR=str(places["cache"]), XDG_CONFIG_HOME=str(places["config"]))
    return subprocess.run([sys.executable, "-m", "mlpy", "run", *flags, str(places["program"])],
                          capture_output=True, text=True, timeout=60, env=env, cwd=places["tmp"])


def the_entry(places: dict[str, Path]) -> Path:
    found = sorted(places["cache"].rglob("*.mlc"))
    assert len(found) == 1, found
    return found[0]


def malicious_payload(filename: str) -> bytes:
    """A well-formed entry body (current format) whose code prints PWNED when executed."""
    code = compile('print("PWNED")\n', filename, "exec")
    meta = {"imports": [], "caps": [], "warnings": [], "names": []}
    return marshal.dumps((cache._FORMAT, code, meta))


def forgeries(entry: Path, places: dict[str, Path]) -> dict[str, bytes]:
    """Every way to write a malicious entry without the user's secret."""
    payload = malicious_payload(str(places["program"]))
    other = compile_cached('print("PWNED");', str(places["program"]), CompileOptions())  # a real entry
    other_entries = [p for p in places["cache"].rglob("*.mlc") if p != entry]
    assert other.python_module is not None and len(other_entries) == 1
    wrong_key = cache_seal._blake2b(entry.stem.encode() + b"\0" + payload, os.urandom(32))
    return {
        "unsealed marshal": payload,
        "sealed with another key": wrong_key + payload,
        "another program's valid entry": other_entries[0].read_bytes(),
        "valid seal, body swapped": entry.read_bytes()[:cache_seal.MAC_BYTES] + payload,
        "truncated": entry.read_bytes()[:20],
    }


@pytest.mark.parametrize("sandbox", [False, True], ids=["in-process", "sandbox"])
def test_forged_entry_is_recompiled_never_run(places: dict[str, Path], sandbox: bool) -> None:
    flags = ("--sandbox", "--timeout=20") if sandbox else ()
    first = run_cli(places, *flags)
    assert first.returncode == 0 and first.stdout == "benign 42\n", first.stderr
    entry = the_entry(places)
    for name, forged in forgeries(entry, places).items():
        entry.write_bytes(forged)
        proc = run_cli(places, *flags)
        assert "PWNED" not in proc.stdout + proc.stderr, name
        assert (proc.returncode, proc.stdout) == (0, "benign 42\n"), (name, proc.stderr)
        assert entry.read_bytes() != forged, f"{name}: the recompiled program replaced the entry"


def test_forged_entry_in_process(places: dict[str, Path]) -> None:
    source, filename = "x = 6 * 7;", str(places["program"])
    compile_cached(source, filename)
    entry = next(places["cache"].rglob("*.mlc"))
    entry.write_bytes(malicious_payload(filename))
    program = compile_cached(source, filename)
    assert program.python_module is not None  # compiled afresh: the forged entry was ignored
    assert compile_cached(source, filename).python_module is None  # the rewritten entry is a hit


def test_secret_is_private_and_created_once(places: dict[str, Path]) -> None:
    first = cache_seal.secret()
    path = cache_seal.key_path()
    assert path == places["config"] / "mlpy" / "cache.key"
    info = path.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_size == 32
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    cache_seal.forget()
    assert cache_seal.secret() == first == path.read_bytes()


def test_key_with_wrong_permissions_is_replaced(places: dict[str, Path]) -> None:
    first = cache_seal.secret()
    path = cache_seal.key_path()
    os.chmod(path, 0o644)  # others could have read it
    cache_seal.forget()
    second = cache_seal.secret()
    assert second is not None and second != first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_symlinked_key_is_not_followed(places: dict[str, Path]) -> None:
    folder = places["config"] / "mlpy"
    folder.mkdir(parents=True)
    planted = places["tmp"] / "planted.key"
    planted.write_bytes(b"k" * 32)
    os.chmod(planted, 0o600)
    (folder / "cache.key").symlink_to(planted)
    secret = cache_seal.secret()
    assert secret is not None and secret != b"k" * 32
    assert not (folder / "cache.key").is_symlink()
    assert planted.read_bytes() == b"k" * 32


def test_group_writable_key_folder_is_closed(places: dict[str, Path]) -> None:
    folder = places["config"] / "mlpy"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    assert cache_seal.secret() is not None
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0


def test_no_private_place_means_no_cache(places: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = places["tmp"] / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))  # the key's folder cannot exist
    cache_seal.forget()
    assert cache_seal.secret() is None
    compile_cached("x = 1;", "p.ml")
    assert not any(places["cache"].rglob("*.mlc"))
    assert compile_cached("x = 1;", "p.ml").python_module is not None


def test_control_without_the_seal_the_forgery_would_run(places: dict[str, Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The attack is real: were entries trusted unchecked, the forged code would be what runs."""
    import io

    import mlpy
    from mlpy.engine.program_cache import PROGRAMS

    program = places["program"]
    mlpy.run_file(program, stdout=io.StringIO())
    entry = the_entry(places)
    entry.write_bytes(malicious_payload(str(program)))
    monkeypatch.setattr(cache_seal, "unseal", lambda name, data: data)
    PROGRAMS.clear()
    out = io.StringIO()
    mlpy.run_file(program, stdout=out)
    PROGRAMS.clear()
    assert out.getvalue() == "PWNED\n"
