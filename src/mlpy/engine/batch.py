"""``mlpy batch``: run many ``.ml`` files on a Dask cluster into a JSON-lines results file.

One line per file, written as each run finishes (so an interrupted batch keeps what it did):
``{"file", "ok": true, "globals", "output", "stats"}`` or ``{"file", "ok": false, "error":
{class, message, filename, line, column, ...}, "stats"}``. Files already in the results file are
skipped: running the same command again resumes the batch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from mlpy.engine.options import RunOptions
from mlpy.engine.result import RunResult
from mlpy.errors import MLError


def done_files(results: Path) -> set[str]:
    """The files a results file already answers (unreadable lines are ignored: rerun)."""
    done: set[str] = set()
    if not results.exists():
        return done
    with results.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("file"), str):
                done.add(record["file"])
    return done


def job_options(options: RunOptions) -> dict[str, Any]:
    """The ``mlpy.run`` keyword options a worker needs to run with ``options`` (resolved here)."""
    limits = options.limits
    return {
        "filename": None, "capabilities": options.grants.describe(), "timeout": limits.timeout,
        "max_steps": limits.max_steps, "max_memory": limits.max_memory_mb,
        "max_output": limits.max_output_bytes, "max_recursion": limits.max_recursion,
        "extension_paths": list(options.extension_paths), "ml_module_paths": list(options.ml_module_paths),
        "argv": list(options.argv),
    }


def record(file: str, outcome: RunResult | MLError) -> dict[str, Any]:
    """The results-file line of one run."""
    from mlpy.engine.wire import error_to_dict

    stats = outcome.stats.as_dict() if outcome.stats is not None else None
    if isinstance(outcome, MLError):
        return {"file": file, "ok": False, "error": error_to_dict(outcome), "stats": stats}
    return {"file": file, "ok": True, "globals": outcome.globals, "output": outcome.output, "stats": stats}


def run_batch(files: Iterable[str], results: Path, options_for: Callable[[str], RunOptions], *,
              client: Any = None, progress: Callable[[int, int], None] | None = None) -> Mapping[str, int]:
    """Run every file not yet in ``results`` and append its line. ``options_for(file)`` builds the
    file's options (its project file, the flags); ``progress(done, total)`` is told of each run.
    Returns counts: ``{"skipped", "ok", "failed"}``."""
    from mlpy.engine.distributed import iter_many

    already = done_files(results)
    pending = [str(Path(file).resolve()) for file in files]
    todo = [file for file in dict.fromkeys(pending) if file not in already]
    counts = {"skipped": len(pending) - len(todo), "ok": 0, "failed": 0}
    jobs = []
    for file in todo:
        keywords = job_options(options_for(file))
        keywords["filename"] = file
        jobs.append((Path(file).read_text(encoding="utf-8"), keywords))
    if progress is not None:
        progress(0, len(jobs))
    with results.open("a", encoding="utf-8") as out:
        for finished, (index, outcome) in enumerate(iter_many(jobs, client), start=1):
            out.write(json.dumps(record(todo[index], outcome), allow_nan=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
            counts["failed" if isinstance(outcome, MLError) else "ok"] += 1
            if progress is not None:
                progress(finished, len(jobs))
    return counts


__all__ = ["done_files", "job_options", "record", "run_batch"]
