"""ML recursion through every callback-taking builtin and stdlib function never crashes the host.

A call from C code into an ML function (a sort key, ``call``, a ``functional.map`` callback, a
``regex.sub`` replacement function) uses the native stack, which is far smaller than what Python's
recursion limit allows once a host raises that limit. Each program below recurses through one such
function as deep as it can with ``max_recursion`` far above any real limit; the run must end with
an ML ``RecursionError`` (never a segmentation fault). Every run happens in a child process, so a
crash fails the test instead of killing pytest, and the child's host raises its own recursion
limit to 100,000 (as applications with deep recursive code do) to prove the cap does not depend on
Python's default limit.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from ml_targets import discover

# ML expression recursing through the function (``r`` is the recursive function, ``x`` its argument).
THROUGH: dict[str, str] = {
    "builtin.sorted": "sorted([1, 2], fn(a) => r(a))",
    "builtin.call": "call(r, x)",
    "array.sort": "[2, 1].sort(fn(a) => r(a))",
    "object method": "{f: fn(a) => r(a)}.f(x)",
    "collections.every": "collections.every([1], fn(a) => r(a))",
    "collections.filter": "collections.filter([1], fn(a) => r(a))",
    "collections.find": "collections.find([1], fn(a) => r(a))",
    "collections.map": "collections.map([1], fn(a) => r(a))",
    "collections.reduce": "collections.reduce([1], fn(acc, a) => r(a), 0)",
    "collections.some": "collections.some([1], fn(a) => r(a))",
    "collections.sortBy": "collections.sortBy([1, 2], fn(a) => r(a))",
    "functional.compose": "functional.compose(fn(a) => r(a))(x)",
    "functional.composeAll": "functional.composeAll([fn(a) => r(a)])(x)",
    "functional.curry": "functional.curry(fn(a, b) => r(a), 2)(x)(x)",
    "functional.curry2": "functional.curry2(fn(a, b) => r(a))(x)(x)",
    "functional.every": "functional.every(fn(a) => r(a), [1])",
    "functional.filter": "functional.filter(fn(a) => r(a), [1])",
    "functional.find": "functional.find(fn(a) => r(a), [1])",
    "functional.forEach": "functional.forEach(fn(a) => r(a), [1])",
    "functional.for_each": "functional.for_each(fn(a) => r(a), [1])",
    "functional.groupBy": "functional.groupBy(fn(a) => r(a), [1])",
    "functional.group_by": "functional.group_by(fn(a) => r(a), [1])",
    "functional.ifElse": "functional.ifElse(fn(a) => r(a), fn(a) => a, fn(a) => a)(x)",
    "functional.juxt": "functional.juxt([fn(a) => r(a)])(x)",
    "functional.map": "functional.map(fn(a) => r(a), [1])",
    "functional.memoize": "functional.memoize(fn(a) => r(a))(x)",
    "functional.partial": "functional.partial(fn(a) => r(a), x)()",
    "functional.partial_apply": "functional.partial_apply(fn(a) => r(a), x)()",
    "functional.partition": "functional.partition(fn(a) => r(a), [1])",
    "functional.pipe": "functional.pipe(fn(a) => r(a))(x)",
    "functional.pipeAll": "functional.pipeAll([fn(a) => r(a)])(x)",
    "functional.reduce": "functional.reduce(fn(acc, a) => r(a), [1], 0)",
    "functional.some": "functional.some(fn(a) => r(a), [1])",
    "functional.takeWhile": "functional.takeWhile(fn(a) => r(a), [1])",
    "functional.times": "functional.times(1, fn(i) => r(i))",
    "regex.sub": 'regex.sub("a", fn(m) => r(x), "a")',
    "regex.subn": 'regex.subn("a", fn(m) => r(x), "a")',
    "Pattern.sub": 'regex.compile("a").sub(fn(m) => r(x), "a")',
    "Pattern.subn": 'regex.compile("a").subn(fn(m) => r(x), "a")',
}

# Parameters whose names say "a function" (from ``help``); names that only look like one.
CALLBACK_PARAM = re.compile(r"fn|func|callback|predicate|reducer|transform|replacement|functions")
NOT_CALLBACKS = {"builtin.requiredCapabilities", "builtin.help"}

CHILD = r"""
import io, json, sys
sys.setrecursionlimit(100_000)
import mlpy
results = {}
for name, source in json.loads(sys.stdin.read()).items():
    try:
        mlpy.run(source, max_recursion=1_000_000, timeout=30, stdout=io.StringIO())
        results[name] = "ok"
    except mlpy.MLError as exc:
        results[name] = exc.kind + ": " + str(exc).splitlines()[0]
    except BaseException as exc:
        results[name] = "python " + type(exc).__name__ + ": " + str(exc)[:200]
    print(json.dumps({name: results[name]}), flush=True)
"""


def _program(expression: str) -> str:
    modules = sorted(set(re.findall(r"\b(collections|functional|regex)\.", expression)))
    imports = "".join(f"import {module}; " for module in modules)
    return f"{imports}function r(x) {{ return {expression}; }}\nr(1);\n"


def test_every_callback_taking_function_is_covered() -> None:
    """A new function taking an ML callback must be added to THROUGH (it is found from ``help``)."""
    missing = []
    for _, target, params in discover():
        if target in NOT_CALLBACKS or target.startswith(("(", "[", "now.", "pat.")):
            continue
        if any(CALLBACK_PARAM.search(param.lower()) for param in params) and target not in THROUGH:
            missing.append(target)
    assert not missing, f"add a recursion program for: {missing}"


@pytest.mark.parametrize("chunk", [0, 1], ids=["first-half", "second-half"])
def test_recursion_through_callbacks_ends_with_a_recursion_error(chunk: int) -> None:
    names = sorted(THROUGH)[chunk::2]
    jobs = {name: _program(THROUGH[name]) for name in names}
    proc = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(jobs), capture_output=True,
                          text=True, timeout=600)
    results: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        results.update(json.loads(line))
    crashed = [name for name in names if name not in results]
    assert proc.returncode == 0, (f"the child died (exit status {proc.returncode}) recursing through "
                                  f"{crashed[0] if crashed else '?'}; stderr: {proc.stderr[-500:]}")
    wrong = {name: text for name, text in results.items() if not text.startswith("RecursionError: ")}
    assert not wrong, wrong
