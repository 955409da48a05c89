"""Tests of the ML ``regex`` module and its Match / Pattern classes."""

from __future__ import annotations

import pytest

from mlpy.stdlib.decorators import class_info_of
from mlpy.stdlib.regex_bridge import Match, Pattern
from mlpy.stdlib.regex_bridge import regex as rx


def test_flags():
    assert rx.IGNORECASE() == 2 and rx.MULTILINE() == 8 and rx.DOTALL() == 16
    assert rx.VERBOSE() == 64 and rx.ASCII() == 256 and rx.UNICODE() == 32
    assert rx.test("abc", "xABCx", rx.IGNORECASE())
    assert rx.findall("^a", "a\na", rx.MULTILINE()) == ["a", "a"]
    assert rx.match("a.b", "a\nb", rx.DOTALL()) is not None
    assert rx.fullmatch(r"a b  # comment", "ab", rx.VERBOSE()) is not None
    assert rx.findall(r"\w", "é", rx.ASCII()) == []


def test_module_functions():
    m = rx.search(r"(\d+)-(\d+)", "tel 12-34")
    assert isinstance(m, Match) and class_info_of(m).name == "Match"
    assert m.value() == "12-34" and m.groups() == ["12", "34"]
    assert rx.search("z", "abc") is None
    assert rx.match("b", "abc") is None and rx.match("a", "abc").value() == "a"
    assert rx.fullmatch("ab", "abc") is None and rx.fullmatch("abc", "abc").value() == "abc"
    assert rx.findall(r"\d", "a1b2") == ["1", "2"]
    assert rx.findall(r"(\w)=(\d)", "a=1 b=2") == [["a", "1"], ["b", "2"]]
    assert [x.value() for x in rx.finditer(r"\d+", "1 22 333")] == ["1", "22", "333"]
    assert rx.split(r",\s*", "a, b,c") == ["a", "b", "c"]
    assert rx.split(",", "a,b,c", 1) == ["a", "b,c"]
    assert rx.sub(r"\d", "#", "a1b22") == "a#b##"
    assert rx.sub(r"(\w+)@(\w+)", r"\2 at \1", "me@host") == "host at me"
    assert rx.sub(r"\d", "#", "123", 2) == "##3"
    assert rx.sub(r"\d", lambda m: str(int(m.value()) * 2), "a1b4") == "a2b8"
    assert rx.subn("a", "b", "aaa") == {"result": "bbb", "count": 3}
    assert rx.escape("a.b*c") == r"a\.b\*c"
    assert rx.isValid("a+") and not rx.isValid("(") and not rx.isValid(5)
    assert rx.test(r"^\d+$", "123") and not rx.test(r"^\d+$", "12a")
    assert rx.count("a", "banana") == 3 and rx.count("x", "") == 0


def test_match_object():
    m = rx.search(r"(?P<user>\w+)@(?P<host>\w+)?", "mail: bob@ and")
    assert m.group() == "bob@" and m.group(0) == "bob@"
    assert m.group(1) == "bob" and m.group("user") == "bob"
    assert m.group("host") is None  # group that did not take part
    assert m.group("missing") is None and m.group(9) is None
    assert m.groupDict() == {"user": "bob", "host": None}
    assert m.groupDict("-") == {"user": "bob", "host": "-"}
    assert m.start() == 6 and m.end() == 10 and m.span() == [6, 10]
    assert m.start("user") == 6 and m.end(1) == 9
    assert m.span(2) == [-1, -1]
    assert m.lastGroup() == "user"
    assert m.groupCount() == 2
    assert m.expand(r"<\g<user>>") == "<bob>"
    assert m.toString() == "<Match 'bob@' at 6-10>"
    with pytest.raises(IndexError, match=r"Match\.span: no such group 'nope'"):
        m.span("nope")


def test_pattern_object():
    p = rx.compile(r"\d+", rx.IGNORECASE())
    assert isinstance(p, Pattern) and class_info_of(p).name == "Pattern"
    assert p.search("ab 12 34").value() == "12"
    assert p.search("ab 12 34", 5).value() == "34"
    assert p.search("12345", 0, 2).value() == "12"
    assert p.match("x1") is None and p.match("x1", 1).value() == "1"
    assert p.fullmatch("12") is not None and p.fullmatch("12a") is None
    assert p.findall("1 2 3") == ["1", "2", "3"] and p.findall("1 2 3", 2) == ["2", "3"]
    assert [m.value() for m in p.finditer("a1b2")] == ["1", "2"]
    assert p.split("a1b2c") == ["a", "b", "c"] and p.split("a1b2c", 1) == ["a", "b2c"]
    assert p.sub("#", "a1b22") == "a#b#" and p.sub("#", "1 2 3", 1) == "# 2 3"
    assert p.subn("#", "1 2") == {"result": "# #", "count": 2}
    assert p.test("x9") and not p.test("x")
    assert p.count("1 2 3") == 3
    assert p.getPattern() == r"\d+" and p.getFlags() == 2
    assert rx.compile("a").getFlags() == 0
    assert p.toString() == r"<Pattern '\\d+'>"


def test_bad_input():
    with pytest.raises(ValueError) as info:
        rx.compile("(")
    assert str(info.value) == "regex.compile: invalid pattern '(': missing ), unterminated subpattern at position 0"
    with pytest.raises(ValueError, match=r"^regex\.search: invalid pattern '\[': unterminated character set"):
        rx.search("[", "x")
    with pytest.raises(TypeError, match=r"^regex\.test: expected a string as 'text', got number$"):
        rx.test("a", 5)
    with pytest.raises(ValueError, match=r"^regex\.compile: unknown flags 4096$"):
        rx.compile("a", 4096)
    with pytest.raises(ValueError, match=r"^regex\.sub: invalid replacement: invalid group reference 3"):
        rx.sub("(a)", r"\3", "a")
    with pytest.raises(TypeError, match=r"Pattern\.search: expected a string as 'text', got null"):
        rx.compile("a").search(None)
