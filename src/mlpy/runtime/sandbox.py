"""Run an ML program in a child process with OS resource limits (``mlpy run --sandbox``).

The parent (``run_in_sandbox``) starts ``python -m mlpy.runtime.sandbox`` in a new session (its own
process group) with a clean environment and rlimits set before ``exec``: RLIMIT_AS from
``--max-memory``, RLIMIT_CPU from ``--timeout``, RLIMIT_FSIZE, and RLIMIT_NPROC when asked. The job
(source, grants, limits, paths) goes to the child on one private pipe; the result (the program's
plain-data globals, or the error's fields) comes back as JSON on another. The program's stdout and
stderr stream through to the caller as they come and are never parsed, so printing cannot forge a
result. At the deadline the parent kills the whole process group, so a background grandchild cannot
survive; the group is also killed when the child exits normally.

The child runs the program with the same in-process API (``mlpy.api.run(..., sandbox=False)``), so
grants, cooperative limits and error reporting are identical in both modes.
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
from typing import Any, TextIO

from mlpy import errors
from mlpy.errors import MLError, MLFrame, MLLimitError, MLTimeoutError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.limits import Limits, memory_message, timeout_message

MEMORY_OVERHEAD_MB = 256
"""Address space granted on top of ``--max-memory`` for the interpreter, mlpy and its imports."""

DEFAULT_MAX_FILE_MB = 512
"""RLIMIT_FSIZE: the largest file the sandboxed program may write (it still needs a write grant)."""

STARTUP_GRACE_SECONDS = 2.0
"""Extra wall-clock time before the parent kills the child: start-up and the child's own clean
timeout report come first, the hard kill is the backstop."""

_PASSED_THROUGH = ("MLPY_CACHE_DIR", "MLPY_EXTENSION_PATHS", "MLPY_ML_MODULE_PATHS")
_MAX_RESULT_BYTES = 64 * 1024 * 1024
_MAX_DEPTH = 64
_SRC_DIR = str(Path(__file__).resolve().parents[2])


@dataclass
class SandboxResult:
    """The outcome of a sandboxed run: exit code 0 on success, the plain-data globals, or the error."""

    exit_code: int
    globals: dict[str, Any] = field(default_factory=dict)
    error: MLError | None = None


# ----------------------------------------------------------------------------- plain data


def plain_data(value: Any, depth: int = 0, seen: set[int] | None = None) -> tuple[bool, Any]:
    """(ok, json-safe copy) of an ML value that is plain data; functions, modules, instances and
    cycles are not (``ok`` False). Object keys that are not strings are converted with ``str``."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True, value
    if depth > _MAX_DEPTH or not isinstance(value, (list, dict)):
        return False, None
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return False, None
    seen.add(id(value))
    try:
        if isinstance(value, list):
            out_list = []
            for item in value:
                ok, copy = plain_data(item, depth + 1, seen)
                if not ok:
                    return False, None
                out_list.append(copy)
            return True, out_list
        out_dict: dict[str, Any] = {}
        for key, item in value.items():
            if not (key is None or isinstance(key, (str, int, float, bool))):
                return False, None
            ok, copy = plain_data(item, depth + 1, seen)
            if not ok:
                return False, None
            out_dict[key if isinstance(key, str) else json.dumps(key)] = copy
        return True, out_dict
    finally:
        seen.discard(id(value))


def error_to_dict(exc: MLError) -> dict[str, Any]:
    """The fields of an ``MLError`` as JSON data (class name, message, position, hint, call chain)."""
    return {
        "class": type(exc).__name__,
        "message": exc.message,
        "filename": exc.filename,
        "line": exc.line,
        "column": exc.column,
        "source_line": exc.source_line,
        "hint": exc.hint,
        "kind": exc.kind,
        "error_type": getattr(exc, "error_type", None),
        "traceback": [[f.filename, f.line, f.function] for f in exc.ml_traceback],
    }


def error_from_dict(data: dict[str, Any]) -> MLError:
    """Rebuild an ``MLError`` from ``error_to_dict`` data; the class is looked up among mlpy's
    own error classes only (anything else becomes a plain ``MLError``)."""
    cls = getattr(errors, str(data.get("class")), None)
    if not (isinstance(cls, type) and issubclass(cls, MLError)):
        cls = MLError
    kwargs: dict[str, Any] = {
        "source_line": _opt_str(data.get("source_line")),
        "hint": _opt_str(data.get("hint")),
        "kind": _opt_str(data.get("kind")),
    }
    args = (str(data.get("message", "")), _opt_str(data.get("filename")), _opt_int(data.get("line")),
            _opt_int(data.get("column")))
    if issubclass(cls, errors.MLRuntimeError):
        exc: MLError = cls(*args, error_type=str(data.get("error_type") or "Error"), **kwargs)
    else:
        exc = cls(*args, **kwargs)
    for frame in data.get("traceback") or []:
        if isinstance(frame, list) and len(frame) == 3:
            exc.ml_traceback.append(MLFrame(str(frame[0]), _opt_int(frame[1]) or 0, str(frame[2])))
    return exc


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# ----------------------------------------------------------------------------- parent side


def _child_env() -> dict[str, str]:
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
    for name in _PASSED_THROUGH:  # mlpy's own configuration, so the child finds the same modules
        value = os.environ.get(name)
        if value:
            env[name] = value
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
        source = path.read_text(encoding="utf-8")
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
        "runner": list(_runner) if _runner else None,
    }
    job_read, job_write = os.pipe()
    result_read, result_write = os.pipe()
    command = [sys.executable, "-P", "-s", "-m", "mlpy.runtime.sandbox", str(job_read), str(result_write)]
    try:
        proc = subprocess.Popen(
            command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=_child_env(), pass_fds=(job_read, result_write), start_new_session=True,
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
    return _collect(proc.returncode, b"".join(result_chunks), killed_for, limits, filename)


def _collect(returncode: int, raw: bytes, killed_for: list[str], limits: Limits,
             filename: str) -> SandboxResult:
    """Turn the child's exit status and result-channel bytes into a ``SandboxResult``."""
    if killed_for and killed_for[0] == "timeout":
        return SandboxResult(1, error=MLTimeoutError(timeout_message(limits.timeout or 0), filename))
    if killed_for and killed_for[0] == "output":
        return SandboxResult(1, error=MLLimitError(
            f"output limit of {limits.max_output_bytes} bytes exceeded (--max-output)", filename))
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
    return SandboxResult(returncode or 1, error=_death_error(returncode, limits, filename))


def _death_error(returncode: int, limits: Limits, filename: str) -> MLError:
    """The error for a child that ended without sending a result (killed by the OS, crashed)."""
    if returncode < 0:
        sig = -returncode
        if sig == getattr(signal, "SIGXCPU", -1) and limits.timeout is not None:
            return MLTimeoutError(timeout_message(limits.timeout), filename)
        if sig == signal.SIGKILL and limits.max_memory_mb is not None:
            return MLLimitError(memory_message(limits.max_memory_mb), filename)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return MLError(f"the sandboxed program was killed by signal {name}", filename,
                       kind="SandboxError")
    return MLError(f"the sandboxed program ended (exit code {returncode}) without reporting a result",
                   filename, kind="SandboxError")


# ----------------------------------------------------------------------------- child side


def run_ml_job(job: dict[str, Any]) -> dict[str, Any]:
    """Child side: run the job's program in-process with ``mlpy.api.run`` and return its globals."""
    from mlpy import api

    limits = job.get("limits") or {}
    result = api.run(
        job["source"], filename=job["filename"], capabilities=list(job.get("capabilities") or []),
        timeout=limits.get("timeout"), max_steps=limits.get("max_steps"),
        max_memory=limits.get("max_memory"), max_output=limits.get("max_output"),
        max_recursion=limits.get("max_recursion"),
        extension_paths=list(job.get("extension_paths") or []),
        ml_module_paths=list(job.get("ml_module_paths") or []),
        argv=list(job.get("argv") or []), sandbox=False,
    )
    return dict(result.globals)


def _load_runner(spec: Sequence[str] | None) -> Callable[[dict[str, Any]], Any]:
    if not spec:
        return run_ml_job
    path, target = spec
    if path and path not in sys.path:
        sys.path.insert(0, path)
    module_name, _, func = target.partition(":")
    import importlib

    return getattr(importlib.import_module(module_name), func)


def _child_main(job_fd: int, result_fd: int) -> int:
    """Read the job, run it, send the result on the private channel. Returns the exit code."""
    os.set_inheritable(result_fd, False)  # processes the program might start never get the channel
    with os.fdopen(job_fd, "rb") as handle:
        job = json.loads(handle.read().decode("utf-8"))
    limits = job.get("limits") or {}
    try:
        runner = _load_runner(job.get("runner"))
        globals_ = runner(job) or {}
        plain = {}
        for name, value in dict(globals_).items():
            ok, copy = plain_data(value)
            if ok and isinstance(name, str):
                plain[name] = copy
        message: dict[str, Any] = {"ok": True, "globals": plain}
        code = 0
    except MLError as exc:
        message, code = {"ok": False, "error": error_to_dict(exc)}, 1
    except MemoryError:
        exc = MLLimitError(memory_message(limits.get("max_memory") or 0), job.get("filename"))
        message, code = {"ok": False, "error": error_to_dict(exc)}, 1
    except RecursionError:
        exc = MLLimitError("maximum recursion depth exceeded", job.get("filename"))
        message, code = {"ok": False, "error": error_to_dict(exc)}, 1
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
