"""One debugged run of an ML program: the program thread, its tracer, and the commands that steer it.

The program runs through the engine's pipeline (``compile_ml``, ``check_requests``,
``execute_program``) on a thread of its own, with a ``sys.settrace`` tracer installed in that thread
only. The tracer follows frames of ML code (files the run compiled) that may have to stop, and
nothing else: other frames run at full speed until a step, pause, new breakpoint or termination
makes it pick them up from the thread's stack. When the
program stops (entry, breakpoint, step, pause, uncaught error) the program thread waits inside the
tracer for the next command; evaluations are handed to it so they run in the program's thread,
under its execution context and grants (and, being inside a trace function, untraced).

Front ends call the methods from their own thread and receive ``events`` through ``on_event``
(called from the program thread).
"""

from __future__ import annotations

import dis
import functools
import io
import itertools
import os
import re
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, FrameType, TracebackType
from typing import Any, TextIO, cast

from mlpy.errors import MLCompileError, MLError, MLFatalError
from mlpy.language.advice import FrontEnd
from mlpy.language.source_file import decode_source
from mlpy.runtime.limits import Limits
from mlpy.tools.debugger.breakpoints import Breakpoint, BreakpointRequest, BreakpointResult, BreakpointTable
from mlpy.tools.debugger.events import Event, Exited, Output, Stopped, Terminated
from mlpy.tools.debugger.frames import (
    StackEntry,
    frame_globals,
    frame_locals,
    live_frames,
    stack_entries,
    traceback_frames,
)
from mlpy.tools.debugger.values import ValueStore, Variable

EVALUATE_TIMEOUT = 30.0
"""Seconds a front end waits for an evaluation before giving up on it."""
UNCAUGHT = "uncaught"
"""The exception filter that stops on an error no ML ``except`` catches."""
RESUME_MODES = ("continue", "in", "over", "out")
_LOG_EXPRESSION = re.compile(r"\{([^{}]+)\}")


class SessionError(Exception):
    """A request the session cannot serve in its current state (the message is for the user)."""


class DebuggerStop(MLFatalError):
    """Raised into the program by the tracer to end it (fatal: no ML ``except`` or ``finally`` runs)."""

    kind = "Stopped"


@dataclass(frozen=True)
class LaunchConfig:
    """What to run: the program, its arguments, working directory and grants (API strings).

    ``cwd`` changes the process's working directory (relative grants and paths resolve against it):
    the debug adapter is a process of its own, one program per process.
    """

    program: str
    args: tuple[str, ...] = ()
    cwd: str | None = None
    capabilities: tuple[str, ...] = ()
    stop_on_entry: bool = False
    no_debug: bool = False
    """Run without the tracer: breakpoints, pauses and error stops are off (an editor's "run")."""
    extension_paths: tuple[str, ...] = ()
    ml_module_paths: tuple[str, ...] = ()
    front_end: FrontEnd = "cli"
    """Who the refusals' advice speaks to: ``"cli"`` (``mlpy debug``: ``--allow-read=PATH``) or
    ``"dap"`` (an editor: ``Add "read:PATH" to "capabilities" in launch.json``; limit messages name
    the launch.json attribute, such as ``"timeout" in launch.json``). An evaluation's own time bound
    is advised alike for both (``evaluate.py``)."""
    limits: Limits = field(default_factory=Limits)
    """The run's limits, as ``mlpy run``'s (not ``max_memory``: the process is shared with the
    debugger). The time limit counts running time only: the clock stops while the program is
    paused. The call depth is counted by the debugger's own tracer (the engine's depth guard is a
    trace function too, and would take the debugger's place)."""


@dataclass(frozen=True)
class ExceptionDetails:
    """The uncaught error the program stopped on."""

    error_type: str
    message: str
    text: str


@dataclass
class _Job:
    """Work handed to the paused program thread, with its outcome."""

    work: Callable[[], Any]
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None


class _EventWriter(io.TextIOBase):
    """The program's stdout/stderr: each write becomes an ``Output`` event."""

    def __init__(self, emit: Callable[[Event], None], category: str) -> None:
        super().__init__()
        self._emit = emit
        self._category = category

    def write(self, text: str) -> int:
        if text:
            self._emit(Output(self._category, text))
        return len(text)

    def writable(self) -> bool:
        return True


class DebugSession:
    """Runs one ML program under the debugger; see the module docstring."""

    def __init__(self, on_event: Callable[[Event], None]) -> None:
        self._on_event = on_event
        self._cond = threading.Condition()
        self._state = "idle"  # idle -> prepared -> running <-> stopped -> ended
        self._resume_mode: str | None = None
        self._jobs: list[_Job] = []
        self._thread: threading.Thread | None = None
        self._breakpoints = BreakpointTable()
        self._filters: set[str] = set()
        self._stack: list[StackEntry] = []
        self._values = ValueStore()
        self._step: str | None = None
        self._step_depth = 0
        self._pause_requested = False
        self._terminating = False
        self._entry_pending = False
        self._exception: ExceptionDetails | None = None
        self._no_debug = False
        self._depth_limit: int | None = None  # max_recursion, when the tracer counts the depth
        self._calls = 0  # ML calls in progress (counted only with a depth limit)
        self.exit_code: int | None = None
        self._ctx: Any = None
        self._program: Any = None
        self._options: Any = None
        self.main_file = ""

    # -- configuration -------------------------------------------------------------------------

    def launch(self, config: LaunchConfig) -> None:
        """Read and compile the program (raises ``MLError`` for a program that does not compile or
        requests grants it was not given, ``OSError`` for one that cannot be read, ``ValueError``
        for bad grants). The program starts with ``start``."""
        from mlpy.engine.options import build_options
        from mlpy.engine.pipeline import check_requests, compile_ml, new_context
        from mlpy.runtime.context import use
        from mlpy.tools.debugger.lines import executable_lines

        if config.cwd:
            os.chdir(config.cwd)
        path = os.path.abspath(config.program)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise MLError(f"cannot read {config.program}: {exc.strerror}", path, kind="IOError") from None
        source = decode_source(data, path)
        from mlpy.engine.cancel import CancelToken

        limits = config.limits
        # The tracer counts the call depth unless there is no tracer; it trips the run's meter,
        # which a token makes sure exists even when no other limit needs one. The meter also
        # lends the program's namespaces to an evaluation (``evaluate._lent``): its ML modules
        # must count steps, as they do in any metered run.
        depth_limit = None if config.no_debug else limits.max_recursion
        options = build_options(
            path, capabilities=list(config.capabilities), argv=list(config.args),
            extension_paths=list(config.extension_paths), ml_module_paths=list(config.ml_module_paths),
            stdin=io.StringIO(), stdout=cast(TextIO, _EventWriter(self._emit, "stdout")),
            stderr=cast(TextIO, _EventWriter(self._emit, "stderr")), front_end=config.front_end,
            timeout=limits.timeout, max_steps=limits.max_steps, max_output=limits.max_output_bytes,
            max_recursion=limits.max_recursion if depth_limit is None else None,
            cancel=None if config.no_debug else CancelToken())
        ctx = new_context(options, path, source)
        with use(ctx):
            # Steps are counted whenever the program may be paused: a function the debug console
            # calls must be stoppable by the evaluation's own time limit (see ``evaluate._lent``).
            program = compile_ml(source, path, count_steps=limits.active() or not config.no_debug,
                                 cache=options.cache)
            check_requests(program, options, path)
        self._ctx, self._program, self._options, self.main_file = ctx, program, options, path
        self._breakpoints.known_lines(path, executable_lines(program.code, source, path))
        self._entry_pending = config.stop_on_entry
        self._no_debug = config.no_debug
        self._depth_limit = depth_limit
        self._state = "prepared"

    def set_breakpoints(self, path: str, requests: Sequence[BreakpointRequest]) -> list[BreakpointResult]:
        """Replace the breakpoints of the file ``path``; each is verified (possibly moved to the next
        line with code) or reported unverified with the reason. Takes effect at once, also in
        frames already running."""
        results = self._breakpoints.replace(path, requests)
        self._trace_running_frames()
        return results

    def set_exception_filters(self, filters: Sequence[str]) -> None:
        """Which errors stop the program: ``["uncaught"]`` or none."""
        self._filters = set(filters)

    def start(self) -> None:
        """Start the launched program on its thread."""
        if self._state != "prepared":
            raise SessionError("launch a program first")
        self._state = "running"
        self._thread = threading.Thread(target=self._run, name="mlpy-debuggee", daemon=True)
        self._thread.start()

    # -- control -------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """``idle``, ``prepared``, ``running``, ``stopped`` or ``ended``."""
        return self._state

    def resume(self, mode: str = "continue") -> None:
        """Let the paused program run: ``continue``, or step ``in``, ``over`` or ``out``."""
        if mode not in RESUME_MODES:
            raise ValueError(f"unknown resume mode {mode!r}")
        with self._cond:
            if self._state != "stopped":
                raise SessionError("the program is not paused")
            self._resume_mode = mode
            self._cond.notify_all()

    def pause(self) -> None:
        """Stop the running program at its next ML line (nothing to do when it is paused already)."""
        if self._state in ("stopped", "ended"):
            return
        self._pause_requested = True
        self._trace_running_frames()

    def terminate(self) -> None:
        """End the program: a paused one at once, a running one at its next ML line."""
        self._terminating = True
        with self._cond:
            if self._state == "stopped":
                self._resume_mode = "continue"
                self._cond.notify_all()
        self._trace_running_frames()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the program thread to end; True when it has."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- inspection (while paused) -------------------------------------------------------------

    def stack(self) -> list[StackEntry]:
        """The ML frames of the paused program, innermost first."""
        return list(self._stack) if self._state == "stopped" else []

    def exception(self) -> ExceptionDetails | None:
        """The uncaught error the program is stopped on, if that is why it stopped."""
        return self._exception if self._state == "stopped" else None

    def scopes(self, frame_id: int) -> list[tuple[str, int]]:
        """``(name, reference)`` of the scopes of a frame: ``Locals`` (in a function), ``Globals``."""
        frame = self._frame(frame_id)
        scopes = []
        local_names = frame_locals(frame)
        if local_names is not None:
            scopes.append(("Locals", self._values.scope(local_names)))
        scopes.append(("Globals", self._values.scope(frame_globals(frame))))
        return scopes

    def variables(self, reference: int, start: int = 0, count: int | None = None,
                  kind: str | None = None) -> list[Variable]:
        """The variables of a scope, or the items of an array or object, behind ``reference``
        (``start``/``count``: a page; ``kind`` ``"indexed"`` or ``"named"``: only array items or
        only names, as a client paging through a long array asks)."""
        try:
            return self._values.children(reference, start, count, kind)
        except (KeyError, IndexError):
            raise SessionError("this value is no longer available (the program has moved on)") from None

    def evaluate(self, text: str, frame_id: int | None = None) -> Variable:
        """Evaluate ML ``text`` in a frame of the paused program (the innermost by default).

        Raises ``SessionError`` with the ML error text when it fails.
        """
        from mlpy.tools.debugger.evaluate import evaluate_text

        frame = self._frame(frame_id if frame_id is not None else 1)
        value, error = self._on_program_thread(
            lambda: evaluate_text(text, frame, self._ctx, self.main_file))
        if error is not None:
            raise SessionError(error)
        return self._values.describe(text, value)

    def source_line(self, path: str, line: int) -> str | None:
        """The text of ``line`` of an ML file of the run (for listings)."""
        text = self._source(path)
        lines = text.splitlines() if text is not None else []
        return lines[line - 1] if 1 <= line <= len(lines) else None

    def _source(self, path: str) -> str | None:
        if self._ctx is not None and path in self._ctx.sources:
            return str(self._ctx.sources[path])
        try:
            return Path(path).read_text(encoding="utf-8")
        except OSError:
            return None

    def _frame(self, frame_id: int) -> FrameType:
        for entry in self.stack():
            if entry.id == frame_id:
                return entry.frame
        raise SessionError("no such frame (is the program paused?)")

    def _on_program_thread(self, work: Callable[[], Any]) -> Any:
        """Run ``work`` on the paused program's thread and return its result."""
        job = _Job(work)
        with self._cond:
            if self._state != "stopped":
                raise SessionError("the program is running; pause it first")
            self._jobs.append(job)
            self._cond.notify_all()
        if not job.done.wait(EVALUATE_TIMEOUT):
            raise SessionError(f"no answer within {EVALUATE_TIMEOUT:g} seconds")
        return job.result

    # -- the program thread --------------------------------------------------------------------

    def _emit(self, event: Event) -> None:
        self._on_event(event)

    def _is_ml(self, filename: str) -> bool:
        return filename in self._ctx.sources

    def _run(self) -> None:
        from mlpy.engine.pipeline import execute_program

        code = 0
        if not self._no_debug:
            sys.settrace(self._trace_call)
        try:
            execute_program(self._program, self._ctx, self.main_file, self._options)
        except DebuggerStop:
            code = 1
        except MLError as error:
            sys.settrace(None)
            code = 2 if isinstance(error, MLCompileError) else 1
            self._emit(Output("stderr", error.format() + "\n"))
            if UNCAUGHT in self._filters and not self._terminating and not self._no_debug:
                self._stop_post_mortem(error)
        except Exception as error:  # noqa: BLE001 - a bug in mlpy: report it, end the session cleanly
            code = 1
            self._emit(Output("stderr", f"mlpy: internal error: {error!r}\n"))
        finally:
            sys.settrace(None)
        self.exit_code = code
        with self._cond:
            self._state = "ended"
            self._cond.notify_all()
        self._emit(Exited(code))
        self._emit(Terminated())

    def _stop_post_mortem(self, error: MLError) -> None:
        """Stop on an uncaught error where it happened: its traceback keeps the frames alive."""
        origin: BaseException = error.__cause__ if error.__cause__ is not None else error
        tb: TracebackType | None = origin.__traceback__
        frames = traceback_frames(tb, self._is_ml)
        if not frames:
            return
        error_type = getattr(error, "error_type", None) or error.kind
        self._exception = ExceptionDetails(error_type, error.message, error.format())
        self._stop(frames, "exception", description=f"{error_type}: {error.message}",
                   text=error.format())

    def _trace_call(self, frame: FrameType, event: str, arg: Any) -> Any:
        """The thread's trace function: follow frames of ML code that may have to stop, ignore every
        other frame (a frame left alone runs at full speed; ``_trace_running_frames`` picks it up
        when a step, pause, new breakpoint or termination needs it)."""
        filename = frame.f_code.co_filename
        if event != "call" or filename not in self._ctx.sources:
            return None
        counted = self._depth_limit is not None and frame.f_code.co_name != "<module>"
        if counted:
            self._enter_call()
        # Stepping over or out stops only in frames already on the stack (all followed since the
        # stop), so a new call needs following only for stepping in, a pause, the first line, the
        # end of the program or a breakpoint in its function.
        if (self._step != "in" and not self._pause_requested and not self._entry_pending
                and not self._terminating and not self._breakpoints.has_breakpoint_in(frame.f_code)):
            if counted:  # followed to its return only
                frame.f_trace_lines = False
                return self._trace_return
            return None
        return self._trace_line

    def _enter_call(self) -> None:
        """Count an ML call against ``max_recursion``; past it, the run's meter makes the call's
        entry step raise a catchable ``RecursionError`` (as the engine's depth guard does)."""
        self._calls += 1
        if self._depth_limit is not None and self._calls > self._depth_limit:
            meter = self._ctx.meter
            if meter is not None:
                meter.trip_recursion()

    def _trace_return(self, frame: FrameType, event: str, arg: Any) -> Any:
        """The trace function of a counted ML frame the debugger need not follow: its return."""
        if event == "return":
            self._calls -= 1
        return self._trace_return

    def _trace_running_frames(self, frames: list[FrameType] | None = None) -> None:
        """Follow the ML frames already running in the program thread (``frames``, or the thread's
        whole stack, looked up from another thread) from their next line on."""
        if frames is None:
            thread = self._thread
            if thread is None or thread.ident is None or self._state != "running":
                return
            frame = sys._current_frames().get(thread.ident)
            frames = []
            while frame is not None:
                frames.append(frame)
                frame = frame.f_back
        for frame in frames:
            if frame.f_code.co_filename in self._ctx.sources and (
                    frame.f_trace is None or frame.f_trace == self._trace_return):
                frame.f_trace_lines = True
                frame.f_trace = self._trace_line

    def _trace_line(self, frame: FrameType, event: str, arg: Any) -> Any:
        """The trace function of an ML frame: decide at each new line whether to stop.

        A failure of the debugger itself is reported and the frame left alone: it must not turn
        into an error of the program.
        """
        if event == "return" and self._depth_limit is not None and frame.f_code.co_name != "<module>":
            self._calls -= 1
        try:
            if event == "line":
                self._on_line(frame)
            elif event == "return" and self._step in ("over", "out"):
                self._on_return(frame)
        except DebuggerStop:
            raise
        except Exception as error:  # noqa: BLE001 - see the docstring
            self._emit(Output("stderr", f"mlpy debugger: internal error: {error!r}\n"))
            return None if self._depth_limit is None else self._trace_return  # still counted
        return self._trace_line

    def _on_return(self, frame: FrameType) -> None:
        """Stepping over or out of the last line of a function stops in its caller, on the line of
        the call (the rest of that line, such as an assignment of the result, has not run yet)."""
        if self._depth(frame) != self._step_depth:
            return
        callers = live_frames(frame.f_back, self._is_ml)
        if callers:
            self._stop(callers, "step")

    def _depth(self, frame: FrameType | None) -> int:
        depth = 0
        while frame is not None:
            if frame.f_code.co_filename in self._ctx.sources:
                depth += 1
            frame = frame.f_back
        return depth

    def _on_line(self, frame: FrameType) -> None:
        if self._terminating:
            raise DebuggerStop("the debugger ended the program")
        filename = frame.f_code.co_filename
        line = frame.f_lineno
        placed = self._breakpoints.in_file(filename)
        if self._step is None and not self._pause_requested and not self._entry_pending \
                and line not in placed:
            return  # the common case, kept short: nothing to stop for on this line
        if not self._breakpoints.can_stop(filename, line) or _at_entry_step(frame):
            return
        reason = self._step_reason(frame, filename)
        breakpoint_ = placed.get(line)
        hit: tuple[int, ...] = ()
        if breakpoint_ is not None and self._breakpoint_reason(breakpoint_, frame) is not None:
            reason, hit = reason or "breakpoint", (breakpoint_.id,)
        if reason is not None:
            self._stop(live_frames(frame, self._is_ml), reason, breakpoint_ids=hit)

    def _step_reason(self, frame: FrameType, filename: str) -> str | None:
        if self._pause_requested:
            return "pause"
        if self._entry_pending and filename == self.main_file:
            self._entry_pending = False
            return "entry"
        if self._step == "in":
            return "step"
        if self._step == "over" and self._depth(frame) <= self._step_depth:
            return "step"
        if self._step == "out" and self._depth(frame) < self._step_depth:
            return "step"
        return None

    def _breakpoint_reason(self, breakpoint_: Breakpoint, frame: FrameType) -> str | None:
        from mlpy.tools.debugger.evaluate import evaluate_text

        if breakpoint_.condition:
            value, error = evaluate_text(breakpoint_.condition, frame, self._ctx, self.main_file)
            if error is not None:
                self._emit(Output("console", f"breakpoint condition {breakpoint_.condition!r} failed:\n"
                                             f"{error}\n"))
            elif not _truthy(value):
                return None
        if breakpoint_.log_message is not None:
            self._emit(Output("console", self._log_text(breakpoint_.log_message, frame) + "\n",
                              frame.f_code.co_filename, breakpoint_.line))
            return None
        return "breakpoint"

    def _log_text(self, message: str, frame: FrameType) -> str:
        """A logpoint's message with each ``{expression}`` replaced by its value as ``print`` shows it."""
        from mlpy.runtime.formatting import ml_str
        from mlpy.tools.debugger.evaluate import evaluate_text

        def value(match: re.Match[str]) -> str:
            result, error = evaluate_text(match.group(1), frame, self._ctx, self.main_file)
            if error is not None:
                return "{" + error.splitlines()[0] + "}"
            try:
                return ml_str(result)
            except MLError as failure:
                return "{" + failure.message + "}"

        return _LOG_EXPRESSION.sub(value, message)

    def _stop(self, frames: list[tuple[FrameType, int]], reason: str, *, description: str = "",
              text: str = "", breakpoint_ids: tuple[int, ...] = ()) -> None:
        """Pause the program thread and serve jobs until a resume command arrives."""
        self._pause_requested = False
        self._step = None
        self._stack = stack_entries(frames, self.main_file)
        self._values.reset()
        with self._cond:
            self._state = "stopped"
            self._resume_mode = "continue" if self._terminating else None
        meter = self._ctx.meter  # the run's, while it runs: its time limit counts running time only
        if meter is not None:
            meter.hold_clock()
        self._emit(Stopped(reason, description, text, breakpoint_ids))
        mode = self._serve_jobs()
        if meter is not None:
            meter.release_clock()
        top = frames[0][0]
        self._stack = []
        self._values.reset()
        self._exception = None
        if mode in ("over", "out"):
            self._step, self._step_depth = mode, self._depth(top)
        elif mode == "in":
            self._step = "in"
        # Follow every frame on the stack from here on: a step may end in any of them, and so may a
        # breakpoint set while paused (this runs before that frame's next line, unlike a lookup of
        # the running thread's stack).
        self._trace_running_frames([frame for frame, _line in frames])
        if self._terminating and reason != "exception":
            raise DebuggerStop("the debugger ended the program")

    def _serve_jobs(self) -> str:
        """Run handed-over jobs until resumed; returns the resume mode."""
        while True:
            with self._cond:
                while not self._jobs and self._resume_mode is None:
                    self._cond.wait()
                if not self._jobs:
                    mode = self._resume_mode or "continue"
                    self._resume_mode = None
                    self._state = "running"
                    return mode
                job = self._jobs.pop(0)
            try:
                job.result = job.work()
            finally:
                job.done.set()


def _at_entry_step(frame: FrameType) -> bool:
    """Whether ``frame`` is at the step a limited run's function counts on entry, on the header
    line, with its body on later lines: not a line of the body, so no place to stop (an unlimited
    run's first stop in a function is its body's first line)."""
    code = frame.f_code
    return frame.f_lineno == code.co_firstlineno and frame.f_lasti in _header_entry_step(code)


_PROLOGUE = frozenset({"RESUME", "COPY_FREE_VARS", "MAKE_CELL", "NOP"})


@functools.lru_cache(maxsize=1024)
def _header_entry_step(code: CodeType) -> range:
    """The offsets of ``code``'s entry step (the ``__ml_step()`` call a function compiled with step
    counting starts with) when it is alone on the header line; empty otherwise (no step, a module
    body, or a one-line function, whose body shares that line and may stop there)."""
    if code.co_name == "<module>":
        return range(0)
    instructions = list(itertools.dropwhile(lambda op: op.opname in _PROLOGUE, dis.get_instructions(code)))
    if not instructions or instructions[0].opname != "LOAD_GLOBAL" or instructions[0].argval != "__ml_step":
        return range(0)
    ends = [index for index, op in enumerate(instructions) if op.opname == "POP_TOP"]
    after = instructions[ends[0] + 1] if ends and ends[0] + 1 < len(instructions) else None
    if after is None or after.starts_line is None:
        return range(0)
    return range(instructions[0].offset, after.offset)


def _truthy(value: Any) -> bool:
    """ML truthiness of a condition's value (as ``if`` decides)."""
    try:
        return bool(value)
    except Exception:  # noqa: BLE001 - a value without a truth value counts as false
        return False


__all__ = ["UNCAUGHT", "BreakpointRequest", "BreakpointResult", "DebugSession", "DebuggerStop",
           "ExceptionDetails", "LaunchConfig", "SessionError"]
