"""ML programs using each standard module through the whole pipeline (``mlpy.run``)."""

from __future__ import annotations

import io

import pytest

import mlpy
from mlpy.errors import MLCapabilityError


def run(source: str, **options) -> str:
    out = io.StringIO()
    mlpy.run(source, stdout=out, **options)
    return out.getvalue()


def test_collections_and_functional():
    source = """
import collections;
import functional;
nums = [3, 1, 3, 2, 1];
print(collections.unique(nums));
print(collections.map(nums, fn(x) => x * 10));
print(collections.reduce(nums, fn(a, b) => a + b, 0));
print(collections.index_of(nums, 2), collections.sortBy(["bb", "a"], fn(s) => s.length));
inc = fn(x) => x + 1;
double = fn(x) => x * 2;
print(functional.compose(inc, double)(5), functional.pipe(inc, double)(5));
add = functional.curry(fn(a, b, c) => a + b + c);
print(add(1)(2)(3), functional.group_by(fn(x) => x % 2, [1, 2, 3]));
print(functional.unique([2, 1, 2]), functional.range(3), typeof(inc));
"""
    assert run(source) == ("[3, 1, 2]\n[30, 10, 30, 20, 10]\n10\n3 [\"a\", \"bb\"]\n11 12\n"
                           "6 {\"1\": [1, 3], \"0\": [2]}\n[2, 1] [0, 1, 2] function\n")


def test_regex_and_errors_are_catchable():
    source = r"""
import regex;
m = regex.search("(?P<user>\w+)@(?P<host>\w+)", "mail bob@example now");
print(m.group("user"), m.group("host"), m.group("nope"), m.span());
p = regex.compile("\d+");
print(p.findall("a1b22c333"), p.sub("#", "a1b2"), typeof(p));
print(regex.sub("(\w+)@(\w+)", "\2 at \1", "me@host"), regex.test("^a", "abc"));
try {
    regex.compile("(");
} except (e: ValueError) {
    print(e.message);
}
print(m);
"""
    assert run(source) == ("bob example null [5, 16]\n[\"1\", \"22\", \"333\"] a#b# Pattern\n"
                           "host at me true\n"
                           "regex.compile: invalid pattern '(': missing ), unterminated subpattern at position 0\n"
                           "<Match 'bob@example' at 5-16>\n")


def test_random_crypto_datetime():
    source = """
import random;
import crypto;
import datetime;
random.setSeed(7);
a = [random.randomInt(1, 100), random.random()];
random.set_seed(7);
b = [random.randomInt(1, 100), random.random()];
print(a == b);
print(crypto.sha256("data", "salt") == crypto.sha256("saltdata"));
print(crypto.uuid_from_string("example.com"));
d = datetime.create(2024, 3, 15, 10, 30, 0);
print(d.weekday(), d.addDays(3).toString(), d.format("%Y/%m/%d"));
print(datetime.createDate(2024, 3, 18).weekday(), datetime.isLeapYear(2024));
print(d.add(datetime.createDelta(0, 2)).hour(), d.end_of_month().day());
"""
    assert run(source) == ("true\ntrue\ncfbff0d1-9375-5685-968c-48ce8b15ae17\n"
                           "4 2024-03-18 10:30:00 2024/03/15\n0 true\n12 31\n")


def test_csv_http_path_pure_functions():
    source = """
import csv;
import http;
import path;
text = csv.write_string([{name: "Ann", note: "a,b"}]);
print(text == "name,note\\r\\nAnn,\\"a,b\\"\\r\\n");
print(csv.read_string(text));
print(http.encodeURI("a b/c"), http.encodeQuery({q: "x y", n: 1}), http.parseQuery("a=1&b=2"));
print(path.basename("/x/y.txt"), path.extname("y.tar.gz"), path.join("a", "b"));
"""
    assert run(source) == ("true\n[{\"name\": \"Ann\", \"note\": \"a,b\"}]\n"
                           "a%20b/c q=x+y&n=1 {\"a\": \"1\", \"b\": \"2\"}\ny.txt .gz a/b\n")


def test_file_and_path_with_grants(tmp_path):
    target = tmp_path / "notes.txt"
    source = f"""
import file;
import path;
file.write("{target}", "hello");
file.append("{target}", " world");
print(file.read("{target}"), file.exists("{target}"), file.size("{target}"));
print(path.listDir("{tmp_path}"));
print(file.readBytes("{target}")[0]);
"""
    grants = [f"read:{tmp_path}", f"write:{tmp_path}"]
    assert run(source, capabilities=grants) == "hello world true 11\n[\"notes.txt\"]\n104\n"


def test_capability_errors_end_the_program_and_are_not_catchable(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("s")
    source = f"""
import file;
try {{
    print(file.read("{secret}"));
}} except (e) {{
    print("caught");
}}
print("after");
"""
    out = io.StringIO()
    with pytest.raises(MLCapabilityError) as info:
        mlpy.run(source, stdout=out)
    assert "file.read" in info.value.message and 'capabilities=["read:' in info.value.message
    assert out.getvalue() == ""


def test_env_and_args(monkeypatch):
    monkeypatch.setenv("MLPY_ML_TEST", "42")
    source = """
import env;
import args;
print(env.get_int("MLPY_ML_TEST") + 1, env.all());
print(args.rest());
p = args.create_parser("tool");
p.add_flag("verbose", "v", "more");
r = p.parse(["-v"]);
print(r.get_bool("verbose"));
"""
    assert run(source, capabilities=["env:MLPY_ML_TEST"], argv=["x", "y"]) == (
        "43 {\"MLPY_ML_TEST\": \"42\"}\n[\"x\", \"y\"]\ntrue\n")


def test_log_writes_to_stderr(capsys):
    source = """
import log;
lg = log.create_logger("app");
lg.set_timestamp(false);
lg.warn("careful", {n: 1});
"""
    assert run(source) == ""
    assert capsys.readouterr().err == 'WARN [app]: careful {"n": 1}\n'


def test_private_state_of_returned_objects_is_unreachable():
    source = """
import regex;
import datetime;
import functional;
m = regex.search("a", "a");
print(getattr(m, "_match"), hasattr(m, "group"), hasattr(m, "_match"));
d = datetime.create(2024, 1, 1);
print(getattr(d, "_value"), d);
f = functional.compose(fn(x) => x);
print(getattr(f, "__closure__"), getattr(f, "__globals__"));
try {
    print(m._match);
} except (e) {
    print(e.type);
}
"""
    assert run(source) == "null true false\nnull 2024-01-01 00:00:00\nnull null\nAttributeError\n"
