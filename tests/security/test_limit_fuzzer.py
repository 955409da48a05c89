"""The limit fuzzer: every builtin, every stdlib function and every value method with extreme
arguments, under ``timeout=1, max_memory=100``.

The targets are discovered from the running build (``available_modules()``, ``module_info``,
``help`` and ``methods``), so a function added later is fuzzed without editing this file. For each
target, hypothesis (derandomized: the same programs on every run) draws argument lists from a pool
of extreme ML values: huge and negative numbers, multi-megabyte strings, wide format fields,
catastrophic regular expressions, arrays nested 100,000 deep or sharing themselves 40 times over,
recursive callbacks. Each call is one ML program run in a worker process (two in parallel) that
reports its wall time and the peak memory it added. Every run must end within 1.5 s and 300 MB,
with a value or an ``MLError``: never a Python exception, never a hang, never a crash. See
``docs/security-limits.md`` for the bounds this exercises.
"""

from __future__ import annotations

import io
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import mlpy

WORKER = Path(__file__).with_name("limit_fuzz_worker.py")
WALL_LIMIT = 1.5
MEMORY_LIMIT_KB = 300 * 1024
HARD_DEADLINE = 20.0
"""Seconds after which the parent kills a worker whose run never returned (then the test fails)."""
EXAMPLES = 5
"""Batches: hypothesis starts from its simplest draw (zero-like arguments), then varies them."""

# Helper definitions an argument expression may use; each is emitted only when referenced.
PRELUDE = {
    "deep": "deep = []; for (i in range(100000)) { deep = [deep]; }",
    "dobj": "dobj = {}; for (i in range(100000)) { dobj = {a: dobj}; }",
    "wide": "wide = [1]; for (i in range(40)) { wide = [wide, wide]; }",
    "wobj": "wobj = {a: 1}; for (i in range(40)) { wobj = {a: wobj, b: wobj}; }",
    "rec": "function rec(x) { return rec(x); }",
    "big": "big = 2 ** 3000000;",
    "now": "import datetime; now = datetime.now();",
    "pat": 'import regex; pat = regex.compile("(a+)+$");',
}

NUMBERS = ["0", "-1", "1", "7", "0.5", "-2.5", "1e308", "-1e308", "1e-320", "10 ** 18", "-(10 ** 18)",
           "2 ** 63", "99999999999", "-99999999999", "big", "-big", "big + 1", "true", "null"]
STRINGS = ['""', '"a"', '"a" * 5000000', '"\\u00e9" * 3000000', '"x" * 20000 + "\\ud83d\\ude00"',
           '"%099999999d"', '"{:>999999999}"', '"%999999999Y%c%c"', '"%Y" * 200000',
           '"(a+)+$"', '"(x+x+)+y"', '"a" * 40 + "!"', '"\\\\1" * 1000', '"9" * 100000',
           '"[" * 100000', '"{" * 50000', '"/proc/self/exe"', '"{TMP}/f.txt"', '"{TMP}/a/b/c.txt"',
           '"http://0x7f.1:1/"', '"-vf"', '".*"', '"%s" * 1000', '"999999999"', '"1" * 400 + "e9999"']
ARRAYS = ["[]", "[1, 2, 3]", "range(1900000)", "deep", "wide", '["x"] * 1900000', "[1e308, -1e308]",
          "[[1, 2], [3, 4]]", '["b", "a", 3, null]', "[big, big]"]
OBJECTS = ["{}", '{"a": 1}', "{a: deep}", "dobj", "wobj", '{"%Y": "x" * 1000000}']
FUNCTIONS = ["fn(x) => x", "fn(a, b) => a", "rec", "fn(x) => x * x", "fn(x) => [x, x]"]
VALUES = NUMBERS + STRINGS + ARRAYS + OBJECTS + FUNCTIONS

# Parameter names (from ``help``) that say what kind of value a function wants; an argument is
# drawn from that kind's pool or, as often, from every value.
KINDS = [
    (re.compile(r"fn$|func|callback|predicate|key_?fn|mapper|reducer|compare|^f$|transform|combiner"),
     FUNCTIONS),
    (re.compile(r"text|str|pattern|format|fmt|sep|name|path|url|^s$|string|replacement|template|json"
                r"|key$|prefix|suffix|char|data|content|message|encoding|delimiter|source|destination"
                r"|hash|signature|description|mode|code|element"), STRINGS),
    (re.compile(r"^(n|x|y|a|b|count|digits|times|size|start|stop|end|step|width|days|hours|minutes"
                r"|seconds|hour|second|microsecond|index|base|exp|min|max|length|num|number|year|month"
                r"|day|amount|limit|depth|timeout|mean|stddev|seed|indent|level|low|high|initial)"), NUMBERS),
    (re.compile(r"items|arr|array|list|lst|values|rows|iterable|seq|elements|iterator"), ARRAYS),
    (re.compile(r"obj|dict|mapping|options|headers|record"), OBJECTS),
]

GRANTS = ["read:{TMP}", "write:{TMP}", "env:MLPY_FUZZ_VAR"]
HELP_SIGNATURE = re.compile(r"^\s*[\w.]+\((.*?)\)")


def _pool(param: str) -> list[str]:
    """The value pool matching a parameter's name (every value when the name says nothing)."""
    for pattern, pool in KINDS:
        if pattern.search(param.strip().lower()):
            return pool
    return VALUES


def _discover() -> list[tuple[str, str, tuple[str, ...]]]:
    """(prelude name or "", callable expression, parameter names) for every target."""
    out = io.StringIO()
    mlpy.run("print(available_modules());", stdout=out)
    modules = json.loads(out.getvalue())
    lines = [f"import {name};" for name in modules]
    lines.append("found = {};")
    for name in modules:
        lines.append(f'info = module_info("{name}"); fs = [];')
        lines.append(f"for (f in info.functions) {{ fs.append([f, help(getattr({name}, f))]); }}")
        lines.append(f'found["{name}"] = fs;')
    lines.append("found[\"builtin\"] = [];")
    lines.append("for (f in methods(builtin)) { found[\"builtin\"].append([f, help(getattr(builtin, f))]); }")
    lines.append("print(found);")
    out = io.StringIO()
    mlpy.run("\n".join(lines), stdout=out)
    found: dict[str, list[list[str]]] = json.loads(out.getvalue())
    targets: list[tuple[str, str, tuple[str, ...]]] = []
    for module, functions in found.items():
        for name, text in functions:
            match = HELP_SIGNATURE.match(text or "")
            params = tuple(p.strip() for p in (match.group(1).split(",") if match else []) if p.strip())
            targets.append(("", f"{module}.{name}", params or ("value",)))
    # Methods of values: strings, arrays, a date and a compiled pattern (names from methods()).
    out = io.StringIO()
    mlpy.run('import datetime; import regex; print([methods(""), methods([]), '
             'methods(datetime.now()), methods(regex.compile("a"))]);', stdout=out)
    strings, arrays, dates, patterns = json.loads(out.getvalue())
    for name in strings:
        if name != "length":
            targets.append(("", f'("s" * 3).{name}', ("value", "value")))
    for name in arrays:
        if name != "length":
            targets.append(("", f"[3, 1, 2].{name}", ("value", "value")))
    for name in dates:
        targets.append(("now", f"now.{name}", ("value", "value")))
    for name in patterns:
        targets.append(("pat", f"pat.{name}", ("text", "value")))
    return targets


def _program(prelude: str, target: str, args: list[str]) -> str:
    """The ML program calling ``target`` with ``args``, with the helpers they reference."""
    text = " ".join([target, *args])
    lines = [code for name, code in PRELUDE.items()
             if name == prelude or re.search(rf"\b{name}\b", text)]
    imports = {target.split(".")[0]} - {"builtin", "now", "pat"}
    lines[:0] = [f"import {module};" for module in sorted(imports) if re.fullmatch(r"[a-z]+", module)]
    lines.append(f"result = {target}({', '.join(args)});")
    lines.append("shown = str(result);")
    return "\n".join(lines)


class _Worker:
    """One worker process and a reader thread feeding its reports into a queue."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.reports: queue.Queue[dict | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self.reports.get(timeout=60)
        assert ready and ready.get("ready"), "the fuzz worker did not start"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.reports.put(json.loads(line))
        self.reports.put(None)

    def run(self, job: dict) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        try:
            report = self.reports.get(timeout=HARD_DEADLINE)
        except queue.Empty:
            self.proc.kill()
            return {"id": job["id"], "elapsed": HARD_DEADLINE, "peak_kb": 0, "outcome": "hang"}
        if report is None:
            return {"id": job["id"], "elapsed": 0, "peak_kb": 0,
                    "outcome": f"crash (exit status {self.proc.wait()})"}
        return report

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _run_all(jobs: list[dict], workers: int = 2) -> list[dict]:
    """Run the jobs on ``workers`` processes; a killed or crashed worker is replaced."""
    pending: queue.Queue[dict] = queue.Queue()
    for job in jobs:
        pending.put(job)
    reports: list[dict] = []

    def serve() -> None:
        worker = _Worker()
        while True:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                break
            report = worker.run(job)
            reports.append(report)
            if report["outcome"] == "hang" or report["outcome"].startswith("crash"):
                worker.close()
                worker = _Worker()
        worker.close()

    threads = [threading.Thread(target=serve) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return reports


TARGETS = _discover()


def test_discovery_covers_builtins_and_every_module() -> None:
    """The target list is not empty by accident: builtins and every standard module are in it."""
    names = {target.split(".")[0] for _, target, _ in TARGETS}
    assert {"builtin", "math", "regex", "json", "datetime", "crypto", "csv", "functional"} <= names
    assert len(TARGETS) > 250, len(TARGETS)


@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_function_survives_extreme_arguments(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each call ends within 1.5 s and 300 MB with a value or an MLError."""
    tmp = str(tmp_path_factory.mktemp("fuzz"))
    jobs = []
    for prelude, target, params in TARGETS:
        count = data.draw(st.sampled_from([len(params), len(params), max(len(params) - 1, 0)]))
        args = [data.draw(st.sampled_from(_pool(param)) | st.sampled_from(_pool(param)) | st.sampled_from(VALUES))
                for param in params[:count]]
        source = _program(prelude, target, args).replace("{TMP}", tmp)
        jobs.append({"id": len(jobs), "source": source, "grants": [g.replace("{TMP}", tmp) for g in GRANTS]})
    started = time.monotonic()
    reports = _run_all(jobs)
    total = time.monotonic() - started
    if os.environ.get("MLPY_FUZZ_LOG"):  # for investigating: every program with its report
        with open(os.environ["MLPY_FUZZ_LOG"], "a", encoding="utf-8") as log:
            for report in sorted(reports, key=lambda r: r["id"]):
                log.write(json.dumps({**report, "source": jobs[report["id"]]["source"]}) + "\n")
    failures = []
    for report in sorted(reports, key=lambda r: r["id"]):
        source = jobs[report["id"]]["source"]
        bad = []
        if not (report["outcome"] == "ok" or report["outcome"].startswith("ml:")):
            bad.append(report["outcome"])
        if report["elapsed"] > WALL_LIMIT:
            bad.append(f"took {report['elapsed']:.2f} s")
        if report["peak_kb"] > MEMORY_LIMIT_KB:
            bad.append(f"peak memory grew by {report['peak_kb'] // 1024} MB")
        if bad:
            failures.append(f"{'; '.join(bad)}:\n    {source.splitlines()[-2]}")
    assert len(reports) == len(jobs)
    assert not failures, f"{len(failures)} of {len(jobs)} runs failed ({total:.0f} s):\n" + "\n".join(failures)
