"""Tests of the ML ``path`` module: pure path functions and granted directory operations."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager

import pytest

from mlpy.errors import MLCapabilityError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib.path_bridge import path


@contextmanager
def granted(*capabilities: str, front_end: str = "cli"):
    """Run the block with exactly these grants active (refusals advise ``front_end``'s way)."""
    with use(ExecutionContext(grants=Grants.from_strings(list(capabilities)), front_end=front_end)):
        yield


def test_pure_functions():
    assert path.join("a", "b", "c.txt") == os.path.join("a", "b", "c.txt") and path.join() == ""
    assert path.dirname("/x/y/z.txt") == "/x/y" and path.dirname("z") == ""
    assert path.basename("/x/y/z.txt") == "z.txt"
    assert path.extname("a/b.tar.gz") == ".gz" and path.extname("Makefile") == ""
    assert path.split("/x/y") == ["/x", "y"]
    assert path.absolute("/abs/x") == "/abs/x"
    assert path.normalize("a//b/../c/.") == "a/c"
    assert path.relative("/a/b", "/a/c/d") == "../c/d"
    assert path.isAbsolute("/a") and not path.isAbsolute("a")
    assert path.separator() == os.sep and path.delimiter() == os.pathsep
    with pytest.raises(TypeError, match=r"^path\.join: expected a string as 'parts\[1\]', got number$"):
        path.join("a", 1)


def make_tree(root):
    (root / "d" / "e").mkdir(parents=True)
    (root / "a.txt").write_text("a")
    (root / "d" / "b.ml").write_text("b")
    (root / "d" / "e" / "c.ml").write_text("c")


def test_listing_with_read_grant(tmp_path):
    make_tree(tmp_path)
    with granted(f"read:{tmp_path}"):
        assert path.exists(str(tmp_path / "a.txt")) and not path.exists(str(tmp_path / "zz"))
        assert path.isFile(str(tmp_path / "a.txt")) and not path.isFile(str(tmp_path / "d"))
        assert path.isDirectory(str(tmp_path / "d")) and not path.isDirectory(str(tmp_path / "a.txt"))
        assert path.listDir(str(tmp_path)) == ["a.txt", "d"]
        assert path.glob(str(tmp_path / "*.txt")) == [str(tmp_path / "a.txt")]
        assert path.glob(str(tmp_path / "**" / "*.ml")) == [str(tmp_path / "d" / "b.ml"),
                                                          str(tmp_path / "d" / "e" / "c.ml")]
        root = str(tmp_path)
        # As the reference: files only, relative to the directory, sorted; max_depth folder levels.
        assert path.walk(root) == ["a.txt", "d/b.ml", "d/e/c.ml"]
        assert path.walk(root, 1) == ["a.txt", "d/b.ml"]
        assert path.walk(root, 0) == ["a.txt"]
        with pytest.raises(ValueError, match=r"^path\.listDir: no such file or directory: '.*zz'$"):
            path.listDir(str(tmp_path / "zz"))
        with pytest.raises(ValueError, match=r"^path\.walk: not a directory"):
            path.walk(str(tmp_path / "a.txt"))


def test_directory_changes_with_write_grant(tmp_path):
    with granted(f"read:{tmp_path}", f"write:{tmp_path}"):
        path.createDir(str(tmp_path / "x" / "y"))
        assert (tmp_path / "x" / "y").is_dir()
        path.createDir(str(tmp_path / "x" / "y"))  # exists: fine with parents
        with pytest.raises(ValueError, match=r"^path\.createDir: no such file or directory"):
            path.createDir(str(tmp_path / "p" / "q"), False)
        with pytest.raises(ValueError, match=r"^path\.removeDir: directory not empty: '.*x'$"):
            path.removeDir(str(tmp_path / "x"))
        path.removeDir(str(tmp_path / "x" / "y"))
        assert not (tmp_path / "x" / "y").exists()
        (tmp_path / "x" / "f.txt").write_text("f")
        path.removeDirRecursive(str(tmp_path / "x"))
        assert not (tmp_path / "x").exists()


def test_without_grants_everything_touching_the_disk_is_refused(tmp_path):
    make_tree(tmp_path)
    target = str(tmp_path / "d")
    with granted():
        for call in (path.exists, path.isFile, path.isDirectory, path.listDir, path.walk,
                     lambda p: path.glob(p + "/*")):
            with pytest.raises(MLCapabilityError, match="--allow-read"):
                call(target)
        for call in (path.createDir, path.removeDir, path.removeDirRecursive):
            with pytest.raises(MLCapabilityError, match="--allow-write"):
                call(target)
    assert (tmp_path / "d" / "b.ml").exists()


def test_grant_limited_to_one_directory(tmp_path):
    inside = tmp_path / "inside"
    inside.mkdir()
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("k")
    (inside / "link").symlink_to(secret)
    (inside / "own.txt").write_text("o")
    with granted(f"read:{inside}", f"write:{inside}"):
        for target in (str(secret), str(inside / ".."), str(inside / "link")):
            with pytest.raises(MLCapabilityError):
                path.listDir(target)
            with pytest.raises(MLCapabilityError):
                path.removeDirRecursive(target)
        assert path.glob(str(inside / "*" / "*.txt")) == []  # does not list through the symlink
        assert path.glob(str(inside / "*.txt")) == [str(inside / "own.txt")]
        assert path.walk(str(inside)) == ["own.txt"]  # the symlinked folder is not followed
    assert (secret / "key.txt").exists()


def test_revealing_host_folders_needs_a_read_grant(tmp_path, monkeypatch):
    """cwd, home and tempDir -- and absolute/relative that depend on the cwd -- need a read grant
    covering the folder they reveal; the refusal never names it."""
    monkeypatch.chdir(tmp_path)
    calls = {
        "path.cwd": (path.cwd, "the working directory", "."),
        "path.home": (path.home, "the home directory", "~"),
        "path.absolute": (lambda: path.absolute("rel"), "the working directory", "."),
        "path.relative": (lambda: path.relative("/a", "rel"), "the working directory", "."),
    }
    for name, (call, what, flag) in calls.items():
        with granted(f"read:{tmp_path}/other"), pytest.raises(MLCapabilityError) as caught:
            call()
        assert caught.value.message == (f"{name}: revealing {what} needs a read grant covering it. "
                                        f"Run with --allow-read={flag} to allow it.")
        assert str(tmp_path) not in caught.value.message
    with granted(f"read:{tmp_path}"):
        assert path.cwd() == os.getcwd() == str(tmp_path)
        assert path.absolute("rel") == os.path.join(str(tmp_path), "rel")
        assert path.relative(str(tmp_path), "a/b") == os.path.join("a", "b")
    with granted("read:~"):
        assert path.home() == os.path.expanduser("~")
    with granted(f"read:{tempfile.gettempdir()}"):
        assert path.tempDir() == tempfile.gettempdir()
    with granted("read", f"deny-read:{tmp_path}"), pytest.raises(MLCapabilityError):
        path.cwd()


@pytest.mark.parametrize(("front_end", "advice"), [
    ("cli", "Run with --allow-read=<temporary directory> to allow it."),
    ("api", 'Pass capabilities=["read:<temporary directory>"] to allow it.'),
    ("dap", 'Add "read:<temporary directory>" to "capabilities" in launch.json to allow it.'),
])
def test_temp_dir_refusal_explains_which_folder_to_grant_without_naming_it(tmp_path, monkeypatch,
                                                                         front_end, advice):
    """The advice is a placeholder it explains (not a relative path called TMPDIR that grants
    nothing), and never the real folder; granting the folder it describes works."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    with granted(f"read:{tmp_path}/other", front_end=front_end), pytest.raises(MLCapabilityError) as caught:
        path.tempDir()
    assert caught.value.message == (
        "path.tempDir: revealing the temporary directory needs a read grant covering it (the folder "
        f"named by TMPDIR, TEMP or TMP, else the system's default). {advice}")
    assert str(tmp_path) not in caught.value.message
    with granted(f"read:{tmp_path}"):
        assert path.tempDir() == str(tmp_path)
