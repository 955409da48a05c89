"""``mlpy batch``: run many ``.ml`` files on a Dask cluster into a JSON-lines results file.

One line per file, written as each run finishes (so an interrupted batch keeps what it did):
``{"file", "ok": true, "globals", "output", "stats"}`` or ``{"file", "ok": false, "error":
{class, message, filename, line, column, ...}, "stats"}``. Files already in the results file are
skipped: running the same command again resumes the batch. A file that cannot be run at all (not
readable, not UTF-8, refused options) gets its failure line like a program that failed, and the
other files run.
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
from mlpy.language.source_file import read_source


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
        "front_end": options.front_end,  # a refusal advises what was used: --timeout, --allow-read=...
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
    already = done_files(results)
    pending = [str(Path(file).resolve()) for file in files]
    todo = [file for file in dict.fromkeys(pending) if file not in already]
    counts = {"skipped": len(pending) - len(todo), "ok": 0, "failed": 0}
    jobs: list[tuple[str, dict[str, Any]]] = []
    runs: list[str] = []
    refused: list[tuple[str, MLError]] = []
    for file in todo:
        try:
            jobs.append(_job(file, options_for))
            runs.append(file)
        except (OSError, ValueError, MLError) as error:  # this file's problem: recorded, the rest run
            refused.append((file, _refusal(file, error)))
    if progress is not None:
        progress(0, len(todo))
    _end_last_line(results)
    with results.open("a", encoding="utf-8") as out:
        finished = 0
        for file, outcome in _outcomes(refused, runs, jobs, client):
            out.write(json.dumps(record(file, outcome), allow_nan=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
            counts["failed" if isinstance(outcome, MLError) else "ok"] += 1
            finished += 1
            if progress is not None:
                progress(finished, len(todo))
    return counts


def _job(file: str, options_for: Callable[[str], RunOptions]) -> tuple[str, dict[str, Any]]:
    """The (source, options) job of one file; ``OSError``/``ValueError``/``MLError`` when it cannot
    be run (unreadable, not UTF-8, its project file refused)."""
    keywords = job_options(options_for(file))
    keywords["filename"] = file
    return read_source(file), keywords


def _refusal(file: str, error: BaseException) -> MLError:
    """The failure recorded for a file that could not even be submitted, naming the file."""
    from mlpy.engine.distributed import job_error

    if isinstance(error, MLError):  # an unreadable or non-UTF-8 file too (``read_source``)
        return error
    return job_error(f"cannot read {file}: {error}", file)


def _outcomes(refused: list[tuple[str, MLError]], runs: list[str], jobs: list[tuple[str, dict[str, Any]]],
              client: Any) -> Iterable[tuple[str, RunResult | MLError]]:
    """(file, outcome) of every file: those refused before running first, then the runs as they end."""
    from mlpy.engine.distributed import iter_many

    yield from refused
    if jobs:
        for index, outcome in iter_many(jobs, client):
            yield runs[index], outcome


def _end_last_line(results: Path) -> None:
    """End a results file whose last line was cut short (a batch killed while writing it): the
    next record must start a line of its own, or it would be unreadable too and run again."""
    try:
        with results.open("rb+") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size:
                handle.seek(size - 1)
                if handle.read(1) != b"\n":
                    handle.write(b"\n")
    except FileNotFoundError:
        pass


__all__ = ["done_files", "job_options", "record", "run_batch"]
