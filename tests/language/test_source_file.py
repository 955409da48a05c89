"""Reading ML program files: text, line ends, and errors that name the file and the place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import mlpy
from mlpy.errors import MLError, MLSyntaxError
from mlpy.language.source_file import decode_source, read_source


def test_text_that_is_not_utf8_is_a_syntax_error_at_its_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.ml"
    path.write_bytes('x = 1;\ny = "ab\xe9cd";\n'.encode("latin-1"))
    with pytest.raises(MLSyntaxError) as info:
        read_source(path)
    error = info.value
    assert (error.filename, error.line, error.column) == (str(path), 2, 8)
    assert "not UTF-8 text (byte 0xe9" in error.message and error.hint == "save the file with the UTF-8 encoding"


def test_the_column_counts_characters_not_bytes() -> None:
    with pytest.raises(MLSyntaxError) as info:
        decode_source('s = "é€";'.encode() + b"\xff", "wide.ml")
    assert (info.value.line, info.value.column) == (1, 10)


def test_line_ends_read_as_in_text_mode(tmp_path: Path) -> None:
    path = tmp_path / "crlf.ml"
    path.write_bytes(b"x = 1;\r\ny = 2;\rprint(x + y);\r\n")
    assert read_source(path) == "x = 1;\ny = 2;\nprint(x + y);\n"


def test_an_unreadable_file_is_an_io_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(MLError, match=r"cannot read .*absent\.ml: No such file or directory") as info:
        read_source(tmp_path / "absent.ml")
    assert info.value.kind == "IOError"


def test_run_file_and_mlpy_run_report_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin.ml"
    path.write_bytes(b'print("caf\xe9");\n')
    with pytest.raises(MLSyntaxError, match="not UTF-8"):
        mlpy.run_file(path)
    done = subprocess.run([sys.executable, "-m", "mlpy", "run", "latin.ml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("latin.ml:1:11: SyntaxError: the file is not UTF-8 text (byte 0xe9")
    assert "hint: save the file with the UTF-8 encoding" in done.stderr
