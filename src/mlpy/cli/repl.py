"""The REPL core: ``MLREPLSession`` takes text and returns results and messages (SPEC §5, §6).

The session is UI-free on purpose: the prompt_toolkit front-end (``repl_terminal``), the plain line
front-end (``repl_basic``), the tests and any host application drive the same object. It owns one
ML namespace (state persists across entries), compiles each entry in REPL mode (the value of a final
expression statement is echoed in ML notation), runs it under the session's grants, and answers the
dot-commands. Development-mode commands delegate to the shared module registry and to
``mlpy.devmode`` (in-place reference update, file watching). Development mode has two levels
(``mlpy.devmode.modes``): ``.devmode`` / ``MLPY_DEV_MODE=1`` records timings and traces memory with
tracemalloc for ``.memreport`` (module loads then run several times slower); ``.devmode timings`` /
``MLPY_DEV_MODE=timings`` records timings only (< 2 % overhead) and ``.memreport`` shows deep sizes
and RSS without retained bytes.

``run_repl(...)`` is the entry point the ``mlpy repl`` command calls.
"""

from __future__ import annotations

import io
import logging
import os
import shlex
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mlpy.errors import MLError, MLImportError, MLSyntaxError

HELP_TEXT = """\
ML REPL — enter statements or expressions; an expression's value is echoed as `=> value`.
Input continues on the next line while a bracket, string or comment is open.

  .help                 this help
  .exit                 leave the REPL (Ctrl+D does too)
  .vars                 the variables of this session
  .clear                forget every variable
  .history              the entries of this session
  .load FILE            run an ML file in this session
  .save FILE            write this session's entries to FILE
  .modules              available modules (* = loaded)
  .modinfo NAME         details of one module
  .addpath DIR          add DIR to the extension and ML module paths
  .capabilities         the capabilities granted to this session
  .grant CAP            grant a capability (asks for confirmation), e.g. .grant read:/tmp
  .revoke CAP           withdraw a capability granted with .grant
  .time EXPR            run EXPR and show how long it took

Module development:
  .devmode [timings]    toggle development mode (timings + memory profiling);
                        "timings": timings only (no tracemalloc), "off": off
  .reload NAME          reload a module; old references run the new code
  .reloadall            reload every loaded module
  .refresh              rescan the module paths
  .perfmon              load-time performance summary (development mode)
  .memreport            memory used by each loaded module
  .watch [NAME ...]     reload modules automatically when their files change
  .unwatch              stop watching"""

DEV_MODE_ENV = "MLPY_DEV_MODE"
_RESULT_NAME = "__ml_result__"
_REGISTRY_LOGGER = "mlpy.modules"

Confirm = Callable[[str], bool]


def _deny_all(_question: str) -> bool:
    """The default confirmation callback: without a front-end to ask, nothing is granted."""
    return False


@dataclass
class ReplResult:
    """The outcome of one entry: an echoed value, printed output, an error or a command message."""

    echo: str | None = None
    """``=> 3`` when the entry ended in an expression with a non-null value."""
    value: Any = None
    has_value: bool = False
    output: str = ""
    """What the entry printed, when the session captures output (no ``output=`` stream given)."""
    error: str | None = None
    """The formatted error (``FILE:LINE:COL: KIND: message`` ...), when the entry failed."""
    message: str | None = None
    """The text a dot-command answered."""
    success: bool = True
    elapsed_ms: float = 0.0
    incomplete: bool = False
    """The text needs more lines (an open bracket, string or comment): nothing was run."""
    exit: bool = False
    """``.exit``: the front-end should end the session."""

    def display(self) -> str:
        """What a front-end prints after the entry (printed output is shown separately as it streams)."""
        parts = [p for p in (self.echo, self.message, self.error) if p]
        return "\n".join(parts)


@dataclass
class _Entry:
    source: str
    ok: bool


@dataclass
class _SessionState:
    history: list[_Entry] = field(default_factory=list)
    entry_count: int = 0


class MLREPLSession:
    """One interactive ML session: a persistent namespace, grants, history and dev-mode commands."""

    def __init__(self, security_enabled: bool = True, extension_paths: list[str] | None = None,
                 ml_module_paths: list[str] | None = None, capabilities: Any = None, *,
                 confirm: Confirm | None = None, output: TextIO | None = None,
                 notify: Callable[[str], None] | None = None, main_dir: str | None = None,
                 limits: Any = None) -> None:
        """``capabilities`` is a ``Grants`` or a list of grant strings (``"read:/data"``);
        ``confirm(question)`` is asked before ``.grant``; ``output`` receives printed text as it is
        written (default: captured into ``ReplResult.output``); ``notify(line)`` receives ``.watch``
        notices and slow-load warnings (default: queued, see :meth:`take_notices`); ``limits`` (a
        ``mlpy.runtime.limits.Limits``) applies to each entry: ``--timeout`` is per statement."""
        self.security_enabled = security_enabled
        self.limits = limits if limits is not None and limits.active() else None
        self.extension_paths = [str(p) for p in extension_paths or []]
        self.ml_module_paths = [str(p) for p in ml_module_paths or []]
        self.confirm = confirm or _deny_all
        self.output = output
        self.main_dir = main_dir or os.getcwd()
        self._notify_fn = notify
        self._notices: list[str] = []
        self._state = _SessionState()
        self._sources: dict[str, str] = {}
        self._ctx: Any = None
        self.auto_watch = False
        self._auto_watched: frozenset[str] = frozenset()
        self._lock = threading.RLock()
        self._base_grants = self._grants_from(capabilities)
        self._granted: list[str] = []
        self._registry: Any = None
        self._watcher: Any = None
        self.dev_mode = False
        self.globals: dict[str, Any] = self._new_namespace()
        from mlpy.runtime.importer import ImportSession

        self._import_session = ImportSession()
        """ML modules run once per REPL session: one import session kept across entries."""
        self._configure_registry()
        self._log_handler = _NoticeHandler(self.notify)
        from mlpy.devmode.modes import parse_env

        requested = parse_env(os.environ.get(DEV_MODE_ENV))  # 1/true/yes/on/memory, or "timings"
        if requested is not None:
            self.set_dev_mode(*requested.resolve(currently_on=False))

    # ------------------------------------------------------------------------------------------
    # set-up
    # ------------------------------------------------------------------------------------------
    def _grants_from(self, capabilities: Any) -> Any:
        from mlpy.runtime.capabilities import Grants

        if not self.security_enabled:
            return Grants.all()
        if capabilities is None:
            return Grants.none()
        if isinstance(capabilities, Grants):
            return capabilities
        return Grants.from_strings([str(c) for c in capabilities])

    @property
    def grants(self) -> Any:
        """The grants ML code of this session runs with: the start-up grants plus ``.grant``s."""
        from mlpy.runtime.capabilities import Grants

        if not self._granted:
            return self._base_grants
        return self._base_grants.merge(Grants.from_strings(self._granted))

    def _new_namespace(self) -> dict[str, Any]:
        from mlpy.runtime.namespace import new_globals

        return new_globals("<repl>")

    @property
    def registry(self) -> Any:
        """The process-wide module registry (sessions share it)."""
        if self._registry is None:
            from mlpy.stdlib.module_registry import get_registry

            self._registry = get_registry()
        return self._registry

    def _configure_registry(self) -> None:
        registry = self.registry
        if self.extension_paths:
            registry.add_extension_paths(self.extension_paths)
        if self.ml_module_paths:
            registry.add_ml_module_paths(self.ml_module_paths)
        _install_reload_listener(registry)

    def _context(self, stdout: TextIO) -> Any:
        """The session's one execution context, brought up to date for the next entry.

        One context for the whole session, so per-run state of the standard library (log level and
        files, random seed) lasts from one entry to the next, as within one program run.
        """
        from mlpy.runtime.context import ExecutionContext

        ctx = self._ctx
        if ctx is None:
            ctx = self._ctx = ExecutionContext(sources=self._sources)
        ctx.stdout = stdout
        ctx.grants = self.grants
        ctx.limits = self.limits
        ctx.extension_paths = list(self.extension_paths)
        ctx.ml_module_paths = list(self.ml_module_paths)
        ctx.main_dir = self.main_dir
        return ctx

    # ------------------------------------------------------------------------------------------
    # notices (watch, slow-load warnings)
    # ------------------------------------------------------------------------------------------
    def notify(self, line: str) -> None:
        """Deliver a one-line notice to the front-end, or queue it when there is none."""
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
        if _dot_command(text) is not None:
            return False
        from mlpy.language import is_incomplete

        return is_incomplete(text)

    def execute(self, text: str) -> ReplResult:
        """Run one entry (ML code or a dot-command) and return what to show."""
        command = _dot_command(text)
        if command is not None:
            name, arg = command
            start = time.perf_counter()
            result = self.run_command(name, arg)
            result.elapsed_ms = (time.perf_counter() - start) * 1000.0
            return result
        if not text.strip():
            return ReplResult()
        if self.is_incomplete(text):
            return ReplResult(incomplete=True, success=False)
        return self.run_source(text)

    def run_source(self, source: str, filename: str | None = None, *, record: bool = True) -> ReplResult:
        """Compile ``source`` in REPL mode and run it in the session namespace."""
        with self._lock:
            self._state.entry_count += 1
            filename = filename or f"<repl-{self._state.entry_count}>"
            capture = io.StringIO() if self.output is None else None
            stream: TextIO = capture if capture is not None else self.output  # type: ignore[assignment]
            self._sources[filename] = source
            self.globals.pop(_RESULT_NAME, None)
            result = ReplResult()
            start = time.perf_counter()
            try:
                self._compile_and_run(source, filename, stream)
            except MLError as error:
                _show_source_line(error, filename, source)
                result.error = error.format()
                result.success = False
            except KeyboardInterrupt:
                result.error = "KeyboardInterrupt: statement interrupted"
                result.success = False
            finally:
                result.elapsed_ms = (time.perf_counter() - start) * 1000.0
                if capture is not None:
                    result.output = capture.getvalue()
            if result.success and _RESULT_NAME in self.globals:
                value = self.globals.pop(_RESULT_NAME)
                result.value, result.has_value = value, True
                if value is not None:
                    result.echo = "=> " + _ml_repr(value)
            if record:
                self._state.history.append(_Entry(source, result.success))
        if self.auto_watch:
            self._refresh_auto_watch()
        return result

    def _compile(self, source: str, filename: str) -> Any:
        from mlpy.compiler import CompileOptions, compile_source
        from mlpy.runtime.importer import make_import_checker

        known = frozenset(self.variable_names(include_hidden=True))
        options = CompileOptions(repl=True, known_globals=known, count_steps=self.limits is not None,
                                 import_checker=make_import_checker(filename))
        try:
            return compile_source(source, filename, options)
        except MLSyntaxError:
            # A REPL entry may end in an expression without its ';' (`x * 3`): retry with one.
            stripped = source.rstrip()
            if not stripped or stripped.endswith(";"):
                raise
            error_info = sys.exc_info()[1]
            try:
                return compile_source(stripped + ";", filename, options)
            except MLSyntaxError:
                raise error_info from None

    def _compile_and_run(self, source: str, filename: str, stream: TextIO) -> None:
        """Compile and execute inside the session's context and import session (imports resolve
        against the session's paths at compile time and run once per session)."""
        from mlpy.runtime.context import use
        from mlpy.runtime.importer import use_session
        from mlpy.runtime.report import execute

        ctx = self._context(stream)
        with use(ctx), use_session(self._import_session):
            try:
                program = self._compile(source, filename)
            except MLImportError as error:
                if not error.message.startswith("No module named"):
                    raise
                # A module file created during the session: rescan the paths once and retry.
                self.registry.invalidate_cache()
                program = self._compile(source, filename)
            if program.capability_requests and self._confirm_requests(program.capability_requests):
                ctx.grants = self.grants
            if self.limits is None:
                execute(program.code, self.globals, ctx)
                return
            from mlpy.runtime.limits import bind_step, run_scope

            with run_scope(self.limits):
                bind_step(self.globals)
                execute(program.code, self.globals, ctx)

    def _confirm_requests(self, declarations: list[Any]) -> bool:
        """Ask the user about each grant a ``capability`` block requests that the session lacks.

        A declaration never grants by itself (SPEC §4): only a confirmed request is added, exactly
        as ``.grant`` would. Returns True when something was granted.
        """
        from mlpy.runtime.capabilities import missing_requests, requests_from_decls

        granted = False
        for request in missing_requests(requests_from_decls(declarations), self.grants):
            if self.confirm(f"The program's {request}. Grant '{request.capability}' to this session?"):
                if request.capability not in self._granted:
                    self._granted.append(request.capability)
                granted = True
        return granted

    # ------------------------------------------------------------------------------------------
    # introspection used by .vars and completion
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
        """What ML can reach with ``value.`` (keys of objects, module members, allow-listed methods)."""
        from mlpy.runtime.values import MLValue

        if isinstance(value, dict):
            return sorted(str(k) for k in value if isinstance(k, str))
        if isinstance(value, MLValue):
            return [n for n in value._ml_member_names() if not n.startswith("_")]
        if isinstance(value, str):
            return sorted(_STRING_METHODS)
        if isinstance(value, list):
            return sorted(_ARRAY_METHODS)
        from mlpy.stdlib.decorators import class_info_of

        info = class_info_of(value)
        if info is not None:
            public = {n for n in dir(type(value)) if not n.startswith("_") and callable(getattr(value, n, None))}
            return sorted(public | set(info.attributes))
        return []

    # ------------------------------------------------------------------------------------------
    # dot-commands
    # ------------------------------------------------------------------------------------------
    def run_command(self, name: str, arg: str) -> ReplResult:
        """Answer one dot-command (``name`` without the dot)."""
        handler = _COMMANDS.get(name)
        if handler is None:
            return ReplResult(success=False,
                              message=f"Unknown command '.{name}'. Type .help for the list of commands.")
        outcome = handler(self, arg)
        if isinstance(outcome, ReplResult):
            return outcome
        success, message = outcome
        return ReplResult(success=success, message=message)

    def _cmd_help(self, _arg: str) -> tuple[bool, str]:
        return True, HELP_TEXT

    def _cmd_exit(self, _arg: str) -> ReplResult:
        self.unwatch()
        return ReplResult(exit=True, message="Goodbye")

    def _cmd_vars(self, _arg: str) -> tuple[bool, str]:
        names = self.variable_names()
        if not names:
            return True, "No variables defined"
        lines = ["Variables:"]
        for name in names:
            value = self.lookup(name)
            lines.append(f"  {name} = {_short_repr(value)}")
        return True, "\n".join(lines)

    def _cmd_clear(self, _arg: str) -> tuple[bool, str]:
        with self._lock:
            self.globals = self._new_namespace()
        return True, "Session cleared: all variables removed"

    def _cmd_history(self, _arg: str) -> tuple[bool, str]:
        if not self._state.history:
            return True, "No history yet"
        lines = []
        for number, entry in enumerate(self._state.history, 1):
            marker = " " if entry.ok else "✗"
            text = entry.source.rstrip("\n").replace("\n", "\n      ")
            lines.append(f"{number:>3}{marker} {text}")
        return True, "\n".join(lines)

    def _cmd_load(self, arg: str) -> ReplResult | tuple[bool, str]:
        path = _one_argument(arg)
        if not path:
            return False, "Usage: .load FILE"
        try:
            source = Path(path).expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            return False, f"Cannot read {path}: {exc.strerror or exc}"
        result = self.run_source(source, filename=path)
        if result.success:
            result.message = f"Loaded {path}"
        return result

    def _cmd_save(self, arg: str) -> tuple[bool, str]:
        path = _one_argument(arg)
        if not path:
            return False, "Usage: .save FILE"
        entries = [e.source.rstrip("\n") for e in self._state.history if e.ok]
        try:
            Path(path).expanduser().write_text("\n".join(entries) + ("\n" if entries else ""), encoding="utf-8")
        except OSError as exc:
            return False, f"Cannot write {path}: {exc.strerror or exc}"
        return True, f"Saved {len(entries)} entries to {path}"

    def _cmd_modules(self, _arg: str) -> tuple[bool, str]:
        names = sorted(self.registry.get_all_module_names())
        if not names:
            return True, "No modules available"
        loaded = set(self.loaded_modules())
        lines = [f"Available modules ({len(names)}, * = loaded):"]
        lines += [f"  {'*' if n in loaded else ' '} {n}" for n in names]
        return True, "\n".join(lines)

    def _cmd_modinfo(self, arg: str) -> tuple[bool, str]:
        name = _one_argument(arg)
        if not name:
            return False, "Usage: .modinfo NAME"
        info = self.registry.get_module_info(name)
        if info is None:
            return False, _not_found(name)
        lines = [f"Module: {name}"]
        for key, value in info.items():
            if key == "name" or value in ("", None):
                continue
            if isinstance(value, (list, tuple, set)):
                value = ", ".join(map(str, value)) if value else "(none)"
            elif isinstance(value, dict):
                value = ", ".join(map(str, value)) if value else "(none)"
            lines.append(f"  {key}: {value}")
        return True, "\n".join(lines)

    def _cmd_addpath(self, arg: str) -> tuple[bool, str]:
        directory = _one_argument(arg)
        if not directory:
            return False, "Usage: .addpath DIR"
        path = Path(directory).expanduser().resolve()
        if not path.is_dir():
            return False, f"Not a directory: {directory}"
        text = str(path)
        if text not in self.extension_paths:
            self.extension_paths.append(text)
        if text not in self.ml_module_paths:
            self.ml_module_paths.append(text)
        self.registry.add_extension_paths([text])
        self.registry.add_ml_module_paths([text])
        return True, f"Added {text} to the extension and ML module paths"

    def _cmd_capabilities(self, _arg: str) -> tuple[bool, str]:
        described = self.grants.describe()
        if not described:
            return True, "No capabilities granted (use .grant CAP, e.g. .grant read:/tmp)"
        return True, "Granted capabilities:\n" + "\n".join(f"  {d}" for d in described)

    def _cmd_grant(self, arg: str) -> tuple[bool, str]:
        capability = _one_argument(arg)
        if not capability:
            return False, "Usage: .grant CAP   (e.g. .grant read:/tmp, .grant net:example.com)"
        from mlpy.runtime.capabilities import Grants

        try:
            Grants.from_strings([capability])
        except ValueError as exc:
            return False, f"Invalid capability '{capability}': {exc}"
        if not self.confirm(f"Grant capability '{capability}' to this session?"):
            return False, f"Capability '{capability}' not granted"
        if capability not in self._granted:
            self._granted.append(capability)
        return True, f"Granted capability: {capability}"

    def _cmd_revoke(self, arg: str) -> tuple[bool, str]:
        capability = _one_argument(arg)
        if not capability:
            return False, "Usage: .revoke CAP"
        if capability not in self._granted:
            return False, f"Capability '{capability}' was not granted with .grant"
        self._granted.remove(capability)
        return True, f"Revoked capability: {capability}"

    def _cmd_time(self, arg: str) -> ReplResult | tuple[bool, str]:
        if not arg.strip():
            return False, "Usage: .time EXPR"
        result = self.run_source(arg)
        result.message = f"Time: {result.elapsed_ms:.3f} ms"
        return result

    def _cmd_devmode(self, arg: str) -> tuple[bool, str]:
        return self.toggle_dev_mode(arg)

    def _cmd_reload(self, arg: str) -> tuple[bool, str]:
        return self.reload_module(_one_argument(arg))

    def _cmd_reloadall(self, _arg: str) -> tuple[bool, str]:
        return self.reload_all_modules()

    def _cmd_refresh(self, _arg: str) -> tuple[bool, str]:
        return self.refresh_modules()

    def _cmd_perfmon(self, _arg: str) -> tuple[bool, str]:
        return self.get_performance_summary()

    def _cmd_memreport(self, _arg: str) -> tuple[bool, str]:
        return self.get_memory_report()

    def _cmd_watch(self, arg: str) -> tuple[bool, str]:
        return self.watch(arg.split())

    def _cmd_unwatch(self, _arg: str) -> tuple[bool, str]:
        return self.unwatch()

    # ------------------------------------------------------------------------------------------
    # development mode (SPEC §5): each returns (success, message)
    # ------------------------------------------------------------------------------------------
    def set_dev_mode(self, enabled: bool, trace_memory: bool = True) -> None:
        """Switch the registry's performance mode on or off (``trace_memory``: also tracemalloc,
        see ``mlpy.devmode.modes``); while it is on, the registry's warnings (``Slow module
        load: ...``) are shown as notices."""
        logger = logging.getLogger(_REGISTRY_LOGGER)
        if enabled:
            self.registry.enable_performance_mode(trace_memory=trace_memory)
            logger.addHandler(self._log_handler)
        else:
            self.registry.disable_performance_mode()
            logger.removeHandler(self._log_handler)
        self.dev_mode = enabled

    def toggle_dev_mode(self, mode: str = "") -> tuple[bool, str]:
        """``.devmode [timings|memory|off]``: (True, "... ENABLED ...") when switched on, (False,
        "... DISABLED ...") off; no argument toggles (on = timings + memory profiling)."""
        from mlpy.devmode import messages
        from mlpy.devmode.modes import USAGE, parse_command

        request = parse_command(mode)
        if request is None:
            return False, USAGE
        enabled, trace_memory = request.resolve(self.dev_mode)
        self.set_dev_mode(enabled, trace_memory)
        if not enabled:
            return False, messages.DEV_MODE_DISABLED
        return True, messages.DEV_MODE_ENABLED if trace_memory else messages.DEV_MODE_ENABLED_TIMINGS

    def loaded_modules(self) -> list[str]:
        """Names of the modules loaded in this process."""
        registry = self.registry
        for attr in ("get_loaded_module_names", "loaded_module_names"):
            getter = getattr(registry, attr, None)
            if callable(getter):
                return sorted(getter())
        return []

    def reload_module(self, name: str) -> tuple[bool, str]:
        """``.reload NAME``: reload one module; old references run the new code."""
        from mlpy.devmode import messages

        if not name:
            return False, messages.RELOAD_USAGE
        if not self.registry.is_available(name):
            return False, messages.module_not_found(name)
        with self._module_operation():
            start = time.perf_counter()
            ok = self.registry.reload_module(name)
            elapsed = (time.perf_counter() - start) * 1000.0
        if ok:
            return True, messages.reload_ok(name, elapsed)
        return False, messages.reload_failed(name, self._reload_error_text(name))

    @contextmanager
    def _module_operation(self) -> Iterator[None]:
        """Reloads run like entries: one at a time, with the session's grants, paths and output
        (a module's top level may print or need a capability when it runs again)."""
        from mlpy.runtime.context import use
        from mlpy.runtime.importer import use_session

        stream: TextIO = self.output if self.output is not None else sys.stdout
        with self._lock, use(self._context(stream)), use_session(self._import_session):
            yield

    def _reload_error_text(self, name: str) -> str:
        error = self.registry.get_reload_error(name)
        if error is None:
            return f"module '{name}' could not be reloaded (the old version stays live)"
        return error.format()

    def reload_all_modules(self) -> tuple[bool, str]:
        """``.reloadall``: ``Reloaded k/n modules`` or ``No modules currently loaded``."""
        from mlpy.devmode import messages

        with self._module_operation():
            results = self.registry.reload_all_modules()
        return messages.reload_all(results)

    def refresh_modules(self) -> tuple[bool, str]:
        """``.refresh``: rescan the paths; ``Refreshed module list`` with ``Total modules: N``."""
        from mlpy.devmode import messages

        with self._module_operation():
            report = self.registry.refresh_all()
        return True, messages.refresh(report)

    def get_performance_summary(self) -> tuple[bool, str]:
        """``.perfmon``: the performance table, or a hint to enable development mode."""
        from mlpy.devmode import messages

        if not self.dev_mode:
            return False, messages.PERF_NOT_ENABLED
        return True, messages.performance_summary(self.registry.get_performance_summary())

    def get_memory_report(self) -> tuple[bool, str]:
        """``.memreport``: ``Memory Report`` per loaded module, or ``No modules currently loaded``."""
        from mlpy.devmode import messages

        return messages.memory_report(self.registry.get_memory_report())

    def module_file(self, name: str) -> str | None:
        """The source file of a module (for watching), from the registry's module info."""
        info = self.registry.get_module_info(name) or {}
        for key in ("file", "path", "file_path", "source_file", "filename", "source"):
            value = info.get(key)
            if isinstance(value, str) and Path(value).is_file():
                return value
        return None

    def watch(self, names: list[str] | None = None) -> tuple[bool, str]:
        """``.watch [NAME ...]``: reload the modules automatically when their files change.

        Without names every loaded module with a source file is watched.
        """
        from mlpy.devmode import messages
        from mlpy.devmode.watch import ModuleWatcher

        wanted = list(names or []) or self.loaded_modules()
        if not wanted:
            return False, messages.NO_MODULES_LOADED
        files: dict[str, str] = {}
        for name in wanted:
            if not self.registry.is_available(name):
                return False, messages.module_not_found(name)
            path = self.module_file(name)
            if path is None:
                if names:
                    return False, f"Module '{name}' has no source file to watch"
                continue
            files[name] = path
        if not files:
            return False, "No module files to watch"
        if self._watcher is None:
            self._watcher = ModuleWatcher(self._watch_reload, self.notify)
        self._watcher.start(files)
        lines = [f"Watching {len(files)} module{'s' if len(files) != 1 else ''} for changes:"]
        lines += [f"  {name}: {path}" for name, path in sorted(files.items())]
        return True, "\n".join(lines)

    def start_auto_watch(self) -> None:
        """``mlpy repl --watch``: watch every module, including those loaded later."""
        self.auto_watch = True
        self._refresh_auto_watch()

    def _refresh_auto_watch(self) -> None:
        loaded = frozenset(self.loaded_modules())
        if loaded and loaded != self._auto_watched:
            self._auto_watched = loaded
            self.watch([])

    def _watch_reload(self, name: str) -> str:
        from mlpy.devmode import messages

        with self._module_operation():
            start = time.perf_counter()
            ok = self.registry.reload_module(name)
            elapsed = (time.perf_counter() - start) * 1000.0
        if ok:
            return messages.watch_notice_ok(name, elapsed)
        return messages.watch_notice_failed(name, self._reload_error_text(name))

    def unwatch(self) -> tuple[bool, str]:
        """``.unwatch``: stop watching."""
        if self._watcher is None or not self._watcher.running:
            return False, "Not watching any modules"
        self._watcher.stop()
        return True, "Stopped watching modules"

    def close(self) -> None:
        """Stop background work (the watcher thread) and detach from the registry's log."""
        if self._watcher is not None:
            self._watcher.stop()
        logging.getLogger(_REGISTRY_LOGGER).removeHandler(self._log_handler)


class _NoticeHandler(logging.Handler):
    """Shows the registry's warnings (``Slow module load: ...``) as REPL notices."""

    def __init__(self, notify: Callable[[str], None]) -> None:
        super().__init__(level=logging.WARNING)
        self._notify = notify

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._notify("⚠ " + record.getMessage())
        except Exception:  # noqa: BLE001 - logging must never break the session
            self.handleError(record)


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
_COMMANDS: dict[str, Callable[[MLREPLSession, str], Any]] = {
    name[5:]: func for name, func in vars(MLREPLSession).items() if name.startswith("_cmd_")
}
COMMAND_NAMES: tuple[str, ...] = tuple(sorted("." + name for name in _COMMANDS))
"""Every dot-command, for completion and help."""

_STRING_METHODS = frozenset(
    """upper lower strip lstrip rstrip replace split join startswith endswith find rfind index count
    isdigit isalpha isalnum isspace isupper islower capitalize title center ljust rjust zfill
    splitlines length""".split()
)
_ARRAY_METHODS = frozenset("append extend insert remove pop index count sort reverse clear copy length".split())

_LISTENER_LOCK = threading.Lock()
_LISTENER_REGISTRIES: weakref.WeakSet[Any] = weakref.WeakSet()


def _install_reload_listener(registry: Any) -> None:
    """Register ``devmode.reload.update_references`` with a registry once (sessions share it)."""
    with _LISTENER_LOCK:
        if registry in _LISTENER_REGISTRIES:
            return
        from mlpy.devmode.reload import update_references

        registry.add_reload_listener(update_references)
        _LISTENER_REGISTRIES.add(registry)


def _dot_command(text: str) -> tuple[str, str] | None:
    """``(name, argument)`` when ``text`` is a dot-command (``.reload greet``), else None.

    ML code never starts with a dot followed by a letter (``.5`` is a number), so this is unambiguous.
    """
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] != "." or not stripped[1].isalpha():
        return None
    name, _, arg = stripped[1:].partition(" ")
    if not name.isalnum():
        return None
    return name.lower(), arg.strip()


def _one_argument(arg: str) -> str:
    """The single (possibly quoted) argument of a command."""
    arg = arg.strip()
    if not arg:
        return ""
    try:
        parts = shlex.split(arg)
    except ValueError:
        return arg
    return parts[0] if len(parts) == 1 else arg


def _not_found(name: str) -> str:
    from mlpy.devmode.messages import module_not_found

    return module_not_found(name)


def _show_source_line(error: MLError, filename: str, source: str) -> None:
    """Show the entry's line as typed (not with the ';' a retry may have added)."""
    if error.filename == filename and error.line is not None:
        lines = source.splitlines()
        if 1 <= error.line <= len(lines):
            error.source_line = lines[error.line - 1]


def _ml_repr(value: Any) -> str:
    from mlpy.runtime.formatting import ml_repr

    return ml_repr(value)


def _short_repr(value: Any, limit: int = 70) -> str:
    text = _ml_repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def run_repl(*, basic: bool = False, watch: bool = False, extension_paths: list[str] | None = None,
             ml_module_paths: list[str] | None = None, grants: Any = None,
             security_enabled: bool = True, stdin: TextIO | None = None,
             stdout: TextIO | None = None, limits: Any = None) -> int:
    """The ``mlpy repl`` entry point: pick the front-end and run it; returns the exit code.

    The prompt_toolkit front-end is used when stdin is a terminal and ``basic`` is false; the plain
    line front-end otherwise. ``watch`` starts watching every module as soon as it is loaded.
    """
    in_stream = stdin or sys.stdin
    use_terminal = not basic and in_stream.isatty() and (stdout or sys.stdout).isatty()
    if use_terminal:
        from mlpy.cli.repl_terminal import run_terminal

        return run_terminal(extension_paths=extension_paths, ml_module_paths=ml_module_paths,
                            grants=grants, watch=watch, security_enabled=security_enabled,
                            limits=limits)
    from mlpy.cli.repl_basic import run_basic

    return run_basic(extension_paths=extension_paths, ml_module_paths=ml_module_paths, grants=grants,
                     watch=watch, security_enabled=security_enabled, stdin=in_stream,
                     stdout=stdout or sys.stdout, limits=limits)


__all__ = ["COMMAND_NAMES", "HELP_TEXT", "MLREPLSession", "ReplResult", "run_repl"]
