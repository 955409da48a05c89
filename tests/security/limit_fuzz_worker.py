"""Child process of the limit fuzzer: runs ML programs one by one and reports how each ended.

Reads one JSON job per line from its standard input (``{"id": .., "source": .., "grants": [..]}``)
and writes one JSON report per line: the wall time, the peak resident memory the run added (Linux
``VmHWM``, reset before each run through ``/proc/self/clear_refs``) and the outcome: ``ok``,
``ml:<kind>`` for an ``MLError`` or ``py:<class>: <text>`` for any other exception (a bug: an ML
program must never see one). The ML program's own ``input()`` reads an empty stream, never the job
pipe. Run as ``python limit_fuzz_worker.py``; the parent kills it when one run overstays.
"""

from __future__ import annotations

import io
import json
import sys
import time


def _rss_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")


def run_job(job: dict, mlpy: object) -> dict:
    """Run one job under the fuzzer's limits and describe how it ended."""
    _reset_peak()
    base = _rss_kb("VmRSS")
    started = time.monotonic()
    try:
        from mlpy.engine.options import embedded_options
        from mlpy.engine.pipeline import run_source

        # This worker process is the runs' own, so max_memory may measure the whole process.
        options = embedded_options(
            "fuzz.ml", capabilities=job.get("grants", []), timeout=job.get("timeout", 1),
            max_memory=job.get("max_memory", 100), stdout=io.StringIO(), stdin=io.StringIO(""),
            process_memory=True,
        )
        run_source(job["source"], "fuzz.ml", options)
        outcome = "ok"
    except mlpy.MLError as exc:  # type: ignore[attr-defined]
        outcome = f"ml:{exc.kind}"
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        outcome = f"py:{type(exc).__name__}: {str(exc)[:300]}"
    elapsed = time.monotonic() - started
    peak = _rss_kb("VmHWM") - base
    return {"id": job["id"], "elapsed": elapsed, "peak_kb": peak, "outcome": outcome}


def main() -> None:
    """Serve jobs until the parent closes the pipe."""
    import mlpy

    jobs = sys.stdin
    reports = sys.stdout
    sys.stdin = io.StringIO("")
    sys.stdout = io.StringIO()  # nothing an ML program writes reaches the report channel
    sys.stderr = io.StringIO()
    reports.write(json.dumps({"ready": True}) + "\n")
    reports.flush()
    for line in jobs:
        if not line.strip():
            continue
        report = run_job(json.loads(line), mlpy)
        sys.stdout = io.StringIO()
        sys.stderr = io.StringIO()
        reports.write(json.dumps(report) + "\n")
        reports.flush()


if __name__ == "__main__":
    main()
