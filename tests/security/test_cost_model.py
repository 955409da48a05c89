"""Each bounded C-level operation is refused before it starts, with the exact error a program sees.

The attack programs are in ``tests/security/attacks/dos_*.ml``; here each bound is checked for its
message, its position and the time it takes to refuse (well under the 1.5 s a ``timeout=1`` run
may take in all).
"""

from __future__ import annotations

import io
import time

import pytest

import mlpy
from mlpy.errors import MLLimitError


def _limit(source: str, **options: object) -> MLLimitError:
    options.setdefault("timeout", 1)
    started = time.monotonic()
    with pytest.raises(MLLimitError) as caught:
        mlpy.run(source, stdout=io.StringIO(), **options)
    assert time.monotonic() - started < 1.5
    return caught.value


@pytest.mark.parametrize(("source", "message"), [
    ("x = 2 ** 3000000;\ny = x * x;\n",
     "this '*' would give an integer of about 1806180 digits (limit: 1204119 digits)"),
    ("x = 2 ** 1900000 + 1;\ny = x * x;\nz = y // (x + 2);\n",
     "this '//' of a 3800001-bit integer by a 1900001-bit one is too much work "
     "(limit: 4e+10 quotient bits x divisor bits)"),
    ("x = 2 ** 1900000 + 1;\ny = x * x;\nz = y % (x + 2);\n",
     "this '%' of a 3800001-bit integer by a 1900001-bit one is too much work "
     "(limit: 4e+10 quotient bits x divisor bits)"),
    ("x = 3 ** 100000000;\n", "the power would give an integer of about 47712125 digits (limit: 1204119 digits)"),
    ("x = 2 ** 3900000;\ny = round(x, -600000);\n",
     "round() of a 3900001-bit integer by a 1993157-bit one is too much work "
     "(limit: 4e+10 quotient bits x divisor bits)"),
    ('s = format(1.5, ".99999999f");\n', "format(): a field width or precision of 99999999 is too large (limit: 100000)"),
    ('import datetime;\ns = datetime.now().format("%99999999Y");\n',
     "DateTimeObject.format: a field width or precision of 99999999 is too large (limit: 100000)"),
    ('import datetime;\ns = datetime.now().format("%1000Y" * 100000);\n',
     "DateTimeObject.format would build a string of 107000000 characters "
     "(limit: 32000000 characters of ASCII, a quarter of that otherwise)"),
    ('import regex;\ns = regex.sub("", "x" * 10000, "a" * 100000);\n',
     "regex.sub would build a string of 32010000 characters "
     "(limit: 32000000 characters of ASCII, a quarter of that otherwise)"),
    ('import regex;\np = regex.compile("ab" * 1000000);\n',
     "regex.compile: the pattern has 2000000 characters (limit: 100000)"),
    ('import regex;\nx = regex.search("%s" * 1000, "{" * 50000);\n',
     "regex.search: the pattern has a literal run of 2000 characters (limit: 500)"),
    ("import math;\nx = math.gcd(2 ** 3900000 - 1, 3 ** 2400000);\n",
     "math.gcd: the numbers are too large (1.5e+13 bit x bit steps; limit: 4e+10)"),
    ("x = range(1500000);\nx.sort(true);\n",
     "sort() would sort 1500000 items (limit: 1000000 items; sort smaller arrays, or pass a key function)"),
    ("x = sorted(range(1500000));\n",
     "sorted() would sort 1500000 items (limit: 1000000 items; sort smaller arrays, or pass a key function)"),
    ('x = "\\u0100" * 20000000;\n',
     "repeating a string would build a string of 20000000 characters "
     "(limit: 32000000 characters of ASCII, a quarter of that otherwise)"),
    ("x = range(3000000);\n", "range() would build an array of 3000000 items (limit: 2000000 items)"),
    ("big = 2 ** 3000000;\nr = range(-big, -big + 1900000);\n",
     "range() would build 1900000 numbers of 3000001 bits each (limit: 128000000 bits in all)"),
    ("big = 2 ** 3000000;\nr = enumerate(range(1900000), big);\n",
     "enumerate() would build 1900000 numbers of 3000001 bits each (limit: 128000000 bits in all)"),
    ('import http;\nx = http.encodeURI("\\u00e9" * 3000000);\n',
     "http.encodeURI: the text has 3000000 characters (limit: 1000000)"),
    ('import json;\nx = json.parse("[" + "[]," * 600000 + "[]]");\n',
     "json.parse would build up to 600002 arrays and objects in one step (limit: 500000)"),
    ('import csv;\nrows = csv.read_string("," * 3000000, ",", false);\n',
     "csv.read_string would build an array of 3000002 items (limit: 2000000 items)"),
])
def test_bounded_operation_is_refused_with_its_bound(source: str, message: str) -> None:
    error = _limit(source)
    assert error.message == message
    assert error.line == source.count("\n")


def test_comparing_values_that_share_their_arrays_is_refused() -> None:
    source = "a = [1];\nb = [1];\nfor (i in range(40)) { a = [a, a]; b = [b, b]; }\nx = a != b;\n"
    error = _limit(source)
    assert error.message == ("this comparison would visit more than 2000000 items (the value shares its "
                             "arrays or objects so often that it expands beyond the limit)")
    assert error.line == 4


def test_ordinary_comparisons_under_limits() -> None:
    result = mlpy.run('a = [1, [2, {k: "v"}]]; b = [1, [2, {k: "v"}]];\n'
                      "x = a == b; y = a != b; z = 1 == 1.0; w = null == null; v = [] == {};\n", timeout=1)
    assert [result.globals[name] for name in "xyzwv"] == [True, False, True, True, False]


def test_round_with_huge_digits_answers_at_once() -> None:
    out = io.StringIO()
    started = time.monotonic()
    mlpy.run("print(round(1, -1000000000000), round(1.5, -1000000000000), round(2.675, 2), "
             "round(1234, -3), round(5, 1000000000000));\n", stdout=out, timeout=1)
    assert time.monotonic() - started < 1.0
    assert out.getvalue() == "0.0 0.0 2.67 1000.0 5.0\n"


def test_a_chain_of_costly_products_in_one_statement_stops_at_the_deadline() -> None:
    factors = " * ".join(["x"] * 2)
    source = "x = 2 ** 1000000;\n" + "".join(f"y{i} = {factors};\n" for i in range(400))
    error = _limit(source, timeout=0.5)
    assert error.kind == "TimeoutError"


def test_without_limits_integer_operators_are_plain_python() -> None:
    result = mlpy.run("x = 7 * 6; y = 7 // 2; z = 7 % 4; w = (2 ** 100) * (2 ** 100);")
    assert (result.globals["x"], result.globals["y"], result.globals["z"]) == (42, 3, 3)
    assert result.globals["w"] == 2 ** 200
