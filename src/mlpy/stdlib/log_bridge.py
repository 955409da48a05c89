"""The ML ``log`` module: levelled log messages to the console and, with the write grant, to files.

Levels, lowest first: ``debug``, ``info``, ``warn``, ``error``, ``critical``; messages below the
current level (default ``info``) are dropped. Formats: ``text`` (default)::

    [2026-01-02 03:04:05] INFO [name]: message {"key": 1}

(the timestamp only while ``set_timestamp(true)``, the default; ``[name]`` only for a named logger;
the data object as JSON) and ``json``, one object per line with ``timestamp``, ``level``, ``logger``,
``message`` and ``data``.

Console output goes to the run's error stream (the host's ``stderr``, ``sys.stderr`` by default:
diagnostics, kept apart from the program's printed output) and counts against ``--max-output``.
``add_file(path)`` needs the write grant for the resolved path; since the module instance outlives a
single run, each later write checks again and silently skips files the *current* run may not write.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from typing import Any

from mlpy.modules.bridge_support import allowed, expect_bool, expect_dict, expect_str, require_path, run_state
from mlpy.modules.decorators import ml_class, ml_function, ml_module
from mlpy.runtime.context import current

_LEVELS = {"debug": 10, "info": 20, "warn": 30, "warning": 30, "error": 40, "critical": 50}
_LABELS = {10: "DEBUG", 20: "INFO", 30: "WARN", 40: "ERROR", 50: "CRITICAL"}
_FORMATS = ("text", "json")
_WRITE = ["log.write"]
_MAX_FILES = 16


class _LogState:
    """The settings and targets of one logger (the module's own, or a Logger's)."""

    __slots__ = ("name", "level", "format", "timestamp", "files")

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.level = 20
        self.format = "text"
        self.timestamp = True
        self.files: list[str] = []

    def set_level(self, function: str, level: Any) -> None:
        text = expect_str(function, "level", level).lower()
        if text not in _LEVELS:
            raise ValueError(f"{function}: unknown level '{level}' (use debug, info, warn, error or critical)")
        self.level = _LEVELS[text]

    def set_format(self, function: str, format_type: Any) -> None:
        text = expect_str(function, "format_type", format_type).lower()
        if text not in _FORMATS:
            raise ValueError(f"{function}: unknown format '{format_type}' (use text or json)")
        self.format = text

    def add_file(self, function: str, file_path: Any) -> None:
        resolved = require_path("write", file_path, function, "file_path")
        if resolved not in self.files:
            if len(self.files) >= _MAX_FILES:
                raise ValueError(f"{function}: at most {_MAX_FILES} log files")
            self.files.append(resolved)

    def emit(self, function: str, level: int, message: Any, data: Any) -> None:
        if level < self.level:
            return
        extra = None if data is None else expect_dict(function, "data", data)
        text = message if isinstance(message, str) else _ml_text(message)
        if extra:
            # json.dumps below is one C call: refuse a value that shares its arrays so often that
            # writing it out would never end (checked in time linear in its distinct containers).
            from mlpy.runtime.guards import check_expanded_size  # noqa: PLC0415 - cheap, lazy

            check_expanded_size(extra, function)
        line = self._render(level, text, extra)
        current().stderr.write(line + "\n")
        for path in self.files:
            if not allowed("write", path):
                continue
            try:
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
            except OSError:
                continue

    def _render(self, level: int, message: str, data: dict[str, Any] | None) -> str:
        stamp = _dt.datetime.now().isoformat(sep=" ", timespec="seconds") if self.timestamp else None
        if self.format == "json":
            record: dict[str, Any] = {}
            if stamp is not None:
                record["timestamp"] = stamp
            record["level"] = _LABELS[level]
            if self.name:
                record["logger"] = self.name
            record["message"] = message
            if data is not None:
                record["data"] = data
            return _json.dumps(record, ensure_ascii=False, default=_ml_text)
        parts = [f"[{stamp}]"] if stamp is not None else []
        parts.append(_LABELS[level] + (f" [{self.name}]:" if self.name else ":"))
        parts.append(message)
        if data:
            parts.append(_json.dumps(data, ensure_ascii=False, default=_ml_text))
        return " ".join(parts)


def _ml_text(value: Any) -> str:
    """ML-style text for values JSON cannot show (functions, class instances)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    # ML notation for everything else: never the Python class name of a runtime object.
    from mlpy.runtime.formatting import ml_str  # noqa: PLC0415 - only for unusual values

    if isinstance(value, int | float | str | list | dict):
        if isinstance(value, list | dict):  # json.dumps is one C call: bound the traversal first
            from mlpy.runtime.guards import check_expanded_size  # noqa: PLC0415 - cheap, lazy

            check_expanded_size(value, "log")
        return _json.dumps(value, ensure_ascii=False, default=ml_str)
    return ml_str(value)


@ml_class(name="Logger", description="A named logger with its own level, format and files")
class Logger:
    """A named logger; its settings are independent of the module's."""

    __slots__ = ("_state",)

    def __init__(self, name: str) -> None:
        self._state = _LogState(name)

    def debug(self, message: Any, data: Any = None) -> None:
        """Log at debug level."""
        self._state.emit("Logger.debug", 10, message, data)

    def info(self, message: Any, data: Any = None) -> None:
        """Log at info level."""
        self._state.emit("Logger.info", 20, message, data)

    def warn(self, message: Any, data: Any = None) -> None:
        """Log at warn level."""
        self._state.emit("Logger.warn", 30, message, data)

    def error(self, message: Any, data: Any = None) -> None:
        """Log at error level."""
        self._state.emit("Logger.error", 40, message, data)

    def critical(self, message: Any, data: Any = None) -> None:
        """Log at critical level."""
        self._state.emit("Logger.critical", 50, message, data)

    def is_debug(self) -> bool:
        """Whether debug messages are shown."""
        return self._state.level <= 10

    def set_level(self, level: Any) -> None:
        """debug, info, warn, error or critical."""
        self._state.set_level("Logger.set_level", level)

    def add_file(self, file_path: Any) -> None:
        """Also append messages to a file (needs the write grant)."""
        self._state.add_file("Logger.add_file", file_path)

    def set_format(self, format_type: Any) -> None:
        """text or json."""
        self._state.set_format("Logger.set_format", format_type)

    def set_timestamp(self, enabled: Any) -> None:
        """Whether lines start with a timestamp."""
        self._state.timestamp = expect_bool("Logger.set_timestamp", "enabled", enabled)


@ml_module(
    name="log",
    description="Levelled logging to the console and files",
    capabilities=["log.write", "file.write"],
    version="1.0.0",
)
class Log:
    """Structured logging with levels, text/JSON formats and optional log files."""

    @property
    def _state(self) -> _LogState:
        """This run's settings and files: the module instance is shared by every run in the
        process, so one tenant's level, format or ``add_file`` must not reach another's run."""
        return run_state(self, lambda: _LogState(None))

    @ml_function(description="Log at debug level", capabilities=_WRITE)
    def debug(self, message: str, data: dict | None = None) -> None:
        self._state.emit("log.debug", 10, message, data)

    @ml_function(description="Log at info level", capabilities=_WRITE)
    def info(self, message: str, data: dict | None = None) -> None:
        self._state.emit("log.info", 20, message, data)

    @ml_function(description="Log at warn level", capabilities=_WRITE)
    def warn(self, message: str, data: dict | None = None) -> None:
        self._state.emit("log.warn", 30, message, data)

    @ml_function(description="Log at error level", capabilities=_WRITE)
    def error(self, message: str, data: dict | None = None) -> None:
        self._state.emit("log.error", 40, message, data)

    @ml_function(description="Log at critical level", capabilities=_WRITE)
    def critical(self, message: str, data: dict | None = None) -> None:
        self._state.emit("log.critical", 50, message, data)

    @ml_function(description="Set the lowest level shown: debug, info, warn, error, critical",
                 capabilities=_WRITE)
    def set_level(self, level: str) -> None:
        self._state.set_level("log.set_level", level)

    @ml_function(description="Set the output format: text or json", capabilities=_WRITE)
    def set_format(self, format_type: str) -> None:
        self._state.set_format("log.set_format", format_type)

    @ml_function(description="Also append messages to a file (needs the write grant)",
                 capabilities=["log.write", "file.write"])
    def add_file(self, file_path: str) -> None:
        self._state.add_file("log.add_file", file_path)

    @ml_function(description="Turn timestamps on or off", capabilities=_WRITE)
    def set_timestamp(self, enabled: bool) -> None:
        self._state.timestamp = expect_bool("log.set_timestamp", "enabled", enabled)

    @ml_function(description="Whether debug messages are shown", capabilities=[])
    def is_debug(self) -> bool:
        return self._state.level <= 10

    @ml_function(description="A named logger with its own settings", capabilities=[])
    def create_logger(self, name: str) -> Logger:
        return Logger(expect_str("log.create_logger", "name", name))


log = Log()
