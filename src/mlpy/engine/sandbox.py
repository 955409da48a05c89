"""Run an ML program in a child process with OS resource limits (``mlpy run --sandbox``).

The parent (``run_in_sandbox``) starts ``python -m mlpy.engine.sandbox_child`` in a new session (its own
process group) with a clean environment and rlimits set before ``exec``: RLIMIT_AS from
``--max-memory``, RLIMIT_CPU from ``--timeout``, RLIMIT_FSIZE, and RLIMIT_NPROC when asked. The job
(source, grants, limits, paths) goes to the child on one private pipe; the result (the program's
plain-data globals, or the error's fields) comes back as JSON on another. The program's stdout and
stderr stream through to the caller as they come and are never parsed, so printing cannot forge a
result. At the deadline the parent kills the whole process group, so a background grandchild cannot
survive; the group is also killed when the child exits normally.

The child (``mlpy.engine.sandbox_child``) runs the program through the same pipeline as an
in-process run, so grants, cooperative limits and error reporting are identical in both modes. The
wire format of jobs and results is ``mlpy.engine.wire``.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from mlpy.engine.wire import error_from_dict
from mlpy.errors import MLError, MLLimitError, MLTimeoutError
from mlpy.language.source_file import read_source
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.limits import Limits, memory_message, timeout_message
from mlpy.runtime.output_limit import output_message

if TYPE_CHECKING:
    from mlpy.engine.options import RunOptions
    from mlpy.engine.result import RunResult

MEMORY_OVERHEAD_MB = 256
"""Address space granted on top of ``--max-memory`` for the interpreter, mlpy and its imports."""

DEFAULT_MAX_FILE_MB = 512
"""RLIMIT_FSIZE: the largest file the sandboxed program may write (it still needs a write grant)."""

STARTUP_GRACE_SECONDS = 2.0
"""Extra wall-clock time before the parent kills the child: start-up and the child's own clean
timeout report come first, the hard kill is the backstop."""

_PASSED_THROUGH = ("MLPY_CACHE_DIR", "MLPY_EXTENSION_PATHS", "MLPY_ML_MODULE_PATHS")
_MAX_RESULT_BYTES = 64 * 1024 * 1024
_SRC_DIR = str(Path(__file__).resolve().parents[2])


@dataclass
class SandboxResult:
    """The outcome of a sandboxed run: exit code 0 on success, the plain-data globals, or the error."""

    exit_code: int
    globals: dict[str, Any] = field(default_factory=dict)
    error: MLError | None = None


# ----------------------------------------------------------------------------- parent side


def child_env() -> dict[str, str]:
    """A clean environment: only what Python and mlpy need, no user variables."""
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": _SRC_DIR,
        "PYTHONUNBUFFERED": "1",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "MALLOC_ARENA_MAX": "2",
    }
    from mlpy import settings
    from mlpy.compiler.cache import cache_dir, cache_enabled

    for name in _PASSED_THROUGH:  # mlpy's own settings: the child finds the same modules
        value = settings.get(name)
        if value:
            env[name] = value
    # The same cache folder and key folder as this process, spelled out (the child has no HOME):
    # its protected paths are this process's, and its cache entries verify with the same key.
    env["MLPY_CACHE_DIR"] = str(cache_dir()) if cache_enabled() else "off"
    env["XDG_CONFIG_HOME"] = str(settings.config_dir().parent)
    return env


def _rlimits(limits: Limits, max_file_mb: float | None, max_processes: int | None
             ) -> list[tuple[int, int]]:
    """The (resource, value) pairs to set in the child before it starts Python."""
    import resource

    out: list[tuple[int, int]] = []
    if limits.max_memory_mb is not None:
        out.append((resource.RLIMIT_AS, int((limits.max_memory_mb + MEMORY_OVERHEAD_MB) * 1024 * 1024)))
    if limits.timeout is not None:
        out.append((resource.RLIMIT_CPU, math.ceil(limits.timeout) + 1))
    if max_file_mb is not None:
        out.append((resource.RLIMIT_FSIZE, int(max_file_mb * 1024 * 1024)))
    if max_processes is not None:
        out.append((resource.RLIMIT_NPROC, max_processes))
    return out


def _make_preexec(pairs: list[tuple[int, int]]) -> Callable[[], None]:
    import resource  # imported here, not in the forked child (the import lock may be held there)

    def preexec() -> None:  # runs in the forked child before exec: no imports, no locks
        for which, value in pairs:
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY and value > hard:
                value = hard
            resource.setrlimit(which, (value, hard))
    return preexec


def _pump(fd: int, stream: TextIO | None, state: _OutputState) -> None:
    """Copy the child's output to ``stream`` as it arrives (decoded UTF-8), counting bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while True:
            chunk = pipe.read(65536)
            if not chunk:
                break
            chunk = state.admit(chunk)
            text = decoder.decode(chunk)
            if text and stream is not None:
                try:
                    stream.write(text)
                    stream.flush()
                except (OSError, ValueError):
                    stream = None
        tail = decoder.decode(b"", final=True)
        if tail and stream is not None:
            stream.write(tail)


class _OutputState:
    """Bytes forwarded from both output pipes against ``--max-output`` (a parent-side backstop)."""

    def __init__(self, limit: int | None, on_exceeded: Callable[[], None]) -> None:
        self.limit = limit
        self.used = 0
        self.exceeded = False
        self._lock = threading.Lock()
        self._on_exceeded = on_exceeded

    def admit(self, chunk: bytes) -> bytes:
        if self.limit is None:
            return chunk
        with self._lock:
            room = self.limit - self.used
            if len(chunk) <= room:
                self.used += len(chunk)
                return chunk
            self.used = self.limit
            if not self.exceeded:
                self.exceeded = True
                self._on_exceeded()
            return chunk[:max(room, 0)]


def _read_all(fd: int, sink: list[bytes]) -> None:
    total = 0
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while True:
            chunk = pipe.read(65536)
            if not chunk:
                break
            total += len(chunk)
            if total <= _MAX_RESULT_BYTES:
                sink.append(chunk)


def _write_all(fd: int, data: bytes) -> None:
    try:
        with os.fdopen(fd, "wb", buffering=0) as pipe:
            pipe.write(data)
    except OSError:  # the child died before reading its job; its exit status tells the story
        pass


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_in_sandbox(
    source_or_file: str | os.PathLike[str],
    *,
    filename: str | None = None,
    grants: Grants | None = None,
    limits: Limits | None = None,
    extension_paths: Sequence[str] = (),
    ml_module_paths: Sequence[str] = (),
    argv: Sequence[str] = (),
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: Any = subprocess.DEVNULL,
    max_file_mb: float | None = DEFAULT_MAX_FILE_MB,
    max_processes: int | None = None,
    front_end: str = "cli",
    _runner: tuple[str, str] | None = None,
) -> SandboxResult:
    """Run ML source (a ``str``) or an ``.ml`` file (a ``Path``) in a resource-limited child process.

    ``stdout``/``stderr`` receive the program's output as it is produced (default: ``sys.stdout`` /
    ``sys.stderr``). Returns a ``SandboxResult``; errors (compile, runtime, capability, limits,
    timeout) are in ``.error``, never raised. ``max_processes`` sets RLIMIT_NPROC, which counts every
    process and thread of the user, so it is off unless asked. ``_runner`` = (sys.path entry,
    "module:function") replaces the ML runner in the child; it exists for tests and benchmarks.
    """
    grants = grants or Grants.none()
    limits = limits or Limits()
    if isinstance(source_or_file, os.PathLike):
        path = Path(source_or_file)
        source = read_source(path)
        filename = filename or str(path)
    else:
        source = source_or_file
        filename = filename or "<string>"
    job = {
        "source": source,
        "filename": filename,
        "capabilities": grants.describe(),
        "limits": {
            "timeout": limits.timeout, "max_steps": limits.max_steps,
            "max_memory": limits.max_memory_mb, "max_output": limits.max_output_bytes,
            "max_recursion": limits.max_recursion,
        },
        "extension_paths": [os.path.abspath(p) for p in extension_paths],
        "ml_module_paths": [os.path.abspath(p) for p in ml_module_paths],
        "argv": list(argv),
        "project_file": "off",  # the parent has merged the project file's paths and grants already
        "front_end": front_end,
        "runner": list(_runner) if _runner else None,
    }
    job_read, job_write = os.pipe()
    result_read, result_write = os.pipe()
    command = [sys.executable, "-P", "-s", "-m", "mlpy.engine.sandbox_child", str(job_read), str(result_write)]
    try:
        proc = subprocess.Popen(
            command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=child_env(), pass_fds=(job_read, result_write), start_new_session=True,
            preexec_fn=_make_preexec(_rlimits(limits, max_file_mb, max_processes)),
            close_fds=True,
        )
    except OSError as exc:
        for fd in (job_read, job_write, result_read, result_write):
            os.close(fd)
        return SandboxResult(1, error=MLError(f"cannot start the sandbox: {exc}", filename,
                                              kind="SandboxError"))
    os.close(job_read)
    os.close(result_write)
    pgid = proc.pid  # start_new_session: the child leads its own process group

    killed_for: list[str] = []

    def kill(reason: str) -> None:
        if not killed_for:
            killed_for.append(reason)
        _kill_group(pgid)

    out_state = _OutputState(limits.max_output_bytes, lambda: kill("output"))
    result_chunks: list[bytes] = []
    assert proc.stdout is not None and proc.stderr is not None
    threads = [
        threading.Thread(target=_write_all, args=(job_write, json.dumps(job).encode()), daemon=True),
        threading.Thread(target=_read_all, args=(result_read, result_chunks), daemon=True),
        threading.Thread(target=_pump, args=(os.dup(proc.stdout.fileno()),
                                             stdout if stdout is not None else sys.stdout, out_state),
                         daemon=True),
        threading.Thread(target=_pump, args=(os.dup(proc.stderr.fileno()),
                                             stderr if stderr is not None else sys.stderr, out_state),
                         daemon=True),
    ]
    proc.stdout.close()
    proc.stderr.close()
    for thread in threads:
        thread.start()

    deadline = None if limits.timeout is None else limits.timeout + STARTUP_GRACE_SECONDS
    try:
        proc.wait(timeout=deadline)
    except subprocess.TimeoutExpired:
        kill("timeout")
        proc.wait()
    except BaseException:  # KeyboardInterrupt in the host: never leave the child behind
        kill("interrupted")
        proc.wait()
        raise
    finally:
        # Anything the program left running in its group (a background grandchild) goes too.
        _kill_group(pgid)
    for thread in threads:
        thread.join(timeout=5)
    return _collect(proc.returncode, b"".join(result_chunks), killed_for, limits, filename, front_end)


def _collect(returncode: int, raw: bytes, killed_for: list[str], limits: Limits,
             filename: str, front_end: str = "cli") -> SandboxResult:
    """Turn the child's exit status and result-channel bytes into a ``SandboxResult`` (its limit
    messages phrased for ``front_end``)."""
    if killed_for and killed_for[0] == "timeout":
        return SandboxResult(1, error=MLTimeoutError(timeout_message(limits.timeout or 0, front_end),
                                                     filename))
    if killed_for and killed_for[0] == "output":
        return SandboxResult(1, error=MLLimitError(output_message(limits.max_output_bytes, front_end),
                                                   filename))
    data: Any = None
    if raw:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            data = None
    if isinstance(data, dict) and data.get("ok") is True and returncode == 0:
        globals_ = data.get("globals")
        return SandboxResult(0, globals=globals_ if isinstance(globals_, dict) else {})
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return SandboxResult(returncode or 1, error=error_from_dict(data["error"]))
    return SandboxResult(returncode or 1, error=_death_error(returncode, limits, filename, front_end))


def _death_error(returncode: int, limits: Limits, filename: str, front_end: str = "cli") -> MLError:
    """The error for a child that ended without sending a result (killed by the OS, crashed)."""
    if returncode < 0:
        sig = -returncode
        if sig == getattr(signal, "SIGXCPU", -1) and limits.timeout is not None:
            return MLTimeoutError(timeout_message(limits.timeout, front_end), filename)
        if sig == signal.SIGKILL and limits.max_memory_mb is not None:
            return MLLimitError(memory_message(limits.max_memory_mb, front_end), filename)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return MLError(f"the sandboxed program was killed by signal {name}", filename,
                       kind="SandboxError")
    return MLError(f"the sandboxed program ended (exit code {returncode}) without reporting a result",
                   filename, kind="SandboxError")


def run_sandboxed(source: str, filename: str, options: RunOptions) -> RunResult:
    """Run ``source`` in a sandbox under ``options``: its plain-data globals, or its error raised.

    A real input stream (``mlpy run --sandbox``: the terminal or a pipe) needs a child of its own
    reading it as the program runs; every other run goes to the shared warm ``SandboxPool``.
    """
    from mlpy.engine.result import RunResult

    if not _is_os_stream(options.stdin):
        from mlpy.engine.pool import default_pool

        return default_pool().submit_options(source, filename, options).result()
    result = run_in_sandbox(
        source, filename=filename, grants=options.grants, limits=options.limits,
        extension_paths=options.extension_paths, ml_module_paths=options.ml_module_paths,
        argv=options.argv, stdout=options.stdout, stderr=options.stderr,
        stdin=options.stdin if options.stdin is not None else subprocess.DEVNULL,
        front_end=options.front_end,
    )
    if result.error is not None:
        raise result.error
    return RunResult(globals=dict(result.globals), filename=filename)


def _is_os_stream(stream: Any) -> bool:
    """Whether ``stream`` is backed by a file descriptor (so a child can read it directly)."""
    try:
        return stream is not None and isinstance(stream.fileno(), int)
    except (AttributeError, OSError, ValueError):
        return False


__all__ = ["SandboxResult", "child_env", "run_in_sandbox", "run_sandboxed"]
