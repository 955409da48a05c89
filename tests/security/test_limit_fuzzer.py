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

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ml_targets import GRANTS, VALUES, discover, pool, program

WORKER = Path(__file__).with_name("limit_fuzz_worker.py")
WALL_LIMIT = 1.5
MEMORY_LIMIT_KB = 300 * 1024
HARD_DEADLINE = 20.0
"""Seconds after which the parent kills a worker whose run never returned (then the test fails)."""
EXAMPLES = 5
"""Batches: hypothesis starts from its simplest draw (zero-like arguments), then varies them."""

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


TARGETS = discover()


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
        args = [data.draw(st.sampled_from(pool(param)) | st.sampled_from(pool(param)) | st.sampled_from(VALUES))
                for param in params[:count]]
        source = program(prelude, target, args).replace("{TMP}", tmp)
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
