"""The REPL session: one persistent ML namespace, its grants, its history and its evaluation.

``MLREPLSession`` takes text and returns a :class:`ReplResult`; it has no terminal code, so the
prompt_toolkit front end, the plain line front end, the tests and any host application drive the
same object. Each entry is compiled in REPL mode (the value of a final expression statement is
kept and echoed in ML notation) and run in the session's one execution context, so per-run state
of the standard library (log level, random seed) lasts from one entry to the next as within one
program. Dot-commands are answered from the one table in ``commands``; the module-development
operations come from :class:`~mlpy.cli.repl.devtools.DevTools`.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from mlpy.cli.repl.commands import parse_command, run_command
from mlpy.cli.repl.devtools import DEV_MODE_ENV, DevTools
from mlpy.cli.repl.editor import Edit
from mlpy.cli.repl.present import echo_text, error_text
from mlpy.cli.repl.result import Entry, ReplResult
from mlpy.errors import MLError, MLImportError, MLSyntaxError

if TYPE_CHECKING:
    from mlpy.engine.options import CapabilitiesArg, RunOptions
    from mlpy.runtime.capabilities import Grants
    from mlpy.runtime.context import ExecutionContext
    from mlpy.runtime.limits import Limits

_RESULT_NAME = "__ml_result__"
_UNSET = object()
_UNDERSCORE = "__kw__"
"""Where ``_`` lives in the namespace: a Python soft keyword, so compiled as ``__kw__``."""
_EXIT_WORDS = frozenset({"exit", "quit", "exit()", "quit()"})
EXIT_HINT = "To leave the REPL, type .exit or press Ctrl+D."

Confirm = Callable[[str], bool]


def _options_from(security_enabled: bool, capabilities: CapabilitiesArg, extension_paths: list[str] | None,
                  ml_module_paths: list[str] | None, limits: Limits | None) -> RunOptions:
    """The ``RunOptions`` of a session made from keyword arguments (a host or a test)."""
    from mlpy.engine.options import build_options

    options = build_options("<repl>", capabilities=capabilities if security_enabled else ["all"],
                            extension_paths=extension_paths, ml_module_paths=ml_module_paths,
                            project_file="off")
    return options if limits is None else options.with_changes(limits=limits)


def _deny_all(_question: str) -> bool:
    """The default confirmation callback: without a front end to ask, nothing is granted."""
    return False


class MLREPLSession(DevTools):
    """One interactive ML session: a persistent namespace, grants, history and dev-mode commands."""

    def __init__(self, security_enabled: bool = True, extension_paths: list[str] | None = None,
                 ml_module_paths: list[str] | None = None, capabilities: CapabilitiesArg = None, *,
                 options: RunOptions | None = None, confirm: Confirm | None = None,
                 output: TextIO | None = None, notify: Callable[[str], None] | None = None,
                 main_dir: str | None = None, limits: Limits | None = None,
                 edit: Edit | None = None) -> None:
        """``options`` (``mlpy.engine.RunOptions``, what ``mlpy repl`` builds from its flags) gives
        the grants, limits and module paths; without it they are built the same way from
        ``capabilities`` (``Grants`` or strings such as ``"read:/data"``), the paths and ``limits``
        (no project file is read; ``security_enabled=False`` grants everything). ``--timeout`` is
        per entry. ``confirm(question)`` is asked before ``.grant``; ``output`` receives printed
        text as it is written (default: captured into ``ReplResult.output``); ``notify(line)``
        receives ``.watch`` notices and slow-load warnings (default: queued, see
        :meth:`take_notices`); ``edit(text)`` gets a multi-line entry for ``.editor``."""
        if options is None:
            options = _options_from(security_enabled, capabilities, extension_paths, ml_module_paths, limits)
        if options.front_end != "repl":  # errors advise ``.grant read:PATH``, what works here
            options = options.with_changes(front_end="repl")
        self.options = options
        self.security_enabled = security_enabled
        self.limits = options.limits if options.limits.active() else None
        self.extension_paths = list(options.extension_paths)
        self.ml_module_paths = list(options.ml_module_paths)
        self.debug = options.debug
        """Show the Python traceback under an error (``.debug``, ``mlpy repl --debug``)."""
        self.confirm = confirm or _deny_all
        self.edit = edit
        self.output = output
        self.main_dir = main_dir or os.getcwd()
        self._notify_fn = notify
        self._notices: list[str] = []
        self.history: list[Entry] = []
        """The entries run so far (``.history``, ``.save``)."""
        self._entry_count = 0
        self._auto_underscore = True
        self.width = 80
        """Columns an echoed value may use before it is laid out over several lines."""
        self._sources: dict[str, str] = {}
        self._ctx: ExecutionContext | None = None
        self._lock = threading.RLock()
        self._granted: list[str] = []
        self.globals: dict[str, Any] = self._new_namespace()
        DevTools.__init__(self, os.environ.get(DEV_MODE_ENV))

    # ------------------------------------------------------------------------------------------
    # grants and the execution context
    # ------------------------------------------------------------------------------------------
    @property
    def grants(self) -> Grants:
        """The grants ML code of this session runs with: the start-up grants plus ``.grant``s."""
        if not self._granted:
            return self.options.grants
        from mlpy.engine.options import make_grants

        return self.options.grants.merge(make_grants(self._granted))

    @staticmethod
    def check_capability(capability: str) -> None:
        """``MLCapabilityError`` unless ``capability`` is a capability string (``"read:/tmp"``)."""
        from mlpy.engine.options import make_grants

        make_grants([capability])

    def add_grant(self, capability: str) -> None:
        """Add one capability string (``"read:/tmp"``, see :meth:`check_capability`) to the
        session's grants (``.grant``, a confirmed ``capability`` request)."""
        self.check_capability(capability)
        if capability not in self._granted:
            self._granted.append(capability)

    def revoke_grant(self, capability: str) -> bool:
        """Withdraw a capability added with :meth:`add_grant`; False when it was not added."""
        if capability not in self._granted:
            return False
        self._granted.remove(capability)
        return True

    def add_module_path(self, directory: str) -> None:
        """Search ``directory`` for extension and ML modules too (``.addpath``)."""
        if directory not in self.extension_paths:
            self.extension_paths.append(directory)
        if directory not in self.ml_module_paths:
            self.ml_module_paths.append(directory)
        self.registry.add_extension_paths([directory])
        self.registry.add_ml_module_paths([directory])

    def _new_namespace(self) -> dict[str, Any]:
        from mlpy.runtime.namespace import new_globals

        return new_globals("<repl>")

    def clear(self) -> None:
        """Forget every variable (``.clear``); grants and history stay."""
        with self._lock:
            self.globals = self._new_namespace()
            self._auto_underscore = True

    def _context(self, stdout: TextIO) -> ExecutionContext:
        """The session's one execution context, brought up to date for the next entry.

        One context for the whole session, so per-run state (log level, random seed, the ML
        modules already run) lasts from one entry to the next, as within one program.
        """
        ctx = self._ctx
        if ctx is None:
            from mlpy.engine.pipeline import new_context

            ctx = self._ctx = new_context(self.options, "<repl>", "")
            ctx.sources = self._sources
        ctx.stdout = stdout
        ctx.grants = self.grants
        ctx.limits = self.limits
        ctx.extension_paths = list(self.extension_paths)
        ctx.ml_module_paths = list(self.ml_module_paths)
        ctx.main_dir = self.main_dir
        return ctx

    @contextmanager
    def running(self, stream: TextIO | None = None) -> Iterator[ExecutionContext]:
        """Run what follows like an entry: one at a time, in the session's context (grants, paths,
        output); yields the context."""
        from mlpy.runtime.context import use

        target: TextIO = stream or self.output or sys.stdout
        with self._lock:
            ctx = self._context(target)
            with use(ctx):
                yield ctx

    # ------------------------------------------------------------------------------------------
    # notices (watch, slow-load warnings)
    # ------------------------------------------------------------------------------------------
    def notify(self, line: str) -> None:
        """Deliver a one-line notice to the front end, or queue it when there is none."""
        if self._notify_fn is not None:
            self._notify_fn(line)
        else:
            self._notices.append(line)

    def take_notices(self) -> list[str]:
        """The queued notices (and forget them)."""
        notices, self._notices = self._notices, []
        return notices

    # ------------------------------------------------------------------------------------------
    # entries
    # ------------------------------------------------------------------------------------------
    def is_incomplete(self, text: str) -> bool:
        """True while ``text`` needs more lines (decided by the parser, not by counting braces)."""
        if parse_command(text) is not None:
            return False
        from mlpy.language import is_incomplete

        return is_incomplete(text)

    def execute(self, text: str) -> ReplResult:
        """Run one entry (ML code or a dot-command) and return what to show."""
        command = parse_command(text)
        if command is not None:
            start = time.perf_counter()
            result = run_command(self, *command)
            result.elapsed_ms = (time.perf_counter() - start) * 1000.0
            return result
        if not text.strip():
            return ReplResult()
        if text.strip().rstrip(";").strip() in _EXIT_WORDS:
            return ReplResult(message=EXIT_HINT)
        if self.is_incomplete(text):
            return ReplResult(incomplete=True, success=False)
        return self.run_source(text)

    def run_source(self, source: str, filename: str | None = None, *, record: bool = True) -> ReplResult:
        """Compile ``source`` in REPL mode and run it in the session namespace."""
        capture = io.StringIO() if self.output is None else None
        result = ReplResult()
        with self._lock:
            self._entry_count += 1
            filename = filename or f"<repl-{self._entry_count}>"
            self._sources[filename] = source
            self.globals.pop(_RESULT_NAME, None)
            underscore = self.globals.get(_UNDERSCORE, _UNSET)
            runnable = source
            start = time.perf_counter()
            try:
                runnable = self._compile_and_run(source, filename, capture, result)
                if _RESULT_NAME in self.globals:
                    self._show_value(result, self.globals.pop(_RESULT_NAME), source)
            except MLError as error:
                result.error = error_text(error, filename, source, self.variable_names(), self.debug)
                result.success = False
            except KeyboardInterrupt:
                result.error = "KeyboardInterrupt: statement interrupted"
                result.success = False
            finally:
                result.elapsed_ms = (time.perf_counter() - start) * 1000.0
                if capture is not None:
                    result.output = capture.getvalue()
            self._update_underscore(underscore, result)
            if record:
                self.history.append(Entry(source, result.success, runnable))
        self.after_entry()
        return result

    def _show_value(self, result: ReplResult, value: Any, source: str) -> None:
        result.value, result.has_value = value, True
        if value is not None:
            result.echo = echo_text(value, source, self.width)

    def _update_underscore(self, before: Any, result: ReplResult) -> None:
        """``_`` holds the last non-null result, as in Python's and Node's REPLs, until the user
        binds ``_`` themselves (then it is theirs)."""
        if self.globals.get(_UNDERSCORE, _UNSET) is not before:
            self._auto_underscore = False
        if self._auto_underscore and result.success and result.value is not None:
            self.globals[_UNDERSCORE] = result.value

    def _compile(self, source: str, filename: str) -> tuple[Any, str]:
        """The compiled entry and the text it was compiled from (with a ``;`` added where the entry
        ended in an expression without one)."""
        from mlpy.compiler import CompileOptions, compile_source
        from mlpy.modules.checks import make_import_checker

        known = frozenset(self.variable_names(include_hidden=True))
        options = CompileOptions(repl=True, known_globals=known, count_steps=self.limits is not None,
                                 import_checker=make_import_checker(filename))
        try:
            return compile_source(source, filename, options), source
        except MLSyntaxError as error:
            # A REPL entry may end in an expression without its ';' (`x * 3`): retry with one.
            stripped = source.rstrip()
            if not stripped or stripped.endswith(";"):
                raise
            try:
                return compile_source(stripped + ";", filename, options), stripped + ";"
            except MLSyntaxError:
                raise error from None

    def _compile_and_run(self, source: str, filename: str, capture: TextIO | None, result: ReplResult) -> str:
        """Compile and execute inside the session's context (imports resolve against the session's
        paths at compile time and run once per session); the compiler's warnings go to ``result``.
        Returns the text that was compiled."""
        from mlpy.runtime.report import execute

        with self.running(capture) as ctx:
            try:
                program, compiled = self._compile(source, filename)
            except MLImportError as error:
                if not error.message.startswith("No module named"):
                    raise
                # A module file created during the session: rescan the paths once and retry.
                self.registry.invalidate_cache()
                program, compiled = self._compile(source, filename)
            result.warnings = [warning.format() for warning in program.warnings]
            if program.capability_requests and self._confirm_requests(program.capability_requests):
                ctx.grants = self.grants
            if self.limits is None:
                execute(program.code, self.globals, ctx)
                return compiled
            from mlpy.runtime.limits import bind_step, run_scope

            with run_scope(self.limits):
                bind_step(self.globals)
                execute(program.code, self.globals, ctx)
            return compiled

    def _confirm_requests(self, declarations: list[Any]) -> bool:
        """Ask the user about each grant a ``capability`` block requests that the session lacks.

        A declaration never grants by itself: only a confirmed request is added, exactly as
        ``.grant`` would. Returns True when something was granted.
        """
        from mlpy.runtime.capabilities import missing_requests, requests_from_decls

        granted = False
        for request in missing_requests(requests_from_decls(declarations), self.grants):
            if self.confirm(f"The program's {request}. Grant '{request.capability}' to this session?"):
                self.add_grant(request.capability)
                granted = True
        return granted

    # ------------------------------------------------------------------------------------------
    # introspection (.vars, completion)
    # ------------------------------------------------------------------------------------------
    def variable_names(self, include_hidden: bool = False) -> list[str]:
        """The ML names defined in the session (mangled Python keywords shown by their ML name)."""
        from mlpy.runtime.formatting import ml_name

        names = []
        for key in self.globals:
            if key.startswith("__") and not key.startswith("__kw_"):
                continue
            if key.startswith("_") and not include_hidden and not key.startswith("__kw_"):
                continue
            if key == _UNDERSCORE and not include_hidden:
                continue  # the last result, not a variable of the user's
            names.append(ml_name(key))
        return sorted(names)

    def lookup(self, name: str) -> Any:
        """The value of a session variable (KeyError when undefined)."""
        if name in self.globals and not name.startswith("__"):
            return self.globals[name]
        mangled = "__kw_" + name
        if mangled in self.globals:
            return self.globals[mangled]
        raise KeyError(name)

    def member_names(self, value: Any) -> list[str]:
        """What ML can reach with ``value.``: asked of the runtime's own member dispatcher."""
        from mlpy.runtime.members import member_names

        return member_names(value)

    def close(self) -> None:
        """Stop background work (the watcher thread) and detach from the registry's log."""
        self.stop_dev_tools()


__all__ = ["MLREPLSession"]
