"""Protected paths: no grant, not even ``--allow-all``, lets a program write what would make it
Python code in the host or grant its next run more (``mlpy.runtime.protected``).

Project files (``mlpy.toml``/``mlpy.json`` anywhere), the compile cache folder, the run's extension
and ML module folders, and (read or write) mlpy's configuration folder holding the cache secret --
through every writing function: file, path, csv, log.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import mlpy
from mlpy.compiler import cache, cache_seal
from mlpy.errors import MLCapabilityError

PROJECT = "project files (mlpy.toml, mlpy.json) are protected (no grant covers it)"


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A writable work folder, a cache, a configuration folder and an extension folder."""
    names = ("work", "cache", "config", "ext", "mlmods")
    made = {name: tmp_path / name for name in names}
    for folder in made.values():
        folder.mkdir()
    monkeypatch.setenv("MLPY_CACHE_DIR", str(made["cache"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(made["config"]))
    cache_seal.forget()
    assert cache_seal.secret() is not None  # the key file exists: an attack on it is real
    made["root"] = tmp_path
    yield made
    cache_seal.forget()


def refused(source: str, folders: dict[str, Path], **options: object) -> MLCapabilityError:
    options.setdefault("capabilities", ["all"])
    with pytest.raises(MLCapabilityError) as caught:
        mlpy.run(source, extension_paths=[str(folders["ext"])], ml_module_paths=[str(folders["mlmods"])],
                 **options)
    return caught.value


@pytest.mark.parametrize(("call", "function"), [
    ('file.write("{W}/mlpy.toml", "[mlpy]\\ncapabilities = [\\"all\\"]\\n")', "file.write"),
    ('file.append("{W}/mlpy.json", "{{}}")', "file.append"),
    ('file.writeBytes("{W}/Mlpy.Toml", [1])', "file.writeBytes"),
    ('file.copy("{W}/ok.txt", "{W}/mlpy.toml")', "file.copy"),
    ('file.move("{W}/ok.txt", "{W}/mlpy.json")', "file.move"),
    ('csv.write("{W}/mlpy.toml", [{{"a": 1}}])', "csv.write"),
    ('log.add_file("{W}/mlpy.json")', "log.add_file"),
    ('path.createDir("{W}/mlpy.toml")', "path.createDir"),
])
def test_no_write_grant_covers_a_project_file(folders: dict[str, Path], call: str, function: str) -> None:
    work = folders["work"]
    (work / "ok.txt").write_text("x", encoding="utf-8")
    source = "import file; import csv; import log; import path;\n" + call.format(W=work) + ";"
    for grants in (["all"], [f"write:{work}", f"read:{work}"], [f"write:{folders['root']}", "read"]):
        error = refused(source, folders, capabilities=grants)
        target = call.format(W=work).split('"')[-2] if function in ("file.copy", "file.move") \
            else call.format(W=work).split('"')[1]
        assert error.message == f"{function}: writing '{target}' is not allowed: {PROJECT}"
    assert sorted(p.name for p in work.iterdir()) == ["ok.txt"]


def test_an_existing_project_file_cannot_be_changed_or_deleted(folders: dict[str, Path]) -> None:
    toml = folders["work"] / "mlpy.toml"
    toml.write_text("[mlpy]\n", encoding="utf-8")
    for call in ('file.write("{T}", "x")', 'file.delete("{T}")', 'file.move("{T}", "{T}.bak")'):
        error = refused("import file; " + call.format(T=toml) + ";", folders)
        assert PROJECT in error.message
    assert toml.read_text(encoding="utf-8") == "[mlpy]\n"


def test_a_symlink_to_a_project_file_is_judged_by_its_target(folders: dict[str, Path]) -> None:
    toml = folders["root"] / "mlpy.toml"
    toml.write_text("[mlpy]\n", encoding="utf-8")
    link = folders["work"] / "innocent.txt"
    link.symlink_to(toml)
    error = refused(f'import file; file.write("{link}", "x");', folders)
    assert error.message == f"file.write: writing '{link}' is not allowed: {PROJECT}"
    assert toml.read_text(encoding="utf-8") == "[mlpy]\n"


def test_the_compile_cache_folder_is_protected(folders: dict[str, Path]) -> None:
    entry_dir = folders["cache"] / "ab"
    assert cache.cache_dir() == folders["cache"]
    error = refused(f'import file; file.write("{entry_dir}/ab00.mlc", "x");', folders)
    assert error.message == (f"file.write: writing '{entry_dir}/ab00.mlc' is not allowed: it is inside the "
                             "compile cache, which is protected (no grant covers it)")
    error = refused(f'import path; path.removeDirRecursive("{folders["root"]}");', folders)
    assert error.message == (f"path.removeDirRecursive: writing '{folders['root']}' is not allowed: it "
                             "contains the compile cache, which is protected (no grant covers it)")
    assert not entry_dir.exists()


@pytest.mark.parametrize(("folder", "what"), [("ext", "an extension folder"), ("mlmods", "an ML module folder")])
def test_module_folders_are_protected(folders: dict[str, Path], folder: str, what: str) -> None:
    target = folders[folder] / "evil.py"
    error = refused(f'import file; file.write("{target}", "import os");', folders)
    assert error.message == (f"file.write: writing '{target}' is not allowed: it is inside {what}, which "
                             "is protected (no grant covers it)")
    error = refused(f'import path; path.removeDir("{folders[folder]}");', folders)
    assert f"it is inside {what}, which is protected" in error.message
    assert not target.exists() and folders[folder].is_dir()
    # a run without that folder on its paths may write there (the protection is the run's own paths)
    mlpy.run(f'import file; file.write("{target}", "x");', capabilities=["all"])
    assert target.read_text(encoding="utf-8") == "x"


def test_the_cache_secret_can_be_neither_read_nor_written(folders: dict[str, Path]) -> None:
    key = cache_seal.key_path()
    assert key.is_file()
    for call, function, verb in (('file.read("{K}")', "file.read", "reading"),
                                 ('file.readBytes("{K}")', "file.readBytes", "reading"),
                                 ('file.write("{K}", "x")', "file.write", "writing"),
                                 ('path.listDir("{D}")', "path.listDir", "reading")):
        text = call.format(K=key, D=key.parent)
        error = refused("import file; import path; " + text + ";", folders)
        shown = text.split('"')[1]
        assert error.message == (f"{function}: {verb} '{shown}' is not allowed: mlpy's configuration "
                                 "folder is protected (no grant covers it)")


def test_has_capability_and_requests_agree(folders: dict[str, Path]) -> None:
    work = folders["work"]
    result = mlpy.run(f'a = hasCapability("write:{work}/mlpy.toml"); b = hasCapability("write:{work}/x");',
                      capabilities=["all"])
    assert (result.globals["a"], result.globals["b"]) == (False, True)
    with pytest.raises(MLCapabilityError, match="requests capabilities that were not granted"):
        mlpy.run(f'capability C {{ allow write "{work}/mlpy.toml"; }}\nx = 1;', capabilities=["all"])


def test_cli_allow_all_cannot_write_a_project_file(folders: dict[str, Path]) -> None:
    program = folders["work"] / "grant_me.ml"
    program.write_text('import file; file.write("mlpy.toml", "[mlpy]\\ncapabilities = [\\"all\\"]\\n");\n',
                       encoding="utf-8")
    env = dict(os.environ, MLPY_CACHE_DIR=str(folders["cache"]), XDG_CONFIG_HOME=str(folders["config"]))
    proc = subprocess.run([sys.executable, "-m", "mlpy", "run", "--allow-all", str(program)],
                          capture_output=True, text=True, timeout=60, env=env, cwd=folders["work"])
    assert proc.returncode == 1
    assert f"CapabilityError: file.write: writing 'mlpy.toml' is not allowed: {PROJECT}" in proc.stderr
    assert not (folders["work"] / "mlpy.toml").exists()


def test_a_sandboxed_run_protects_the_hosts_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sandbox child has no HOME of its own: it is told the host's cache and key folders, so
    its protected paths are the host's (and its cache entries verify with the host's key)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("MLPY_CACHE_DIR", raising=False)
    cache_seal.forget()
    try:
        key = cache_seal.key_path()
        assert key == home / ".config" / "mlpy" / "cache.key" and cache_seal.secret() is not None
        with pytest.raises(MLCapabilityError) as caught:
            mlpy.run(f'import file; print(file.readBytes("{key}"));', capabilities=["all"], sandbox=True,
                     timeout=20)
        assert caught.value.message == (f"file.readBytes: reading '{key}' is not allowed: mlpy's "
                                        "configuration folder is protected (no grant covers it)")
        entry = home / ".cache" / "mlpy" / "ab" / "x.mlc"
        with pytest.raises(MLCapabilityError, match="inside the compile cache, which is protected"):
            mlpy.run(f'import file; file.write("{entry}", "x");', capabilities=["all"], sandbox=True, timeout=20)
    finally:
        cache_seal.forget()
