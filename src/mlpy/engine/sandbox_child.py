"""The sandbox child: ``python -m mlpy.engine.sandbox_child JOB_FD RESULT_FD``.

Started by ``mlpy.engine.sandbox`` in a clean, resource-limited process. It reads one job from the
private job pipe, runs it through the same pipeline as an in-process run (so grants, cooperative
limits and error reporting are identical), and writes the result on the private result pipe; the
program's own output goes to stdout/stderr, which the parent streams and never parses.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from mlpy.engine.wire import error_to_dict, plain_globals
from mlpy.errors import MLError, MLLimitError
from mlpy.runtime.limits import memory_message


def options_from_job(job: dict[str, Any]) -> Any:
    """The ``RunOptions`` of a sandbox job (the parent resolved paths and grants already)."""
    from mlpy.engine.options import build_options

    limits = job.get("limits") or {}
    return build_options(
        job["filename"], capabilities=list(job.get("capabilities") or []),
        timeout=limits.get("timeout"), max_steps=limits.get("max_steps"),
        max_memory=limits.get("max_memory"), max_output=limits.get("max_output"),
        max_recursion=limits.get("max_recursion"),
        extension_paths=list(job.get("extension_paths") or []),
        ml_module_paths=list(job.get("ml_module_paths") or []),
        argv=list(job.get("argv") or []), project_file=job.get("project_file", "search"),
        process_memory=True,  # the child process is the run's own
        front_end=job.get("front_end", "cli"),
    )


def run_ml_job(job: dict[str, Any]) -> dict[str, Any]:
    """Run the job's program in-process through the pipeline and return its globals."""
    from mlpy.engine.pipeline import run_source

    result = run_source(job["source"], job["filename"], options_from_job(job))
    return dict(result.globals)


def _load_runner(spec: Sequence[str] | None) -> Callable[[dict[str, Any]], Any]:
    """The job runner: ``run_ml_job``, or (tests, benchmarks) ``module:function`` from a path."""
    if not spec:
        return run_ml_job
    path, target = spec
    if path and path not in sys.path:
        sys.path.insert(0, path)
    module_name, _, func = target.partition(":")
    runner: Callable[[dict[str, Any]], Any] = getattr(importlib.import_module(module_name), func)
    return runner


def _child_main(job_fd: int, result_fd: int) -> int:
    """Read the job, run it, send the result on the private channel. Returns the exit code."""
    os.set_inheritable(result_fd, False)  # processes the program might start never get the channel
    with os.fdopen(job_fd, "rb") as handle:
        job = json.loads(handle.read().decode("utf-8"))
    limits = job.get("limits") or {}
    try:
        runner = _load_runner(job.get("runner"))
        globals_ = runner(job) or {}
        message: dict[str, Any] = {"ok": True, "globals": plain_globals(dict(globals_))}
        code = 0
    except MLError as exc:
        message, code = {"ok": False, "error": error_to_dict(exc)}, 1
    except MemoryError:
        limit = MLLimitError(memory_message(limits.get("max_memory") or 0, job.get("front_end", "cli")),
                             job.get("filename"))
        message, code = {"ok": False, "error": error_to_dict(limit)}, 1
    except RecursionError:
        limit = MLLimitError("maximum recursion depth exceeded", job.get("filename"))
        message, code = {"ok": False, "error": error_to_dict(limit)}, 1
    except Exception as exc:  # an internal error must still reach the parent as an error
        err = MLError(f"internal error in the sandbox: {type(exc).__name__}: {exc}", job.get("filename"),
                      kind="InternalError")
        message, code = {"ok": False, "error": error_to_dict(err)}, 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    with os.fdopen(result_fd, "wb") as out:
        out.write(json.dumps(message, allow_nan=True).encode("utf-8"))
    return code


if __name__ == "__main__":
    sys.exit(_child_main(int(sys.argv[1]), int(sys.argv[2])))
