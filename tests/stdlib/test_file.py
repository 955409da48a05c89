"""Tests of the ML ``file`` module: behaviour with grants, and refusal without them."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest

from mlpy.errors import MLCapabilityError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib.file_bridge import file


@contextmanager
def granted(*capabilities: str):
    """Run the block with exactly these grants active."""
    with use(ExecutionContext(grants=Grants.from_strings(list(capabilities)))):
        yield


def test_text_round_trip(tmp_path):
    target = str(tmp_path / "a.txt")
    with granted(f"read:{tmp_path}", f"write:{tmp_path}"):
        assert file.write(target, "héllo\n") is None
        assert file.read(target) == "héllo\n"
        file.append(target, "more")
        assert file.read(target) == "héllo\nmore"
        assert file.readLines(target) == ["héllo", "more"]
        file.writeLines(target, ["a", "b"])
        assert file.read(target) == "a\nb\n"
        file.write(target, "x", "latin-1")
        assert file.read(target, "latin-1") == "x"
        file.writeLines(target, [])
        assert file.readLines(target) == []


def test_bytes_round_trip(tmp_path):
    target = str(tmp_path / "b.bin")
    with granted(f"read:{tmp_path}", f"write:{tmp_path}"):
        file.writeBytes(target, [0, 1, 255])
        assert file.readBytes(target) == [0, 1, 255]
        assert file.size(target) == 3
        with pytest.raises(ValueError, match=r"^file\.writeBytes: 'data' must be an array of numbers 0-255, item 1 is 256$"):
            file.writeBytes(target, [1, 256])


def test_queries_copy_move_delete(tmp_path):
    src = str(tmp_path / "src.txt")
    with granted(f"read:{tmp_path}", f"write:{tmp_path}"):
        assert not file.exists(src) and not file.isFile(src)
        file.write(src, "data")
        assert file.exists(src) and file.isFile(src) and not file.isDirectory(src)
        assert file.isDirectory(str(tmp_path)) and not file.isFile(str(tmp_path))
        assert abs(file.modifiedTime(src) - os.path.getmtime(src)) < 1e-6
        file.copy(src, str(tmp_path / "copy.txt"))
        assert file.read(str(tmp_path / "copy.txt")) == "data"
        file.move(str(tmp_path / "copy.txt"), str(tmp_path / "moved.txt"))
        assert not file.exists(str(tmp_path / "copy.txt")) and file.read(str(tmp_path / "moved.txt")) == "data"
        assert file.delete(src) is True and file.delete(src) is False


def test_errors_name_the_function_and_path(tmp_path):
    missing = str(tmp_path / "missing.txt")
    with granted(f"read:{tmp_path}", f"write:{tmp_path}"):
        with pytest.raises(ValueError, match=r"^file\.read: no such file or directory: '.*missing\.txt'$"):
            file.read(missing)
        with pytest.raises(ValueError, match=r"^file\.size: no such file or directory"):
            file.size(missing)
        with pytest.raises(ValueError, match=r"^file\.read: is a directory"):
            file.read(str(tmp_path))
        with pytest.raises(ValueError, match=r"^file\.read: unknown encoding 'klingon'$"):
            file.read(missing, "klingon")
        with pytest.raises(TypeError, match=r"^file\.write: expected a string as 'content', got number$"):
            file.write(missing, 5)
        with pytest.raises(ValueError, match=r"^file\.move: no such file"):
            file.move(missing, str(tmp_path / "x"))


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda p: file.read(p), "read"),
        (lambda p: file.readBytes(p), "read"),
        (lambda p: file.readLines(p), "read"),
        (lambda p: file.exists(p), "read"),
        (lambda p: file.size(p), "read"),
        (lambda p: file.modifiedTime(p), "read"),
        (lambda p: file.isFile(p), "read"),
        (lambda p: file.isDirectory(p), "read"),
        (lambda p: file.write(p, "x"), "write"),
        (lambda p: file.writeBytes(p, [1]), "write"),
        (lambda p: file.writeLines(p, ["x"]), "write"),
        (lambda p: file.append(p, "x"), "write"),
        (lambda p: file.delete(p), "write"),
    ],
)
def test_without_a_grant_every_function_is_refused(tmp_path, call, kind):
    target = tmp_path / "f.txt"
    target.write_text("keep")
    with granted(), pytest.raises(MLCapabilityError) as info:
        call(str(target))
    message = info.value.message
    assert f"no {kind} grant" in message and f"--allow-{kind}=" in message and str(target) in message
    assert target.read_text() == "keep"


def test_grant_limited_to_one_directory(tmp_path):
    allowed_dir = tmp_path / "allowed"
    allowed_dir.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (allowed_dir / "link.txt").symlink_to(outside)
    with granted(f"read:{allowed_dir}", f"write:{allowed_dir}"):
        for path in (str(outside), str(allowed_dir / ".." / "outside.txt"), str(allowed_dir / "link.txt")):
            with pytest.raises(MLCapabilityError):
                file.read(path)
            with pytest.raises(MLCapabilityError):
                file.write(path, "overwritten")
        with pytest.raises(MLCapabilityError):
            file.copy(str(outside), str(allowed_dir / "stolen.txt"))
        with pytest.raises(MLCapabilityError):
            file.copy(str(allowed_dir / "link.txt"), str(allowed_dir / "stolen.txt"))
        with pytest.raises(MLCapabilityError):
            file.move(str(allowed_dir / "link.txt"), str(allowed_dir / "stolen.txt"))
    assert outside.read_text() == "secret" and not (allowed_dir / "stolen.txt").exists()


def test_copy_needs_write_of_destination(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("x")
    with granted(f"read:{tmp_path}"), pytest.raises(MLCapabilityError, match="--allow-write"):
        file.copy(str(src), str(tmp_path / "d.txt"))
    with granted(f"read:{tmp_path}", f"write:{tmp_path / 'sub'}"), pytest.raises(MLCapabilityError):
        file.move(str(src), str(tmp_path / "sub" / "d.txt"))
