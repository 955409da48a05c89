"""Tests of the ML ``csv`` module: strings, files, quoting, delimiters and grants."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from mlpy.errors import MLCapabilityError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib.csv_bridge import csv


@contextmanager
def granted(*capabilities: str):
    """Run the block with exactly these grants active."""
    with use(ExecutionContext(grants=Grants.from_strings(list(capabilities)))):
        yield


def test_write_string_quotes_and_ends_lines_with_crlf():
    rows = [{"name": "Ann", "note": 'say "hi", ok'}, {"name": "Bo", "extra": True, "note": None}]
    assert csv.write_string(rows) == 'name,note,extra\r\nAnn,"say ""hi"", ok",\r\nBo,,true\r\n'
    assert csv.write_string([[1, 2.5], ["a\nb", "c"]]) == '1,2.5\r\n"a\nb",c\r\n'
    assert csv.write_string([{"a": 1}], ";", False) == "1\r\n"
    assert csv.write_string([]) == ""


def test_read_string():
    text = 'name,age\r\nAnn,30\r\n"Smith, J","4""2"\r\n'
    assert csv.read_string(text) == [{"name": "Ann", "age": "30"}, {"name": "Smith, J", "age": '4"2'}]
    assert csv.read_string(text, ",", False)[0] == ["name", "age"]
    assert csv.read_string("a;b\n1;2\n", ";") == [{"a": "1", "b": "2"}]
    assert csv.read_string("a\tb\n1\n", "\t") == [{"a": "1", "b": ""}]
    assert csv.read_string("") == [] and csv.read_string("a,b\n") == []


def test_bad_input():
    with pytest.raises(ValueError, match=r"^csv\.read_string: the delimiter must be one character"):
        csv.read_string("a", ",,")
    with pytest.raises(ValueError, match=r"^csv\.read_string: row 2 has 3 fields but the header has 2$"):
        csv.read_string("a,b\n1,2,3\n")
    with pytest.raises(TypeError, match=r"^csv\.write_string: every row must be an array"):
        csv.write_string([[1], 5])
    with pytest.raises(TypeError, match=r"^csv\.write_string: row 1: a cell must be a string, number, boolean or null, got array$"):
        csv.write_string([[1], [[2]]])


def test_files(tmp_path):
    target = str(tmp_path / "people.csv")
    with granted(f"read:{tmp_path}", f"write:{tmp_path}"):
        csv.write(target, [{"name": "Ann", "age": 30}])
        assert (tmp_path / "people.csv").read_bytes() == b"name,age\r\nAnn,30\r\n"
        csv.append(target, {"age": 41, "name": "Bo"})
        csv.append(target, ["Cy", 5])
        assert csv.read(target) == [{"name": "Ann", "age": "30"}, {"name": "Bo", "age": "41"},
                                    {"name": "Cy", "age": "5"}]
        assert csv.read(target, ",", False)[0] == ["name", "age"]
        assert csv.count_rows(target) == 3
        assert csv.get_headers(target) == ["name", "age"]
        with pytest.raises(ValueError) as info:
            csv.append(target, {"name": "Di", "email": "d@x"})
        assert str(info.value) == f"csv.append: 'email' is not a column of '{target}' (columns: name, age)"
        assert csv.count_rows(target) == 3
        fresh = str(tmp_path / "fresh.csv")
        csv.append(fresh, {"k": "v"})
        assert csv.read(fresh) == [{"k": "v"}]
        semi = str(tmp_path / "semi.csv")
        csv.write(semi, [[1, 2]], ";", True, "utf-16")
        assert csv.read(semi, ";", False, "utf-16") == [["1", "2"]]
        assert csv.count_rows(semi, ";", "utf-16") == 0
        with pytest.raises(ValueError, match=r"^csv\.read: no such file or directory"):
            csv.read(str(tmp_path / "none.csv"))


def test_grants(tmp_path):
    inside = tmp_path / "in"
    inside.mkdir()
    outside = tmp_path / "out.csv"
    outside.write_text("a\r\n1\r\n")
    (inside / "link.csv").symlink_to(outside)
    with granted():
        for call in (csv.read, csv.count_rows, csv.get_headers):
            with pytest.raises(MLCapabilityError, match="--allow-read"):
                call(str(outside))
        with pytest.raises(MLCapabilityError, match="--allow-write"):
            csv.write(str(outside), [[1]])
        with pytest.raises(MLCapabilityError):
            csv.append(str(outside), [1])
    with granted(f"read:{inside}", f"write:{inside}"):
        for target in (str(inside / ".." / "out.csv"), str(inside / "link.csv")):
            with pytest.raises(MLCapabilityError):
                csv.read(target)
            with pytest.raises(MLCapabilityError):
                csv.write(target, [[2]])
            with pytest.raises(MLCapabilityError):
                csv.append(target, [2])
    assert outside.read_bytes() == b"a\r\n1\r\n"
