"""Project files cannot grant themselves: the upward search stays inside what the user controls.

``config.find_project_file`` stops after a repository root or the user's home, never reads from or
crosses a folder others may write, and uses only regular files owned by the user that no one else
can write. The CLI names the file it uses and what it granted; the API reads one only when asked.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import mlpy
from mlpy.config import ConfigWarning, find_project_file
from mlpy.errors import MLCapabilityError

GRANT_ALL = '[mlpy]\ncapabilities = ["all"]\n'
READ_SECRET = 'import file; print(file.read("{S}"));\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private root (0700, like a home) holding the test's folders; HOME points elsewhere."""
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    os.chmod(tmp_path, 0o700)
    (tmp_path / "secret.txt").write_text("TOP-SECRET\n", encoding="utf-8")
    return tmp_path


def program_in(folder: Path, secret: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "main.ml"
    program.write_text(READ_SECRET.format(S=secret), encoding="utf-8")
    return program


def cli(program: Path, *flags: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-m", "mlpy", "run", *flags, str(program)], capture_output=True,
                          text=True, timeout=60, env=env, cwd=cwd or program.parent)


def search(start: Path) -> tuple[Path | None, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = find_project_file(start)
    return found, [str(w.message) for w in caught if issubclass(w.category, ConfigWarning)]


def test_a_file_planted_in_a_world_writable_parent_is_never_read(tree: Path) -> None:
    shared = tree / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp
    (shared / "mlpy.toml").write_text(GRANT_ALL, encoding="utf-8")
    program = program_in(shared / "me" / "app", tree / "secret.txt")
    os.chmod(shared / "me", 0o755)
    assert search(program.parent) == (None, [])  # stops before crossing into `shared`
    proc = cli(program)
    assert proc.returncode == 1 and "TOP-SECRET" not in proc.stdout
    assert "mlpy: using" not in proc.stderr
    assert f"file.read: reading '{tree / 'secret.txt'}' is not allowed (no read grant)" in proc.stderr
    # a program directly in the shared folder: the file there is ignored, and said so
    assert search(shared) == (None, [f"{shared / 'mlpy.toml'} ignored: its folder is writable by other users"])


def test_a_group_writable_folder_is_not_crossed(tree: Path) -> None:
    (tree / "mlpy.toml").write_text(GRANT_ALL, encoding="utf-8")
    team = tree / "team"
    team.mkdir()
    os.chmod(team, 0o775)
    assert search(program_in(team / "app", tree / "secret.txt").parent) == (None, [])


def test_the_search_stops_at_a_repository_root(tree: Path) -> None:
    (tree / "mlpy.toml").write_text(GRANT_ALL, encoding="utf-8")
    repo = tree / "repo"
    (repo / "src").mkdir(parents=True)
    for marker in (".git", ".hg", ".svn"):
        (repo / marker).mkdir()
        assert search(repo / "src") == (None, []), marker
        (repo / marker).rmdir()
    assert search(repo / "src") == (tree / "mlpy.toml", [])  # control: without a marker it is found
    (repo / ".git").mkdir()
    (repo / "mlpy.toml").write_text("[mlpy]\n", encoding="utf-8")
    assert search(repo / "src") == (repo / "mlpy.toml", [])  # the repository's own file is used


def test_the_search_stops_at_home(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tree / "home"
    (home / "work").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (tree / "mlpy.toml").write_text(GRANT_ALL, encoding="utf-8")
    assert search(home / "work") == (None, [])
    (home / "mlpy.json").write_text("{}", encoding="utf-8")
    assert search(home / "work") == (home / "mlpy.json", [])


def test_only_files_of_the_user_that_nobody_else_can_write(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tree / "project"
    project.mkdir()
    toml = project / "mlpy.toml"
    toml.write_text(GRANT_ALL, encoding="utf-8")
    os.chmod(toml, 0o664)
    assert search(project) == (None, [f"{toml} ignored: it is writable by other users"])
    os.chmod(toml, 0o644)
    assert search(project) == (toml, [])
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(toml).st_uid + 4242)  # someone else's file
    assert search(project) == (None, [f"{toml} ignored: it is not owned by the current user"])
    monkeypatch.undo()
    toml.unlink()
    (tree / "real.toml").write_text(GRANT_ALL, encoding="utf-8")
    toml.symlink_to(tree / "real.toml")
    assert search(project) == (None, [f"{toml} ignored: a project file may not be a symbolic link"])


def test_the_cli_names_the_file_and_what_it_granted(tree: Path) -> None:
    project = tree / "project"
    (project / "data").mkdir(parents=True)
    (project / "ext").mkdir()
    (project / "data" / "a.txt").write_text("A", encoding="utf-8")
    (project / "mlpy.toml").write_text(
        '[mlpy]\ncapabilities = ["read:data", "net:api.example.com"]\nextension_paths = ["ext"]\n',
        encoding="utf-8")
    program = project / "main.ml"
    program.write_text(f'import file; print(file.read("{project}/data/a.txt"));\n', encoding="utf-8")
    for flags in ((), ("--timeout=5",)):  # the fast entry point and the click command
        proc = cli(program, *flags)
        assert (proc.returncode, proc.stdout) == (0, "A\n"), proc.stderr
        assert proc.stderr.splitlines() == [
            f"mlpy: using {project / 'mlpy.toml'} (grants: read data, net api.example.com; extension paths: ext)"]
    (project / "mlpy.toml").write_text("[mlpy]\n", encoding="utf-8")
    proc = cli(program)
    assert proc.stderr.splitlines()[0] == f"mlpy: using {project / 'mlpy.toml'} (grants: none)"


def test_the_api_reads_a_project_file_only_when_asked(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tree / "tenant"
    project.mkdir()
    (project / "mlpy.toml").write_text(f'[mlpy]\ncapabilities = ["read:{tree}"]\n', encoding="utf-8")
    monkeypatch.chdir(project)
    source = READ_SECRET.format(S=tree / "secret.txt")
    for filename in ("main.ml", "./main.ml", str(project / "main.ml")):  # a label never looks anything up
        with pytest.raises(MLCapabilityError, match="no read grant"):
            mlpy.run(source, filename=filename, stdout=io.StringIO())
    out = io.StringIO()
    mlpy.run(source, filename="main.ml", stdout=out, project_file=True)  # the host asked
    assert out.getvalue() == "TOP-SECRET\n\n"  # the file ends with a newline, print adds one
