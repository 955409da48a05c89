"""A warm sandbox worker: ``python -m mlpy.engine.zygote``, one per ``SandboxPool`` slot.

The zygote imports mlpy and loads the standard-library modules once, then serves jobs read as JSON
lines on its stdin. Each job runs in a child forked before the job arrived (a *spare*, waiting on a
pipe: the fork is off the run's time) -- a fresh copy of the warm process, so nothing of one run is
visible to the next -- which is in a process group of its own; given its job, it sets its rlimits
(address space for ``max_memory``, CPU time for ``timeout``, file size), points file descriptors 0-2
at ``/dev/null``, runs the job through the in-process pipeline with its output captured, and writes
one JSON result on a private pipe. The zygote kills the child's whole group at the hard deadline
and answers on its stdout: first ``{"id", "started": pid}`` (the pool can cancel by killing that
group), then ``{"id", "result": ...}`` saying how the run ended (``ok``, an error, or why it was
killed: ``timeout`` or the signal). The zygote itself never runs ML code. A child compiles its own
program; a source the zygote has seen before is compiled in the zygote after its run, so that the
spares forked afterwards find it in the in-memory compile cache.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import resource
import select
import signal
import sys
import time
from collections import OrderedDict
from typing import Any, BinaryIO

from mlpy.engine.program_cache import DEFAULT_CAPACITY

HARD_GRACE_SECONDS = 1.0
"""Wall-clock time after ``timeout`` before the child is killed (its own clean report comes first)."""

MAX_FILE_MB = 512
"""RLIMIT_FSIZE of a child: the largest file a run may write (it still needs a write grant)."""

MAX_RESULT_BYTES = 64 * 1024 * 1024
"""Result bytes read from a child; more is dropped (and the result is then unreadable)."""


_WARM_UP_JOB: dict[str, Any] = {
    "source": ('import math;\nfunction f(n) { return n + 1; }\nx = 0;\nfor (i in range(3)) { x = f(x); }\n'
               'print(str(math.floor(x)));\n'),
    "filename": "<warm-up>", "capabilities": [], "limits": {"timeout": 60, "max_steps": 10**6},
}
"""A run of mlpy's own made in the zygote before it serves: every lazy import and first-use cache
of the run path is then in place in each forked child."""


def _warm_up() -> None:
    """Import and exercise what every run needs, once, before the first fork."""
    import mlpy.modules.checks  # noqa: F401
    from mlpy.compiler import program  # noqa: F401

    _preload_stdlib()
    _precompile(_WARM_UP_JOB)
    _run_job(_WARM_UP_JOB, io.StringIO(), io.StringIO())


def _preload_stdlib() -> None:
    """Load every standard-library module through the module registry, so that a forked child
    imports ``json`` or ``math`` from memory it shares with the zygote instead of executing the
    bridge file (several ms per module) in every run.

    Safe to share: a module instance holds no per-run state -- what a program sets (a random seed,
    a log level) lives in the run's import session on its execution context, made in the child --
    and whatever a child changes stays in its own copy of the process. A module that fails to load
    is left for the run that imports it to report."""
    from mlpy.errors import MLError
    from mlpy.modules.registry import get_registry

    registry = get_registry()
    for name, found in sorted(registry.current_view().extensions.items()):
        if found.origin == "stdlib":
            try:
                registry.get_module_object(name)
            except MLError:
                continue


def _precompile(job: dict[str, Any], started: float | None = None) -> None:
    """Compile the job's program in the zygote (parsing and checking run no ML code), so that the
    children forked after it find it in the in-memory cache; a program that does not compile is
    left for the runs to report. With ``started`` the compile stops once the job's time limit,
    counted from then, is used up (the zygote never spends more on a program than its run may)."""
    from mlpy.compiler.options import compile_deadline
    from mlpy.engine.options import embedded_options
    from mlpy.engine.pipeline import compile_for
    from mlpy.errors import MLError

    limits = job.get("limits") or {}
    timeout = limits.get("timeout")
    try:
        options = embedded_options(
            job["filename"], extension_paths=job.get("extension_paths") or [],
            ml_module_paths=job.get("ml_module_paths") or [], timeout=timeout,
            max_steps=limits.get("max_steps"), max_recursion=limits.get("max_recursion"))
        compile_for(job["source"], job["filename"], options,
                    count_steps=options.limits.active() or bool(limits.get("max_memory")),
                    inputs=frozenset(job.get("inputs") or ()),
                    deadline=None if started is None else compile_deadline(started, timeout))
    except (MLError, ValueError, OSError, RecursionError, MemoryError):
        pass


def _vm_bytes() -> int:
    """The current address-space size of this process (Linux ``/proc/self/statm``)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _set_limits(job: dict[str, Any]) -> None:
    limits = job.get("limits") or {}
    memory = limits.get("max_memory")
    if memory:
        _set(resource.RLIMIT_AS, _vm_bytes() + int(memory * 1024 * 1024))
    timeout = limits.get("timeout")
    if timeout:
        _set(resource.RLIMIT_CPU, math.ceil(timeout) + 1)
    _set(resource.RLIMIT_FSIZE, MAX_FILE_MB * 1024 * 1024)


def _set(which: int, value: int) -> None:
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY and value > hard:
        value = hard
    resource.setrlimit(which, (value, hard))


def _run_child(job: dict[str, Any], result_fd: int) -> None:
    """In the forked child: run the job and write its result. Never returns."""
    code = 0
    try:
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        out, err = io.StringIO(), io.StringIO()
        sys.stdout, sys.stderr = out, err
        _set_limits(job)
        message = _run_job(job, out, err)
    except BaseException as exc:  # noqa: BLE001 - the child must always answer
        message = {"ok": False, "internal": f"{type(exc).__name__}: {exc}"}
        code = 1
    try:
        data = json.dumps(message, allow_nan=True).encode("utf-8")
    except (TypeError, ValueError) as exc:
        data = json.dumps({"ok": False, "internal": f"unencodable result: {exc}"}).encode()
    try:
        with os.fdopen(result_fd, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(code)


def _run_job(job: dict[str, Any], out: io.StringIO, err: io.StringIO) -> dict[str, Any]:
    from mlpy.engine.options import embedded_options
    from mlpy.engine.pipeline import run_source
    from mlpy.engine.wire import error_to_dict, plain_data
    from mlpy.errors import MLError, MLLimitError
    from mlpy.runtime.limits import memory_message

    limits = job.get("limits") or {}
    filename = job["filename"]
    try:
        options = embedded_options(
            filename, capabilities=job.get("capabilities") or [],
            timeout=limits.get("timeout"), max_steps=limits.get("max_steps"),
            max_memory=limits.get("max_memory"), max_output=limits.get("max_output"),
            max_recursion=limits.get("max_recursion"),
            extension_paths=job.get("extension_paths") or [], ml_module_paths=job.get("ml_module_paths") or [],
            argv=job.get("argv") or [], inputs=job.get("inputs") or None, stdout=out,
            stdin=io.StringIO(job.get("stdin") or ""), process_memory=True,
            enforce_requests=job.get("enforce_requests", True),
        )
        result = run_source(job["source"], filename, options)
    except MLError as exc:
        if isinstance(exc, MLLimitError) and limits.get("max_memory") and "memory" in exc.message:
            exc.message = memory_message(limits["max_memory"], "api")  # the rlimit stopped an allocation
        stats = exc.stats.as_dict() if exc.stats is not None else None
        return {"ok": False, "error": error_to_dict(exc), "output": out.getvalue(),
                "errors": err.getvalue(), "stats": _with_peak(stats)}
    except MemoryError:
        error = MLLimitError(memory_message(limits.get("max_memory") or 0, "api"), filename)
        return {"ok": False, "error": error_to_dict(error), "output": out.getvalue(),
                "errors": err.getvalue(), "stats": _with_peak(None)}
    plain = {}
    for name, value in result.globals.items():
        ok, copy = plain_data(value)
        if ok:
            plain[name] = copy
    return {"ok": True, "globals": plain, "output": out.getvalue(), "errors": err.getvalue(),
            "stats": _with_peak(result.stats.as_dict())}


def _with_peak(stats: dict[str, Any] | None) -> dict[str, Any]:
    stats = dict(stats or {})
    stats["peak_memory"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return stats


def _collect(pid: int, read_fd: int, deadline: float | None) -> tuple[bytes, str | None]:
    """Read the child's result until it closes the pipe; kill it at ``deadline``; then kill what
    the run left in its process group (the caller reaps the child).

    Returns (result bytes, ``"timeout"`` when the zygote killed it)."""
    chunks: list[bytes] = []
    size = 0
    reason = None
    waiting = select.poll()  # no selector object: a plain poll costs one system call per wait
    waiting.register(read_fd, select.POLLIN)
    while True:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                reason = "timeout"
                _kill(pid)
                break
            if not waiting.poll(math.ceil(left * 1000)):
                continue
        chunk = os.read(read_fd, 65536)  # without a deadline: block here until the child answers
        if not chunk:
            break
        size += len(chunk)
        if size <= MAX_RESULT_BYTES:
            chunks.append(chunk)
    os.close(read_fd)
    _kill(pid)  # whatever the run left in its group goes with it
    return b"".join(chunks), reason


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _answer(channel: BinaryIO, message: dict[str, Any]) -> None:
    channel.write(json.dumps(message).encode("utf-8") + b"\n")
    channel.flush()


class _Spare:
    """A child forked ahead of its job, in a process group of its own, waiting for the job on a
    pipe: the fork and the child's start are then off the run's time."""

    def __init__(self, channel: BinaryIO) -> None:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(job_write)
            os.close(result_read)
            os.close(channel.fileno())  # only the zygote answers the pool
            _await_job(job_read, result_write)
        os.close(job_read)
        os.close(result_write)
        try:
            os.setpgid(pid, pid)  # also done by the child: the group exists before either goes on
        except OSError:
            pass
        self.pid, self.job_fd, self.result_fd = pid, job_write, result_read
        self.reaped = False

    def alive(self) -> bool:
        """Whether the child still waits (one killed meanwhile is reaped here)."""
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            done = self.pid
        self.reaped = self.reaped or bool(done)
        return not done

    def give(self, job: dict[str, Any]) -> None:
        """Send the job (the child starts when the pipe closes)."""
        try:
            with os.fdopen(self.job_fd, "wb") as pipe:
                pipe.write(json.dumps(job).encode("utf-8"))
        except OSError:
            pass  # the child died: _collect reports how

    def discard(self) -> None:
        """Stop an unused spare (the job pipe closes empty: the child exits)."""
        os.close(self.job_fd)
        os.close(self.result_fd)
        if not self.reaped:
            _kill(self.pid)
            os.waitpid(self.pid, 0)


def _await_job(job_fd: int, result_fd: int) -> None:
    """In a spare child: wait for the job, then run it. Never returns."""
    try:
        os.setpgid(0, 0)
        with os.fdopen(job_fd, "rb") as pipe:
            data = pipe.read()
        job = json.loads(data) if data else None
    except BaseException:  # noqa: BLE001 - the child must never return into the zygote's loop
        os._exit(1)
    if job is None:  # the zygote is stopping
        os._exit(0)
    _run_child(job, result_fd)


class _SeenSources:
    """Which jobs to compile in the zygote: a source seen before is compiled after its run, so that
    the next spare finds it compiled (a source seen once is compiled by its child only), and only
    once: compiling it again would only look it up in the cache, and even a cache hit writes to
    hundreds of memory pages the zygote shares with its spare, each a copy-on-write fault of its own
    (~0.1 ms of the zygote's CPU per run, taken from the runs on the same cores)."""

    LIMIT = 4096
    """Digests of sources remembered as seen."""

    COMPILED = DEFAULT_CAPACITY // 2
    """Jobs remembered as compiled. Each compile in the zygote uses or adds one entry of the program
    cache, so the last ``COMPILED`` jobs compiled are always among the cache's ``DEFAULT_CAPACITY``
    most recently used entries: a job remembered here is still in the cache."""

    def __init__(self) -> None:
        self._seen: dict[bytes, None] = {}
        self._compiled: OrderedDict[bytes, None] = OrderedDict()

    def needs_compile(self, job: dict[str, Any]) -> bool:
        """Whether to compile ``job`` in the zygote now (it is then remembered as compiled)."""
        source = job["source"].encode("utf-8", "surrogatepass")
        if not self._repeated(hashlib.blake2b(source, digest_size=16).digest()):
            return False
        context = json.dumps([job.get("filename"), job.get("extension_paths"), job.get("ml_module_paths"),
                              job.get("limits"), sorted(job.get("inputs") or ())], sort_keys=True)
        key = hashlib.blake2b(source + b"\0" + context.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if key in self._compiled:
            return False
        self._compiled[key] = None
        while len(self._compiled) > self.COMPILED:
            self._compiled.popitem(last=False)
        return True

    def _repeated(self, digest: bytes) -> bool:
        if digest in self._seen:
            return True
        if len(self._seen) >= self.LIMIT:
            self._seen.clear()
        self._seen[digest] = None
        return False


def serve(requests: BinaryIO, channel: BinaryIO) -> None:
    """Serve jobs until ``requests`` ends, each in a spare child forked before its job arrived."""
    seen = _SeenSources()
    spare: _Spare | None = _Spare(channel)
    try:
        for line in requests:
            if not line.strip():
                continue
            request = json.loads(line)
            job = request["job"]
            received = time.monotonic()  # the run's clock starts before its program is compiled
            if spare is None or not spare.alive():  # a spare killed from outside is replaced
                if spare is not None:
                    spare.discard()
                spare = _Spare(channel)
            child, spare = spare, None
            _answer(channel, {"id": request["id"], "started": child.pid})
            child.give(job)
            timeout = (job.get("limits") or {}).get("timeout")
            deadline = None if timeout is None else received + timeout + HARD_GRACE_SECONDS
            raw, reason = _collect(child.pid, child.result_fd, deadline)
            result: dict[str, Any]
            try:
                result = json.loads(raw.decode("utf-8")) if raw else {}
            except (UnicodeDecodeError, ValueError):
                result = {}
            if reason is not None:
                result = {"killed": reason}
            if result:
                # Answer first: the child's exit (freeing its copy of the process) is off the run's time.
                _answer(channel, {"id": request["id"], "result": result})
                os.waitpid(child.pid, 0)
            else:
                _, status = os.waitpid(child.pid, 0)
                if os.WIFSIGNALED(status):
                    result = {"killed": "signal", "signal": os.WTERMSIG(status)}
                else:
                    result = {"killed": "exit", "status": os.waitstatus_to_exitcode(status)}
                _answer(channel, {"id": request["id"], "result": result})
            if seen.needs_compile(job):
                _precompile(job, time.monotonic())
            spare = _Spare(channel)
    finally:
        if spare is not None:
            spare.discard()


def main() -> None:
    """Entry point: warm up, then serve on stdin/stdout (stdout becomes the private channel)."""
    channel = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nothing else may write on the channel
    sys.stdout = io.TextIOWrapper(os.fdopen(os.dup(devnull), "wb"))
    _warm_up()
    import gc

    gc.freeze()  # the warm objects stay out of collections: forked children do not copy their pages
    _answer(channel, {"ready": os.getpid()})
    serve(sys.stdin.buffer, channel)


if __name__ == "__main__":
    main()
