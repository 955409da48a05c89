"""``mlpy debug`` (a small terminal debugger) and ``mlpy dap`` (the Debug Adapter Protocol on stdio).

Both are front ends of ``mlpy.tools.debugger``; nothing of the debugger is imported until one of
these commands runs. ``mlpy debug PROGRAM [ARGS]`` starts the program paused on its first line and
reads commands, one a line, from stdin (a terminal or a pipe)::

    b LINE [if EXPR]     breakpoint (FILE:LINE for another file); condition in ML
    c                    continue            n    step over         s    step in
    o | finish           step out            p EXPR    print an ML expression in the current frame
    bt                   the ML call stack   l    source around the current line
    u | d                select the calling / called frame for p, l and bt
    q                    end the program and the debugger

Ctrl+C pauses the running program at its next ML line. The exit status is the program's (0, 1 for
a runtime error or when ended by ``q``, 2 for a compile error).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import click

if TYPE_CHECKING:
    from mlpy.runtime.limits import Limits

HELP = """commands:
  b LINE [if EXPR]   set a breakpoint (b FILE:LINE for another file)
  c                  continue
  n                  step over
  s                  step in
  o, finish          step out
  p EXPR             print the value of an ML expression in the current frame
  bt                 show the ML call stack
  u, d               select the calling / called frame (for p, l and bt)
  l                  list the source around the current line
  q                  end the program and quit"""
PROMPT = "(mldb) "
LIST_CONTEXT = 5
"""Lines shown before and after the current line by ``l``."""


class TerminalDebugger:
    """Drives a ``DebugSession`` from text commands; output goes to ``out``, errors to ``err``."""

    def __init__(self, commands: TextIO, out: TextIO, err: TextIO, *, interactive: bool = False) -> None:
        import queue  # here, not at the top: `mlpy run` imports this module to register the commands

        from mlpy.tools.debugger.session import DebugSession

        self._commands = commands
        self._out = out
        self._err = err
        self._interactive = interactive
        self._events: queue.Queue[Any] = queue.Queue()
        self.session = DebugSession(self._events.put)
        self._breakpoints: dict[str, list[Any]] = {}  # per file: the whole set is sent each time
        self._location: tuple[str, int] | None = None
        self._frame = 0  # index into the stack of the frame p, l and bt refer to (0: innermost)
        self._table: dict[str, Callable[[str], bool]] = {
            "b": self._break, "break": self._break,
            "c": lambda _arg: self._resume("continue"), "continue": lambda _arg: self._resume("continue"),
            "n": lambda _arg: self._resume("over"), "next": lambda _arg: self._resume("over"),
            "s": lambda _arg: self._resume("in"), "step": lambda _arg: self._resume("in"),
            "o": lambda _arg: self._resume("out"), "finish": lambda _arg: self._resume("out"),
            "p": self._print, "print": self._print,
            "bt": self._backtrace, "where": self._backtrace,
            "l": self._list, "list": self._list,
            "q": self._quit, "quit": self._quit,
            "u": lambda _arg: self._move(1), "up": lambda _arg: self._move(1),
            "d": lambda _arg: self._move(-1), "down": lambda _arg: self._move(-1),
            "h": self._help, "help": self._help,
        }

    def run(self, program: str, args: Sequence[str], capabilities: Sequence[str],
            extension_paths: Sequence[str] = (), ml_module_paths: Sequence[str] = (),
            limits: Limits | None = None) -> int:
        """Debug ``program`` (under ``limits``, as ``mlpy run``'s flags give them); returns its exit
        status."""
        from mlpy.errors import MLCompileError, MLError
        from mlpy.runtime.limits import Limits
        from mlpy.tools.debugger.session import UNCAUGHT, LaunchConfig

        config = LaunchConfig(program=program, args=tuple(args), capabilities=tuple(capabilities),
                              stop_on_entry=True, extension_paths=tuple(extension_paths),
                              ml_module_paths=tuple(ml_module_paths),
                              limits=limits if limits is not None else Limits())
        try:
            self.session.launch(config)
        except MLError as error:  # as `mlpy run`: 2 for a compile error, 1 otherwise
            self._err.write(error.format() + "\n")
            return 2 if isinstance(error, MLCompileError) else 1
        except ValueError as error:
            self._err.write(f"mlpy: {error}\n")
            return 2
        self.session.set_exception_filters([UNCAUGHT])
        self.session.start()
        return self._loop()

    def pause_on_interrupt(self) -> None:
        """Make Ctrl+C pause the running program (at its next ML line) instead of ending mlpy."""
        import signal

        signal.signal(signal.SIGINT, lambda _signum, _frame: self.session.pause())

    def _loop(self) -> int:
        import queue

        from mlpy.tools.debugger.events import Exited, Output, Stopped, Terminated

        while True:
            try:
                event = self._events.get(timeout=0.2)  # wakes up for signal handlers (Ctrl+C)
            except queue.Empty:
                continue
            if isinstance(event, Output):
                self._show_output(event)
            elif isinstance(event, Stopped):
                self._show_stop(event)
                self._read_commands()
            elif isinstance(event, Exited):
                self._out.write(f"program exited with status {event.code}\n")
            elif isinstance(event, Terminated):
                self._out.flush()
                return self.session.exit_code if self.session.exit_code is not None else 1

    def _show_output(self, event: Any) -> None:
        stream = self._err if event.category == "stderr" else self._out
        stream.write(event.text)
        stream.flush()

    def _show_pending_output(self) -> None:
        """Show what an evaluation printed (the program is paused: only output can be waiting)."""
        import queue

        from mlpy.tools.debugger.events import Output

        others = []
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
            if isinstance(event, Output):
                self._show_output(event)
            else:
                others.append(event)
        for event in others:
            self._events.put(event)

    def _show_stop(self, event: Any) -> None:
        stack = self.session.stack()
        if not stack:
            return
        top = stack[0]
        self._location = (top.path, top.line)
        self._frame = 0
        why = {"entry": "program start", "breakpoint": "breakpoint", "step": "step",
               "pause": "paused", "exception": "uncaught error"}.get(event.reason, event.reason)
        self._out.write(f"stopped ({why}) in {top.name} at {_short(top.path)}:{top.line}\n")
        if event.reason == "exception" and event.description:
            self._out.write(f"  {event.description}\n")
        self._out.write(self._source_line(top.path, top.line, current=True) + "\n")

    def _read_commands(self) -> None:
        """Read and run commands until one resumes the program (or input ends: quit)."""
        while True:
            if self._interactive:
                self._out.write(PROMPT)
            self._out.flush()
            line = self._commands.readline()
            if not line:
                self._quit("")
                return
            word, _, argument = line.strip().partition(" ")
            if not word:
                continue
            action = self._table.get(word)
            if action is None:
                self._out.write(f"unknown command {word!r}; h lists the commands\n")
                continue
            if action(argument.strip()):
                return

    # -- commands: each returns True when the program runs again -------------------------------

    def _break(self, argument: str) -> bool:
        from mlpy.tools.debugger.session import BreakpointRequest

        where, _, condition = argument.partition(" if ")
        where = where.strip()
        path = self.session.main_file
        if ":" in where:
            path, _, where = where.rpartition(":")
            path = os.path.abspath(path)
        if not where.isdigit():
            self._out.write("usage: b LINE [if EXPR]  or  b FILE:LINE [if EXPR]\n")
            return False
        wanted = self._breakpoints.setdefault(path, [])
        wanted.append(BreakpointRequest(int(where), condition.strip() or None))
        result = self.session.set_breakpoints(path, wanted)[-1]
        if not result.verified:
            wanted.pop()
            self._out.write(f"no breakpoint at {_short(path)}:{where}: {result.message}\n")
        else:
            moved = "" if result.line == int(where) else f" (moved from line {where}: no code there)"
            self._out.write(f"breakpoint {result.id} at {_short(path)}:{result.line}{moved}\n")
        return False

    def _resume(self, mode: str) -> bool:
        self.session.resume(mode)
        return True

    def _print(self, argument: str) -> bool:
        from mlpy.tools.debugger.session import SessionError

        if not argument:
            self._out.write("usage: p EXPR\n")
            return False
        stack = self.session.stack()
        frame_id = stack[self._frame].id if self._frame < len(stack) else None
        try:
            text = self.session.evaluate(argument, frame_id).value
        except SessionError as error:
            text = str(error)
        self._show_pending_output()
        self._out.write(text + "\n")
        return False

    def _backtrace(self, _argument: str) -> bool:
        for index, entry in enumerate(self.session.stack()):
            mark = ">" if index == self._frame else " "
            self._out.write(f"{mark}#{index} {entry.name} at {_short(entry.path)}:{entry.line}\n")
        return False

    def _move(self, step: int) -> bool:
        """``u``/``d``: select the caller's / callee's frame for p, l and bt."""
        stack = self.session.stack()
        index = self._frame + step
        if not 0 <= index < len(stack):
            self._out.write("no frame " + ("above" if step > 0 else "below") + " this one\n")
            return False
        self._frame = index
        entry = stack[index]
        self._location = (entry.path, entry.line)
        self._out.write(f"#{index} {entry.name} at {_short(entry.path)}:{entry.line}\n")
        self._out.write(self._source_line(entry.path, entry.line, current=True) + "\n")
        return False

    def _list(self, _argument: str) -> bool:
        if self._location is None:
            return False
        path, line = self._location
        for number in range(max(1, line - LIST_CONTEXT), line + LIST_CONTEXT + 1):
            text = self._source_line(path, number, current=number == line)
            if text:
                self._out.write(text + "\n")
        return False

    def _quit(self, _argument: str) -> bool:
        self.session.terminate()
        return True

    def _help(self, _argument: str) -> bool:
        self._out.write(HELP + "\n")
        return False

    def _source_line(self, path: str, line: int, *, current: bool) -> str:
        text = self.session.source_line(path, line)
        if text is None:
            return ""
        marks = {entry.line for entry in self._breakpoints.get(path, [])}
        mark = "->" if current else (" B" if line in marks else "  ")
        return f"{line:4d} {mark} {text}"


def _short(path: str) -> str:
    """A path relative to the working directory when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return relative if len(relative) < len(path) else path


def _capabilities(options: dict[str, Any]) -> list[str]:
    """The grant flags of the command as the API's grant strings."""
    from mlpy.engine.options import grants_from_flags

    return list(grants_from_flags(options).describe())


def _limits(options: dict[str, Any]) -> Limits:
    """The limit flags of the command as the run's ``Limits``; ``ValueError`` for ``--max-memory``,
    which the debugger cannot enforce (memory is measured for the whole process, which the program
    shares with the debugger)."""
    if options.get("max_memory") is not None:
        raise ValueError("--max-memory cannot be enforced while debugging (the program shares its "
                         "process with the debugger): use mlpy run --sandbox --max-memory MB")
    from mlpy.engine.options import make_limits

    return make_limits(timeout=options.get("timeout"), max_steps=options.get("max_steps"),
                       max_output=options.get("max_output"), max_recursion=options.get("max_recursion"))


def register(group: click.Group, grant_options: Callable[..., Any], limit_options: Callable[..., Any],
             path_options: Callable[..., Any]) -> None:
    """Add ``debug`` and ``dap`` to ``group``."""

    @group.command(context_settings={"allow_interspersed_args": False, "ignore_unknown_options": True})
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    @grant_options
    @limit_options
    @path_options
    def debug(file: str, args: Sequence[str], extension_paths: Sequence[str],
              ml_module_paths: Sequence[str], **options: Any) -> None:
        """Debug an ML program in the terminal: it starts paused on its first line; type h for the
        commands (b LINE, c, n, s, o, p EXPR, bt, l, q). Commands may come from a pipe. The limit
        flags work as with mlpy run; the time limit counts running time, not time spent paused."""
        try:
            capabilities = _capabilities(options)
            limits = _limits(options)
        except ValueError as error:
            click.echo(f"mlpy: {error}", err=True)
            sys.exit(2)
        debugger = TerminalDebugger(sys.stdin, sys.stdout, sys.stderr, interactive=sys.stdin.isatty())
        debugger.pause_on_interrupt()
        sys.exit(debugger.run(file, args, capabilities, extension_paths, ml_module_paths, limits))

    @group.command()
    def dap() -> None:
        """Start the ML debug adapter (Debug Adapter Protocol on stdin/stdout), as editors do."""
        from mlpy.tools.dap.adapter import serve

        sys.exit(serve())


__all__ = ["TerminalDebugger", "register"]
