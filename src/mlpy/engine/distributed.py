"""Scale-out on Dask: many ML runs over a ``dask.distributed`` cluster (extra ``mlpy[distributed]``).

``run_many(jobs, client=None, **defaults)`` sends each job to a Dask worker, where it runs in that
worker process's own ``SandboxPool`` (a fresh sandboxed process per run), and returns one outcome
per job in job order: a ``RunResult``, or the job's ``MLError`` in its place. Without a client a
``LocalCluster`` of processes is started for the call and closed after. A worker lost mid-batch
is replaced by Dask and its jobs run again elsewhere; no job is lost. ``iter_many`` yields
``(index, outcome)`` as jobs finish (``mlpy batch`` writes its results file from it).

A job is ML source, a ``Program``, or a pair ``(source_or_program, {options})``; the options are
those of ``mlpy.run`` and win over ``defaults``. A job that cannot run at all (options ``mlpy.run``
would refuse, a task the cluster gave up on) has an ``MLError`` of kind ``JobError`` as its
outcome: one bad job never costs the outcomes of the others.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

from mlpy.engine.program import Program
from mlpy.engine.result import RunResult
from mlpy.errors import MLError

_pool_lock = threading.Lock()
_worker_pool: Any = None


def _normalise(job: Any, defaults: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(source, options) of one job, with the defaults filled in."""
    options: dict[str, Any] = {}
    if isinstance(job, tuple) and len(job) == 2 and isinstance(job[1], dict):
        job, options = job
    if isinstance(job, Program):
        options = {"filename": job.filename, **options}
        job = job.source
    if not isinstance(job, str):
        raise TypeError(f"a job is ML source, a Program or (source, options), not {type(job).__name__}")
    return job, {**defaults, **options}


def run_job(source: str, options: dict[str, Any]) -> tuple[str, Any]:
    """Worker side: run one job in this worker process's ``SandboxPool``.

    Returns ``("ok", RunResult)`` or ``("error", error fields)``: errors travel as data, so that
    each one comes back as the right ``MLError`` class with its position.
    """
    global _worker_pool
    from mlpy.engine.pool import SandboxPool
    from mlpy.engine.wire import error_to_dict

    with _pool_lock:
        if _worker_pool is None:
            _worker_pool = SandboxPool(workers=1)
        pool = _worker_pool
    try:
        # Output is always captured: a worker's own stdout reaches no one. (``capture_output=True``
        # among the options, as the docs pass it, is the same request, not a second one.)
        return "ok", pool.run(source, **{**options, "capture_output": True})
    except MLError as error:
        stats = error.stats.as_dict() if error.stats is not None else None
        return "error", {"error": error_to_dict(error), "stats": stats}
    except (TypeError, ValueError) as error:  # the job's own options (an unknown name, a bad limit)
        filename = options.get("filename")
        refused = job_error(f"the job's options were refused: {error}",
                            filename if isinstance(filename, str) else None)
        return "error", {"error": error_to_dict(refused), "stats": None}


def job_error(message: str, filename: str | None = None) -> MLError:
    """The outcome of a job that could not run at all (its options, its file, the cluster): an
    ``MLError`` of kind ``JobError`` in that job's place, so the other jobs of a batch go on."""
    return MLError(message, filename, kind="JobError")


def _outcome(answer: tuple[str, Any]) -> RunResult | MLError:
    from mlpy.engine.stats import RunStats
    from mlpy.engine.wire import error_from_dict

    kind, payload = answer
    if kind == "ok":
        result: RunResult = payload
        return result
    error = error_from_dict(payload["error"])
    error.stats = RunStats.from_dict(payload.get("stats"))
    return error


def _finished(future: Any) -> RunResult | MLError:
    """The outcome of a finished task; a task that failed on the cluster (its worker lost more
    often than ``retries`` allows, its result not delivered) is that job's error, not the batch's."""
    try:
        answer = future.result()
    except Exception as exc:  # noqa: BLE001 - raised again by Dask from the worker or the scheduler
        return job_error(f"the cluster could not run this job: {type(exc).__name__}: {exc}")
    return _outcome(answer)


def _local_client() -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(processes=True, threads_per_worker=1, dashboard_address=":0")
    return Client(cluster), cluster


def iter_many(jobs: Iterable[Any], client: Any = None, *, retries: int = 2,
              **defaults: Any) -> Iterator[tuple[int, RunResult | MLError]]:
    """Run ``jobs`` on the cluster; yield ``(index, outcome)`` as each finishes."""
    from distributed import as_completed

    prepared = [_normalise(job, defaults) for job in jobs]
    own = None
    if client is None:
        client, own = _local_client()
    try:
        futures = [client.submit(run_job, source, options, pure=False, retries=retries)
                   for source, options in prepared]
        index_of = {future.key: index for index, future in enumerate(futures)}
        for future in as_completed(futures):
            yield index_of[future.key], _finished(future)
    finally:
        if own is not None:
            client.close()
            own.close()


def run_many(jobs: Iterable[Any], client: Any = None, *, retries: int = 2,
             **defaults: Any) -> list[RunResult | MLError]:
    """Run ``jobs`` on a Dask cluster: one outcome per job, in job order."""
    job_list = list(jobs)
    outcomes: list[RunResult | MLError | None] = [None] * len(job_list)
    for index, outcome in iter_many(job_list, client, retries=retries, **defaults):
        outcomes[index] = outcome
    return [outcome for outcome in outcomes if outcome is not None]


__all__ = ["iter_many", "job_error", "run_job", "run_many"]
