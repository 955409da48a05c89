"""``SandboxPool``: warm sandbox workers for many untrusted runs, each in a fresh process.

Each slot of the pool is a zygote (``mlpy.engine.zygote``): a clean-environment Python process that
imported mlpy once and forks one child per run (ahead of it). A fork of a warm process costs about a millisecond,
so a sandboxed run costs little more than an in-process one, while every run still gets a process
of its own: rlimits (memory, CPU), a kill of its whole process group at the deadline or on
``cancel()``, and nothing left over from the previous run. A zygote that dies is replaced, and
its job is tried once more on the new one.

    with mlpy.SandboxPool(workers=4, timeout=2) as pool:
        result = pool.run("x = 6 * 7;")             # RunResult, or raises MLError
        future = pool.submit(program, inputs={...})  # concurrent.futures.Future
        future.cancel()                              # kills the run if it is running
        result = await pool.run_async(source)        # asyncio; cancelling the task kills the run

A future stays *pending* while its run executes, so that ``cancel()`` can still stop it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import os
import queue
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any, TextIO

from mlpy.engine.options import RunOptions, embedded_options
from mlpy.engine.program import Program
from mlpy.engine.result import RunResult
from mlpy.engine.stats import RunStats
from mlpy.engine.wire import error_from_dict
from mlpy.engine.zygote import request_header
from mlpy.errors import MLError, MLTimeoutError
from mlpy.runtime.limits import timeout_message

START_TIMEOUT = 60.0
"""Seconds a new zygote may take to import mlpy and say it is ready."""


class _Job:
    """One submitted run: its wire form, where its output goes, its future and the zygote running it."""

    def __init__(self, wire: dict[str, Any], options: RunOptions, future: Future[RunResult]) -> None:
        self.wire = wire
        self.data = json.dumps(wire).encode("utf-8")
        self.options = options
        self.future = future
        self.running: tuple[_Zygote, int] | None = None
        """The zygote running the job and the job's ID there, while it runs."""
        self.lock = threading.Lock()

    def kill(self) -> None:
        """Stop the run if it is running (its zygote kills the run's process group)."""
        with self.lock:  # held: the zygote cannot be closed (its pipe's number reused) meanwhile
            if self.running is not None:
                self.running[0].cancel(self.running[1])


class _Zygote:
    """One warm worker process and the pipes to it."""

    def __init__(self) -> None:
        from mlpy.engine.sandbox import child_env

        cancel_read, self._cancel_fd = os.pipe()
        os.set_blocking(self._cancel_fd, False)  # a cancel never waits for a hung zygote
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-P", "-s", "-m", "mlpy.engine.zygote", str(cancel_read)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=child_env(),
                close_fds=True, pass_fds=(cancel_read,), start_new_session=True,
            )
        except BaseException:
            os.close(self._cancel_fd)
            raise
        finally:
            os.close(cancel_read)
        # A worker that hangs while warming up must not hold its pool thread (and the run) forever.
        assert self.proc.stdout is not None
        started, _, _ = select.select([self.proc.stdout.fileno()], [], [], START_TIMEOUT)
        ready = self._read() if started else None
        if ready is None or "ready" not in ready:
            self.close()
            raise MLError("cannot start a sandbox worker", kind="SandboxError")

    def _read(self) -> dict[str, Any] | None:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            return None
        message: dict[str, Any] = json.loads(line)
        return message

    def run(self, job: _Job, job_id: int) -> dict[str, Any] | None:
        """Run one job; ``None`` when the zygote itself died (the job may be retried)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        with job.lock:
            job.running = (self, job_id)
        try:
            try:
                self.proc.stdin.write(request_header(job_id, job.wire, len(job.data)) + job.data)
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                return None
            if job.future.cancelled():  # cancelled before ``running`` was set: no kill reached it
                job.kill()
            header = self.proc.stdout.readline().split()
            if len(header) != 2 or header[0] != b"%d" % job_id:
                return None
            size = int(header[1])
            payload = self.proc.stdout.read(size)
        finally:
            with job.lock:
                job.running = None
        if len(payload) != size:
            return None
        return _decode(payload)

    def cancel(self, job_id: int) -> None:
        """Ask the zygote to kill the run of ``job_id`` (ignored once that run is over)."""
        try:
            os.write(self._cancel_fd, b"%d\n" % job_id)
        except OSError:
            pass  # closed, or the zygote is dead or hung (and is replaced)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        cancel_fd, self._cancel_fd = self._cancel_fd, -1
        if cancel_fd >= 0:
            os.close(cancel_fd)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class SandboxPool:
    """Warm sandbox workers. ``defaults`` are ``mlpy.run`` keyword options applied to every run
    (a run's own options win). ``workers`` defaults to the number of CPUs."""

    def __init__(self, workers: int | None = None, **defaults: Any) -> None:
        self._size = max(1, workers or os.cpu_count() or 1)
        self._defaults = defaults
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._ids = itertools.count(1)
        self._closed = False
        self._threads = [threading.Thread(target=self._serve, name=f"mlpy-pool-{n}", daemon=True)
                         for n in range(self._size)]
        self._zygotes: list[_Zygote | None] = [None] * self._size
        self.replaced = 0
        """How many dead workers were replaced so far."""
        for thread in self._threads:
            thread.start()

    @property
    def workers(self) -> int:
        """The number of worker processes."""
        return self._size

    # -- submitting ------------------------------------------------------------------------------

    def submit(self, source_or_program: str | Program, **options: Any) -> Future[RunResult]:
        """Start a run; its future gives the ``RunResult`` or raises the ``MLError``."""
        if self._closed:
            raise RuntimeError("the SandboxPool is closed")
        merged = {**self._defaults, **options}
        if isinstance(source_or_program, Program):
            source, filename = source_or_program.source, source_or_program.filename
            merged.setdefault("filename", filename)
        else:
            source = source_or_program
        filename = str(merged.pop("filename", "<string>"))
        merged.pop("sandbox", None)
        return self.submit_options(source, filename, embedded_options(filename, sandbox=True, **merged))

    def submit_options(self, source: str, filename: str, options: RunOptions) -> Future[RunResult]:
        """``submit`` with ``RunOptions`` already built (``sandbox=True`` runs come this way)."""
        if self._closed:
            raise RuntimeError("the SandboxPool is closed")
        future: Future[RunResult] = Future()
        job = _Job(_wire(source, filename, options), options, future)
        future.add_done_callback(lambda done: job.kill() if done.cancelled() else None)
        self._queue.put(job)
        return future

    def run(self, source_or_program: str | Program, **options: Any) -> RunResult:
        """Run and wait: the ``RunResult``, or the run's ``MLError`` raised."""
        return self.submit(source_or_program, **options).result()

    async def run_async(self, source_or_program: str | Program, **options: Any) -> RunResult:
        """``await``-able ``run``; cancelling the awaiting task kills the run."""
        return await asyncio.wrap_future(self.submit(source_or_program, **options))

    # -- lifetime ----------------------------------------------------------------------------------

    def close(self) -> None:
        """Finish the queued runs, then stop every worker."""
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the worker threads --------------------------------------------------------------------

    def _serve(self) -> None:
        slot = self._threads.index(threading.current_thread())
        try:
            while True:
                job = self._queue.get()
                if job is None:
                    return
                if job.future.cancelled():
                    continue
                try:
                    answer = self._run_on(slot, job)
                    outcome = _outcome(answer, job)
                except BaseException as exc:  # noqa: BLE001 - a job's failure belongs to its future
                    outcome = exc if isinstance(exc, MLError) else MLError(
                        f"internal error in the sandbox pool: {exc}", kind="SandboxError")
                if job.future.cancelled():
                    continue
                try:
                    if isinstance(outcome, BaseException):
                        job.future.set_exception(outcome)
                    else:
                        job.future.set_result(outcome)
                except Exception:  # noqa: BLE001, S112 - cancelled meanwhile
                    continue
        finally:
            zygote = self._zygotes[slot]
            if zygote is not None:
                zygote.close()

    def _run_on(self, slot: int, job: _Job) -> dict[str, Any]:
        """Run ``job`` on this slot's zygote, replacing a dead zygote (the job is tried twice)."""
        for _ in range(2):
            zygote = self._zygotes[slot]
            if zygote is None or not zygote.alive():
                if zygote is not None:
                    self.replaced += 1
                    zygote.close()
                zygote = self._zygotes[slot] = _Zygote()
            answer = zygote.run(job, next(self._ids))
            if answer is not None:
                return answer
            self._zygotes[slot] = None
            self.replaced += 1
            zygote.close()
            if job.future.cancelled():
                break
        return {"killed": "worker"}


def _wire(source: str, filename: str, options: RunOptions) -> dict[str, Any]:
    """The JSON job a zygote runs (grants as strings, the limits, absolute paths, plain inputs,
    the text of ``stdin``)."""
    limits = options.limits
    stdin = options.stdin
    text = stdin.read() if stdin is not None and hasattr(stdin, "read") else ""
    return {
        "source": source, "filename": filename, "capabilities": options.grants.describe(),
        "limits": {"timeout": _finite(limits.timeout), "max_steps": _finite(limits.max_steps),
                   "max_memory": _finite(limits.max_memory_mb), "max_output": _finite(limits.max_output_bytes),
                   "max_recursion": _finite(limits.max_recursion)},
        "extension_paths": list(options.extension_paths), "ml_module_paths": list(options.ml_module_paths),
        "argv": list(options.argv), "stdin": str(text),
        "inputs": _sent_inputs(options.inputs or {}),
        "enforce_requests": options.enforce_requests, "front_end": options.front_end,
    }


def _sent_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs as the job's JSON carries them: plain ML data (``values.to_ml``), each array or
    object written out wherever it occurs, within one ``wire.PlainBudget`` for all of them. A
    value sharing its parts so often that its JSON would be too big (forty ``a = [a, a];`` of an
    earlier run's result: 2**41 items) is refused with a ``ValueError`` naming it, instead of
    freezing the host while it is written out."""
    from mlpy.engine.values import to_ml
    from mlpy.engine.wire import MAX_PLAIN_BYTES, MAX_PLAIN_ITEMS, PlainBudget, plain_within

    if not inputs:
        return {}
    budget = PlainBudget()
    sent: dict[str, Any] = {}
    for name, value in inputs.items():
        ok, sent[name] = plain_within(to_ml(value, f"inputs[{name!r}]"), budget)
        if not ok:
            raise ValueError(f"inputs[{name!r}]: too large to send to a sandboxed run: the inputs may "
                             f"hold {MAX_PLAIN_ITEMS:,} items or {MAX_PLAIN_BYTES // (1024 * 1024)} MB of "
                             "JSON in all, counting an array or object shared in them once per place it occurs")
    return sent


def _finite(limit: float | None) -> float | None:
    """A limit as a job carries it: ``None`` for an infinite one (``timeout=float("inf")`` is no
    time limit; as a number it would overflow the child's rlimits, timers and counters)."""
    return None if isinstance(limit, float) and math.isinf(limit) else limit


def _decode(payload: bytes) -> dict[str, Any]:
    """A zygote's answer for a run (the child's own JSON, or the zygote's ``killed`` report)."""
    try:
        answer = json.loads(payload)
    except (UnicodeDecodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):
        return {"ok": False, "internal": "the sandbox sent an unreadable result"}
    return answer


def _outcome(answer: dict[str, Any], job: _Job) -> RunResult | MLError:
    """Turn a zygote's answer into the run's result or error, writing its output where it goes."""
    options = job.options
    filename = job.wire["filename"]
    limits = options.limits
    _forward(answer.get("output"), options.stdout, options.capture_output, sys.stdout)
    _forward(answer.get("errors"), options.stderr, False, sys.stderr)
    stats = RunStats.from_dict(answer.get("stats"))
    killed = answer.get("killed")
    if killed is not None:
        if job.future.cancelled():
            return MLError("the run was cancelled", filename, kind="Cancelled")
        error: MLError
        if killed == "timeout":
            error = MLTimeoutError(timeout_message(limits.timeout or 0, options.front_end), filename)
        elif killed == "signal":
            number = int(answer.get("signal") or 0)
            name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else "?"
            if number == getattr(signal, "SIGXCPU", -1) and limits.timeout is not None:
                error = MLTimeoutError(timeout_message(limits.timeout, options.front_end), filename)
            else:
                error = MLError(f"the sandboxed program was killed by signal {number} ({name})", filename,
                                kind="SandboxError")
        elif killed == "worker":
            error = MLError("the sandbox worker died twice while running the program", filename,
                            kind="SandboxError")
        else:
            error = MLError(f"the sandboxed program ended (exit status {answer.get('status')}) "
                            "without reporting a result", filename, kind="SandboxError")
        error.stats = stats
        return error
    if answer.get("internal"):
        return MLError(f"internal error in the sandbox: {answer['internal']}", filename, kind="InternalError")
    if not answer.get("ok"):
        error = error_from_dict(answer.get("error") or {})
        error.stats = stats
        return error
    output = answer.get("output") if options.capture_output else None
    return RunResult(globals=dict(answer.get("globals") or {}), filename=filename, output=output,
                     stats=stats)


def _forward(text: Any, stream: TextIO | None, capture: bool, default: TextIO) -> None:
    if not text or capture:
        return
    target = stream if stream is not None else default
    try:
        target.write(str(text))
        target.flush()
    except (OSError, ValueError):
        pass


_default_pool: SandboxPool | None = None
_default_generation = -1
_default_lock = threading.Lock()


def default_pool() -> SandboxPool:
    """The process's shared pool behind ``sandbox=True`` (started on first use, and started again
    when the host re-read mlpy's settings: workers carry the cache and key folders they began with)."""
    global _default_pool, _default_generation
    from mlpy import settings

    with _default_lock:
        stale = _default_pool is not None and _default_generation != settings.generation()
        if stale and _default_pool is not None:
            _default_pool.close()
        if _default_pool is None or _default_pool._closed:
            _default_pool = SandboxPool()
            _default_generation = settings.generation()
        return _default_pool


__all__ = ["SandboxPool", "default_pool"]
