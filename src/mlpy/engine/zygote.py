"""A warm sandbox worker: ``python -m mlpy.engine.zygote``, one per ``SandboxPool`` slot.

The zygote imports mlpy and loads the standard-library modules once, then serves jobs read on its
stdin, each a header line ``ID TIMEOUT SEEN_KEY COMPILE_KEY SIZE`` followed by ``SIZE`` bytes of
the job's JSON (``request_header``). Each job runs in a child forked before the job arrived (a *spare*, waiting on a
pipe: the fork is off the run's time) -- a fresh copy of the warm process, so nothing of one run is
visible to the next -- which is in a process group of its own; given its job, it sets its rlimits
(address space for ``max_memory``, CPU time for ``timeout``, file size), points file descriptors 0-2
at ``/dev/null``, runs the job through the in-process pipeline with its output captured, and writes
one JSON result, ended by a newline, on a private pipe. The zygote kills the child's whole group at
the hard deadline, or when the pool writes the job's ID on the cancel pipe (its file descriptor is
the zygote's argument), and answers on its stdout with a line ``ID SIZE`` and ``SIZE`` bytes of JSON
saying how the run ended (``ok``, an error, or why it was killed: ``timeout`` or the signal): the
child's own bytes, passed on without decoding them again. The zygote parses no job JSON per run
(only a job it compiles), because each object it makes writes to memory it shares with its spare,
a copy-on-write fault of some microseconds per page. The zygote itself never runs ML code. A child compiles its own
program; a source the zygote has seen before is compiled in the zygote after its run, so that the
spares forked afterwards find it in the in-memory compile cache.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import json
import math
import os
import resource
import select
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, BinaryIO

from mlpy.runtime import limits as run_limits

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


def _precompile(job: dict[str, Any], started: float | None = None) -> object | None:
    """Compile the job's program in the zygote (parsing and checking run no ML code), so that the
    children forked after it find it in the in-memory cache, and return it; a program that does
    not compile is left for the runs to report (``None``). With ``started`` the compile stops once
    the job's time limit, counted from then, is used up (the zygote never spends more on a program
    than its run may)."""
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
        program: object = compile_for(
            job["source"], job["filename"], options,
            count_steps=options.limits.active() or bool(limits.get("max_memory")),
            inputs=frozenset(job.get("inputs") or ()),
            deadline=None if started is None else compile_deadline(started, timeout))
    except (MLError, ValueError, OSError, RecursionError, MemoryError):
        return None
    return program


COMPILE_BYTES_PER_CHAR = 512
"""About the most memory compiling takes per character of source (measured up to ~370, for many
small functions or arrows; ~200 for a typical program)."""


def _compile_fits(job: dict[str, Any]) -> bool:
    """Whether compiling ``job`` is expected to fit in its ``max_memory`` (2 MB of source takes
    ~400 MB). A child does not try a program that does not fit (``_compile_refusal``), and neither
    does the zygote, which has no rlimit: it would grow past the limit the host set."""
    memory = (job.get("limits") or {}).get("max_memory")
    if not memory:
        return True
    return len(job.get("source") or "") * COMPILE_BYTES_PER_CHAR <= memory * 1024 * 1024


def _compile_refusal(job: dict[str, Any]) -> dict[str, Any] | None:
    """The answer for a program too large to compile within the run's ``max_memory``, or None.

    Compiling is one long run of small allocations. When it exhausts the child's RLIMIT_AS,
    CPython 3.11 can fail to allocate the int it pushes on entering an exception handler (the
    ``with`` around the compile) and unwind into the same handler again, for ever: the child spun
    at full CPU until the hard deadline (reported as a timeout) or, without a time limit, never
    ended. Such a program is refused before it starts."""
    if _compile_fits(job):
        return None
    from mlpy.engine.wire import error_to_dict
    from mlpy.errors import MLLimitError

    size = len(job.get("source") or "")
    memory = job["limits"]["max_memory"]
    error = MLLimitError(
        f"the program ({size // 1024} KB) is too large to compile within the memory limit of {memory:g} MB "
        f"(compiling may take up to {COMPILE_BYTES_PER_CHAR} bytes per character of source): raise "
        "max_memory= or split the program into modules", job.get("filename"))
    return {"ok": False, "error": error_to_dict(error), "output": "", "errors": "", "stats": _with_peak(None)}


def _vm_bytes() -> int:
    """The current address-space size of this process (Linux ``/proc/self/statm``)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _set_limits(job: dict[str, Any]) -> None:
    """The child's rlimits for the job's limits. A limit too large for an rlimit (``timeout=inf``,
    ``max_memory=1e300``: the in-process limits accept them) sets none: it could never be reached."""
    limits = job.get("limits") or {}
    memory = limits.get("max_memory")
    if memory and math.isfinite(memory):
        _set(resource.RLIMIT_AS, _vm_bytes() + max(int(memory * 1024 * 1024), MIN_ADDRESS_SPACE))
    timeout = limits.get("timeout")
    if timeout and math.isfinite(timeout):
        _set(resource.RLIMIT_CPU, math.ceil(timeout) + 1)
    _set(resource.RLIMIT_FSIZE, MAX_FILE_MB * 1024 * 1024)


MIN_ADDRESS_SPACE = 4 * 1024 * 1024
"""The least address space a run gets above the child's size, whatever its ``max_memory``: with
less (``max_memory=0.01``), the memory-watch thread the run starts could not allocate its own state,
and ``Thread.start`` waited for it for ever. The memory watch still stops the run at ``max_memory``
(its resident size)."""

_RLIMIT_MAX = 2**63 - 1
"""The largest rlimit value (``rlim_t``); above it a limit is no limit."""


def _set(which: int, value: int) -> None:
    if value > _RLIMIT_MAX:
        return
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY and value > hard:
        value = hard
    resource.setrlimit(which, (value, hard))


def _run_child(job: dict[str, Any], result_fd: int) -> None:
    """In the forked child: run the job and write its result. Never returns.

    The answer for a run that ran out of memory is encoded before the rlimits are set: a child at
    its memory limit may fail to build even the error's JSON, and would otherwise end without a
    result (reported as "ended (exit status 1) without reporting a result")."""
    code = 1
    try:
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        data = _memory_answer(job)
        try:
            data, code = _result_bytes(job)
        except MemoryError:
            pass
        _send(result_fd, data)
        _send(result_fd, b"\n")  # the newline marks a complete result (JSON text has none)
    finally:
        os._exit(code)


def _result_bytes(job: dict[str, Any]) -> tuple[bytes, int]:
    """Set the rlimits, run the job, and encode its answer: (JSON bytes, exit code)."""
    code = 0
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    try:
        _set_limits(job)
        message = _run_job(job, out, err)
    except MemoryError:
        raise
    except BaseException as exc:  # noqa: BLE001 - the child must always answer
        message = {"ok": False, "internal": f"{type(exc).__name__}: {exc}"}
        code = 1
    try:
        data = json.dumps(message, allow_nan=True).encode("utf-8")
    except (TypeError, ValueError) as exc:
        data = json.dumps({"ok": False, "internal": f"unencodable result: {exc}"}).encode()
    if len(data) >= MAX_RESULT_BYTES:
        data = _too_big(message, len(data), job)
    return data, code


def _memory_answer(job: dict[str, Any]) -> bytes:
    """The answer of a run stopped by its memory limit (or by the machine's memory), ready to send."""
    from mlpy.engine.wire import error_to_dict
    from mlpy.errors import MLLimitError
    from mlpy.runtime.limits import memory_message

    limit = (job.get("limits") or {}).get("max_memory") or 0
    error = MLLimitError(memory_message(limit, job.get("front_end", "api")), job.get("filename"))
    return json.dumps({"ok": False, "error": error_to_dict(error)}).encode("utf-8")


def _send(fd: int, data: bytes) -> None:
    """Write all of ``data`` on ``fd`` (no buffer object: nothing to allocate for it)."""
    with memoryview(data) as rest:
        while rest:
            rest = rest[os.write(fd, rest):]


def _too_big(message: dict[str, Any], size: int, job: dict[str, Any]) -> bytes:
    """The answer for a run whose result (its captured output above all) is more than the zygote
    reads: an output-limit error keeping the start of the output, instead of a result cut short
    that the zygote could only report as a run that ended without one (or as killed).

    The output kept is bounded in characters so that its JSON text, at 12 bytes a character at
    worst (an escaped surrogate pair), stays well under ``MAX_RESULT_BYTES``."""
    from mlpy.engine.wire import error_to_dict
    from mlpy.errors import MLLimitError

    output = str(message.get("output") or "")
    keep = MAX_RESULT_BYTES // 4 if output.isascii() else MAX_RESULT_BYTES // 48
    error = MLLimitError(
        f"the run's output and result ({size // (1024 * 1024)} MB) exceed what a sandboxed run can "
        f"send back ({MAX_RESULT_BYTES // (1024 * 1024)} MB): print less, or pass max_output= to "
        "stop the program when it prints too much", job.get("filename"))
    answer = {"ok": False, "error": error_to_dict(error), "output": output[:keep],
              "errors": str(message.get("errors") or "")[:keep], "stats": message.get("stats")}
    return json.dumps(answer, allow_nan=True).encode("utf-8")


def _run_job(job: dict[str, Any], out: io.StringIO, err: io.StringIO) -> dict[str, Any]:
    from mlpy.engine.options import embedded_options
    from mlpy.engine.pipeline import run_source
    from mlpy.engine.wire import error_to_dict, plain_globals
    from mlpy.errors import MLError, MLLimitError
    from mlpy.runtime.limits import memory_message

    limits = job.get("limits") or {}
    filename = job["filename"]
    refused = _compile_refusal(job)
    if refused is not None:
        return refused
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
            front_end=job.get("front_end", "api"),  # ``mlpy batch`` runs advise its flags
        )
        result = run_source(job["source"], filename, options)
    except MLError as exc:
        if isinstance(exc, MLLimitError) and limits.get("max_memory") and "memory" in exc.message:
            exc.message = memory_message(limits["max_memory"], job.get("front_end", "api"))  # the rlimit stopped an allocation
        stats = exc.stats.as_dict() if exc.stats is not None else None
        return {"ok": False, "error": error_to_dict(exc), "output": out.getvalue(),
                "errors": err.getvalue(), "stats": _with_peak(stats)}
    except MemoryError:
        error = MLLimitError(memory_message(limits.get("max_memory") or 0, job.get("front_end", "api")), filename)
        return {"ok": False, "error": error_to_dict(error), "output": out.getvalue(),
                "errors": err.getvalue(), "stats": _with_peak(None)}
    return {"ok": True, "globals": plain_globals(result.globals), "output": out.getvalue(), "errors": err.getvalue(),
            "stats": _with_peak(result.stats.as_dict())}


def _with_peak(stats: dict[str, Any] | None) -> dict[str, Any]:
    stats = dict(stats or {})
    stats["peak_memory"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return stats


class _Cancels:
    """The read end of the pool's cancel pipe: job IDs, one a line, whose runs are to be killed."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    def wanted(self, job_id: bytes) -> bool:
        """Read what is waiting on the pipe (call when it is readable): whether it names ``job_id``
        (IDs of runs already over are dropped)."""
        assert self.fd is not None
        data = os.read(self.fd, 65536)
        if not data:  # the pool closed it: nothing is cancelled any more
            os.close(self.fd)
            self.fd = None
            return False
        return job_id in data.split()


_LONGEST_WAIT = 3600.0
"""Seconds of one wait for a child (``poll`` takes an int of milliseconds): a deadline further away,
even an infinite one (``timeout=inf``), is waited for in several."""


def _collect(pid: int, read_fd: int, deadline: float | None, job_id: bytes,
             cancels: _Cancels) -> tuple[bytes, str | None]:
    """Read the child's result until it closes the pipe; kill it at ``deadline`` or when the pool
    cancels ``job_id``; then kill what the run left in its process group (the caller reaps the child).

    Returns (result bytes, ``"timeout"`` when the zygote killed it at the deadline)."""
    chunks: list[bytes] = []
    size = 0
    reason = None
    waiting = select.poll()  # no selector object: a plain poll costs one system call per wait
    waiting.register(read_fd, select.POLLIN)
    if cancels.fd is not None:
        waiting.register(cancels.fd, select.POLLIN)
    while True:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            reason = "timeout"
            _kill(pid)
            break
        ready = waiting.poll(None if left is None else math.ceil(min(left, _LONGEST_WAIT) * 1000))
        if any(fd != read_fd for fd, _ in ready):
            cancel_fd = cancels.fd
            if cancels.wanted(job_id):
                _kill(pid)  # the child's pipe closes: the loop ends at its end of file
            if cancels.fd is None and cancel_fd is not None:
                waiting.unregister(cancel_fd)
        if not any(fd == read_fd for fd, _ in ready):
            continue
        chunk = os.read(read_fd, 65536)
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


def _answer(channel: BinaryIO, job_id: bytes, result: bytes) -> None:
    """Send a run's result: a line ``ID SIZE``, then the result's bytes."""
    channel.write(b"%s %d\n%s" % (job_id, len(result), result))
    channel.flush()


def _report(channel: BinaryIO, message: dict[str, Any]) -> None:
    """Send a message of the zygote's own (``ready``) as one JSON line."""
    channel.write(json.dumps(message).encode("utf-8") + b"\n")
    channel.flush()


class _Spare:
    """A child forked ahead of its job, in a process group of its own, waiting for the job on a
    pipe: the fork and the child's start are then off the run's time."""

    def __init__(self, channel: BinaryIO, cancels: _Cancels) -> None:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(job_write)
            os.close(result_read)
            os.close(channel.fileno())  # only the zygote answers the pool
            if cancels.fd is not None:
                os.close(cancels.fd)
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

    def give(self, job: bytes) -> None:
        """Send the job's JSON (the child starts when the pipe closes)."""
        try:
            with memoryview(job) as rest:
                while rest:
                    rest = rest[os.write(self.job_fd, rest):]
        except OSError:
            pass  # the child died: _collect reports how
        finally:
            os.close(self.job_fd)

    def discard(self) -> None:
        """Stop an unused spare (the job pipe closes empty: the child exits)."""
        os.close(self.job_fd)
        os.close(self.result_fd)
        if not self.reaped:
            _kill(self.pid)
            os.waitpid(self.pid, 0)


class _AlarmWatchdog(run_limits._Watchdog):
    """The timeout watchdog of a run's child: ``SIGALRM`` at the nearest deadline instead of a
    thread. Starting the usual watchdog thread cost each timed run ~0.3 ms of CPU in its fresh
    process (the thread's start, its stack, the handoffs of the interpreter lock); the alarm costs a
    system call. The handler does what the thread would: at its deadline a run's meter expires, so
    that the run's next step raises the timeout, and a run stuck in one C call is still killed by
    the zygote at its hard deadline. Python runs the handler in the main thread, where the child
    runs its program, between two bytecodes; ``SIGALRM`` is blocked while the heap changes."""

    def __init__(self) -> None:
        super().__init__()
        self._due: list[tuple[float, int, run_limits._Deadline]] = []
        signal.signal(signal.SIGALRM, self._ring)
        signal.siginterrupt(signal.SIGALRM, False)  # a system call under way resumes: no EINTR in C code

    def add(self, meter: run_limits.Meter, seconds: float) -> run_limits._Deadline | None:
        if threading.current_thread() is not threading.main_thread():
            # A run on a helper thread (``on_native_stack``, under a small RLIMIT_STACK): the handler
            # runs in the main thread, which could change the heap between two bytecodes of this
            # one (the signal mask is per thread) and lose a deadline. The watchdog thread does it.
            return super().add(meter, seconds)
        entry = run_limits._Deadline(meter)
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        try:
            self._ids += 1
            heapq.heappush(self._due, (time.monotonic() + seconds, self._ids, entry))
            self._arm()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return entry

    def _arm(self) -> None:
        """Set the alarm for the nearest deadline of a run still going (none: no alarm)."""
        while self._due and self._due[0][2].cancelled:
            heapq.heappop(self._due)
        wait = min(max(self._due[0][0] - time.monotonic(), 1e-6), _LONGEST_WAIT) if self._due else 0.0
        signal.setitimer(signal.ITIMER_REAL, wait)  # rung early (a far deadline), it sets the next

    def _ring(self, signum: int, frame: object) -> None:
        now = time.monotonic()
        while self._due and self._due[0][0] <= now:
            _, _, entry = heapq.heappop(self._due)
            if not entry.cancelled:
                entry.meter.expire()
        self._arm()


def _await_job(job_fd: int, result_fd: int) -> None:
    """In a spare child: wait for the job, then run it. Never returns."""
    try:
        os.setpgid(0, 0)
        run_limits._WATCHDOG = _AlarmWatchdog()  # this process runs one program, in its main thread
        with os.fdopen(job_fd, "rb") as pipe:
            data = pipe.read()
        job = json.loads(data) if data else None
    except BaseException:  # noqa: BLE001 - the child must never return into the zygote's loop
        os._exit(1)
    if job is None:  # the zygote is stopping
        os._exit(0)
    _run_child(job, result_fd)


def compile_keys(job: dict[str, Any]) -> tuple[str, str]:
    """The keys a zygote decides by whether to compile ``job`` ahead (``request_header``): a digest
    of its source, and one of its source with everything else its compiled form depends on."""
    source = job["source"].encode("utf-8", "surrogatepass")
    context = json.dumps([job.get("filename"), job.get("extension_paths"), job.get("ml_module_paths"),
                          job.get("limits"), sorted(job.get("inputs") or ())], sort_keys=True)
    return (hashlib.blake2b(source, digest_size=16).hexdigest(),
            hashlib.blake2b(source + b"\0" + context.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest())


def request_header(job_id: int, job: dict[str, Any], size: int) -> bytes:
    """The line before a job's ``size`` bytes of JSON on a zygote's stdin: what the zygote needs
    without parsing the job (its ID, its time limit, its ``compile_keys``, the JSON's size)."""
    timeout = (job.get("limits") or {}).get("timeout")
    seen, compile_key = compile_keys(job)
    return b"%d %s %s %s %d\n" % (job_id, b"-" if timeout is None else repr(float(timeout)).encode(),
                                   seen.encode(), compile_key.encode(), size)


class _SeenSources:
    """Which jobs to compile in the zygote: a source seen before is compiled after its run, so that
    the next spare finds it compiled (a source seen once is compiled by its child only), and only
    while its program is not in the zygote's program cache: compiling it again would only look it
    up, and even a cache hit writes to hundreds of memory pages the zygote shares with its spare,
    each a copy-on-write fault of its own (~0.1 ms of the zygote's CPU per run, taken from the runs
    on the same cores). A compiled program is remembered by a weak reference: the cache holds the
    only strong one, so the reference dies when the cache drops the program (by count or by size)."""

    LIMIT = 4096
    """Digests of sources, and of compiled jobs, remembered."""

    def __init__(self) -> None:
        self._seen: dict[str, None] = {}
        self._compiled: dict[str, Callable[[], object]] = {}

    def needs_compile(self, seen: str, compile_key: str) -> bool:
        """Whether to compile a job with these ``compile_keys`` in the zygote now."""
        if not self._repeated(seen):
            return False
        kept = self._compiled.get(compile_key)
        return kept is None or kept() is None

    def compiled(self, compile_key: str, program: object | None) -> None:
        """Remember the program compiled for ``compile_key`` (``None``: it does not compile, and
        its runs report why: it is not tried again)."""
        if len(self._compiled) >= self.LIMIT:
            self._compiled.clear()
        self._compiled[compile_key] = _does_not_compile if program is None else weakref.ref(program)

    def _repeated(self, digest: str) -> bool:
        if digest in self._seen:
            return True
        if len(self._seen) >= self.LIMIT:
            self._seen.clear()
        self._seen[digest] = None
        return False


def _does_not_compile() -> object:
    """The stand-in for the weak reference of a job that does not compile (never ``None``)."""
    return _does_not_compile


def _ended_without_result(status: int) -> bytes:
    """The answer for a child that ended without a complete result: the signal or exit status."""
    if os.WIFSIGNALED(status):
        return json.dumps({"killed": "signal", "signal": os.WTERMSIG(status)}).encode()
    return json.dumps({"killed": "exit", "status": os.waitstatus_to_exitcode(status)}).encode()


def serve(requests: BinaryIO, channel: BinaryIO, cancel_fd: int | None = None) -> None:
    """Serve jobs until ``requests`` ends, each in a spare child forked before its job arrived."""
    seen = _SeenSources()
    cancels = _Cancels(cancel_fd)
    spare: _Spare | None = _Spare(channel, cancels)
    try:
        while True:
            line = requests.readline()
            if not line:
                break
            if not line.strip():
                continue
            job_id, timeout_text, seen_key, compile_key, size = line.split()
            data = requests.read(int(size))
            received = time.monotonic()  # the run's clock starts before its program is compiled
            if spare is None or not spare.alive():  # a spare killed from outside is replaced
                if spare is not None:
                    spare.discard()
                spare = _Spare(channel, cancels)
            child, spare = spare, None
            child.give(data)
            timeout = None if timeout_text == b"-" else float(timeout_text)
            deadline = None if timeout is None else received + timeout + HARD_GRACE_SECONDS
            raw, reason = _collect(child.pid, child.result_fd, deadline, job_id, cancels)
            if reason is None and raw.endswith(b"\n"):  # complete (a result cut short lost its newline)
                # Answer first: the child's exit (freeing its copy of the process) is off the run's time.
                _answer(channel, job_id, raw)
                os.waitpid(child.pid, 0)
            elif reason is not None:
                _answer(channel, job_id, json.dumps({"killed": reason}).encode())
                os.waitpid(child.pid, 0)
            else:
                _, status = os.waitpid(child.pid, 0)
                _answer(channel, job_id, _ended_without_result(status))
            if seen.needs_compile(seen_key.decode(), compile_key.decode()):
                job = json.loads(data)
                program = _precompile(job, time.monotonic()) if _compile_fits(job) else None
                seen.compiled(compile_key.decode(), program)
            spare = _Spare(channel, cancels)
    finally:
        if spare is not None:
            spare.discard()


def main(argv: list[str] | None = None) -> None:
    """Entry point: warm up, then serve on stdin/stdout (stdout becomes the private channel). The
    argument, when given, is the file descriptor of the cancel pipe."""
    args = sys.argv[1:] if argv is None else argv
    cancel_fd = int(args[0]) if args else None
    if cancel_fd is not None:
        os.set_inheritable(cancel_fd, False)  # nothing the zygote might start gets it
    channel = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nothing else may write on the channel
    sys.stdout = io.TextIOWrapper(os.fdopen(os.dup(devnull), "wb"))
    _warm_up()
    import gc

    gc.freeze()  # the warm objects stay out of collections: forked children do not copy their pages
    _report(channel, {"ready": os.getpid()})
    serve(sys.stdin.buffer, channel, cancel_fd)


if __name__ == "__main__":
    main()
