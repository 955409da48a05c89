"""ML error objects, the exception that carries them, and the ML wording of Python's exceptions.

An ML ``except (e)`` binds an ``MLErrorObject`` (``typeof`` ``"error"``): fields ``type``, ``message``,
``line`` plus every field of a thrown object (docs/language/errors.md). ``throw v;`` raises ``MLThrown`` holding
one. Errors the runtime itself detects (unknown member, bad ``int()`` input...) are raised the same
way through ``ml_error``. Python exceptions raised by plain operations in generated code (``1 / 0``,
``a[9]``, ``"a" - 1``) are converted by ``error_from_exception`` with ML wording.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

from mlpy.errors import MLError, MLLimitError, MLTimeoutError, is_fatal
from mlpy.runtime.formatting import ml_str, typeof, with_article
from mlpy.runtime.values import MLValue


class MLErrorObject(MLValue):
    """What ``except (e)`` binds: a bag of fields; ``e.x`` reads a field (null when absent)."""

    __slots__ = ("fields", "_origin_tb")

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self._origin_tb: TracebackType | None = None
        """Where the error was first raised: ``throw e;`` rethrows it from there, unchanged."""

    @property
    def type(self) -> str:
        """The ``type`` field (``"TypeError"``...), used by typed ``except`` clauses."""
        value = self.fields.get("type")
        return value if isinstance(value, str) else ml_str(value)

    @property
    def message(self) -> str:
        """The ``message`` field as text."""
        return ml_str(self.fields.get("message", ""))

    def _ml_typeof(self) -> str:
        return "error"

    def _ml_get_member(self, name: str) -> Any:
        return self.fields.get(name)

    def _ml_set_member(self, name: str, value: Any) -> None:
        self.fields[name] = value

    def _ml_member_names(self) -> list[str]:
        return [name for name in self.fields if isinstance(name, str) and not name.startswith("_")]

    def _ml_str(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"MLErrorObject({self.fields!r})"


class MLThrown(Exception):
    """The Python exception that carries a catchable ML error object through generated code."""

    def __init__(self, error: MLErrorObject) -> None:
        super().__init__(error.message)
        self.error = error

    def __str__(self) -> str:
        return f"{self.error.type}: {self.error.message}"


def new_error(error_type: str, message: str, line: int | None = None, **extra: Any) -> MLErrorObject:
    """An error object with the standard fields first, then ``extra``."""
    fields: dict[str, Any] = {"type": error_type, "message": message, "line": line}
    fields.update(extra)
    return MLErrorObject(fields)


def ml_error(error_type: str, message: str, **extra: Any) -> MLThrown:
    """The exception to ``raise`` for an ML runtime error detected by the runtime itself."""
    return MLThrown(new_error(error_type, message, **extra))


def ml_type_error(message: str) -> MLThrown:
    """Shorthand for ``ml_error("TypeError", message)``."""
    return MLThrown(new_error("TypeError", message))


def ml_value_error(message: str) -> MLThrown:
    """Shorthand for ``ml_error("ValueError", message)``."""
    return MLThrown(new_error("ValueError", message))


def throw(value: Any) -> MLThrown:
    """``throw value;``: build the exception that generated code raises.

    The ``line`` field is filled from the traceback when the error is caught or reported.
    """
    if isinstance(value, MLErrorObject):
        thrown = MLThrown(value)
        return thrown.with_traceback(value._origin_tb) if value._origin_tb is not None else thrown
    if isinstance(value, dict):
        fields: dict[str, Any] = {"type": "Error", "message": "", "line": None}
        fields.update(value)
        return MLThrown(MLErrorObject(fields))
    return MLThrown(new_error("Error", ml_str(value), None, value=value))


# --- converting Python exceptions -------------------------------------------------------------

_PY_TYPE_WORDS = {
    "int": "number",
    "float": "number",
    "complex": "number",
    "str": "string",
    "bool": "boolean",
    "NoneType": "null",
    "list": "array",
    "tuple": "array",
    "dict": "object",
    "function": "function",
    "builtin_function_or_method": "function",
    "method": "function",
    "MLBoundMethod": "function",
    "MLErrorObject": "error",
    "MLIterator": "iterator",
    "ModuleObject": "module",
    "ExtensionModule": "module",
    "MLModule": "module",
    "PackageModule": "module",
    "MLBuiltinModule": "module",
}

_OPERATOR_VERBS = {
    "+": "add",
    "-": "subtract",
    "*": "multiply",
    "/": "divide",
    "//": "floor-divide",
    "%": "take the remainder of",
    "**": "raise",
    "+=": "add",
    "-=": "subtract",
    "*=": "multiply",
    "/=": "divide",
    "//=": "floor-divide",
    "%=": "take the remainder of",
    "unary -": "negate",
    "unary +": "apply unary + to",
}


def _word(python_type_name: str) -> str:
    return _PY_TYPE_WORDS.get(python_type_name, python_type_name)


def _binary(m: re.Match[str]) -> str:
    op, left, right = m.group(1), _word(m.group(2)), _word(m.group(3))
    verb = _OPERATOR_VERBS.get(op, f"apply '{op}' to")
    if op in ("+", "+=") and "string" in (left, right):
        return f"cannot add {left} and {right}; use str() to convert the {right if left == 'string' else left}"
    return f"cannot {verb} {left} and {right}"


def _concat(m: re.Match[str]) -> str:
    left, right = _word(m.group(1)), _word(m.group(2))
    if left == "string":
        return f"cannot add string and {right}; use str() to convert the {right}"
    return f"cannot add {left} and {right}"


def _unary(m: re.Match[str]) -> str:
    return f"cannot {_OPERATOR_VERBS.get(m.group(1), 'negate')} {_word(m.group(2))}"


def _no_item_assignment(m: re.Match[str]) -> str:
    word = _word(m.group(1))
    if word == "string":
        return "strings cannot be changed in place; build a new string instead"
    return f"a {word} does not support index assignment"


def _bad_string_index(m: re.Match[str]) -> str:
    return "string index must be a whole number" + (f", not {_word(m.group(1))}" if m.group(1) else "")


def _arguments(m: re.Match[str]) -> str:
    from mlpy.runtime.formatting import ml_name

    detail = m.group(2).replace(" positional", "").replace(" keyword-only", "")
    return f"{ml_name(m.group(1))}() {detail}"


_Rewording = str | Callable[[re.Match[str]], str]

_TYPE_ERROR_PATTERNS: list[tuple[str, _Rewording]] = [
    (r"^unsupported operand type\(s\) for (\S+): '(\w+)' and '(\w+)'$", _binary),
    (r'^can only concatenate (\w+) \(not "(\w+)"\) to \w+$', _concat),
    (r"^bad operand type for (unary [-+~]): '(\w+)'$", _unary),
    (r"^'(\S+)' not supported between instances of '(\w+)' and '(\w+)'$",
     "cannot compare {w2} and {w3} with '{g1}'"),
    (r"^can't multiply sequence by non-int of type '(\w+)'$",
     "cannot repeat a sequence by {a1}; use a whole number"),
    (r"^'(\w+)' object is not callable$", "{a1} is not a function and cannot be called"),
    (r"^'(\w+)' object is not subscriptable$", "{a1} cannot be indexed"),
    (r"^'(\w+)' object does not support item assignment$", _no_item_assignment),
    (r"^'(\w+)' object (?:doesn't|does not) support item deletion$", "cannot delete items of {a1}"),
    (r"^(?:list|string|tuple) indices must be integers(?: or slices)?, not (\w+)$",
     "index must be a whole number, not {w1}"),
    (r"^string indices must be integers(?:, not '(\w+)')?$", _bad_string_index),
    (r"^slice indices must be integers or None or have an __index__ method$",
     "slice bounds must be whole numbers or null"),
    (r"^unhashable type: '(\w+)'$", "{a1} cannot be used as an object key"),
    (r"^'(\w+)' object is not iterable$", "cannot iterate over {a1}"),
    (r"^(?:[\w<>.]+\.)?(\w+)\(\) (takes .*|missing .*|got .*)$", _arguments),
]
"""Python ``TypeError`` messages and their ML wording, tried in order. A wording is a function of the
match or a template where ``{gN}`` is group N as matched, ``{wN}`` its ML type word and ``{aN}`` that
word with its article ("a string")."""
_COMPILED_PATTERNS: list[tuple[re.Pattern[str], _Rewording]] = []


def _fill(template: str, m: re.Match[str]) -> str:
    """``template`` with the ``{gN}``/``{wN}``/``{aN}`` fields of ``m``'s groups filled in."""
    fields: dict[str, str] = {}
    for number, group in enumerate(m.groups(), start=1):
        if group is None:
            continue
        fields[f"g{number}"] = group
        fields[f"w{number}"] = _word(group)
        fields[f"a{number}"] = with_article(_word(group))
    return template.format_map(fields)


def type_error_message(text: str) -> str:
    """Reword a Python ``TypeError`` message in ML terms (unknown messages pass through)."""
    if not _COMPILED_PATTERNS:
        _COMPILED_PATTERNS.extend((re.compile(regex), render) for regex, render in _TYPE_ERROR_PATTERNS)
    for regex, render in _COMPILED_PATTERNS:
        match = regex.match(text)
        if match is not None:
            return _fill(render, match) if isinstance(render, str) else render(match)
    return text


_SIMPLE_LOADS = frozenset(
    {"LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_DEREF", "LOAD_CLASSDEREF", "LOAD_NAME", "LOAD_GLOBAL", "LOAD_CONST"}
)
_UNKNOWN = object()


def _loaded_value(instruction: Any, frame: FrameType) -> Any:
    """The value a side-effect-free load instruction pushed, read back from the frame."""
    name = instruction.argval
    if instruction.opname == "LOAD_CONST":
        return name
    if instruction.opname in ("LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_DEREF", "LOAD_CLASSDEREF"):
        return frame.f_locals.get(name, _UNKNOWN)
    for scope in (frame.f_locals, frame.f_globals):
        if name in scope:
            return scope[name]
    return _UNKNOWN


def subscript_operands(tb: TracebackType | None) -> tuple[Any, Any]:
    """``(container, index)`` of the subscript that raised, when both were plain loads.

    Python's ``IndexError`` does not say which index or how long the sequence was; when the failing
    instruction is ``x[i]`` (or ``x[i] = v``) with ``x`` and ``i`` simple names or constants, their
    values are still in the frame, so the message can name them. Anything else gives ``_UNKNOWN``.
    """
    if tb is None:
        return _UNKNOWN, _UNKNOWN
    while tb.tb_next is not None:
        tb = tb.tb_next
    import dis

    instructions = list(dis.get_instructions(tb.tb_frame.f_code))
    for position, instruction in enumerate(instructions):
        if instruction.offset != tb.tb_lasti:
            continue
        if instruction.opname not in ("BINARY_SUBSCR", "STORE_SUBSCR") or position < 2:
            break
        container, index = instructions[position - 2], instructions[position - 1]
        if container.opname in _SIMPLE_LOADS and index.opname in _SIMPLE_LOADS:
            return _loaded_value(container, tb.tb_frame), _loaded_value(index, tb.tb_frame)
        break
    return _UNKNOWN, _UNKNOWN


def _index_message(exc: IndexError) -> str:
    text = str(exc)
    if text in ("list index out of range", "string index out of range", "list assignment index out of range"):
        container, index = subscript_operands(exc.__traceback__)
        if isinstance(container, (list, str)) and isinstance(index, int):
            kind = "array" if isinstance(container, list) else "string"
            return f"{kind} index {index} out of range (length {len(container)})"
    if text.startswith("pop from empty list"):
        return "pop from an empty array"
    if text.startswith("pop index out of range"):
        return "pop index out of range"
    if text.startswith("string index"):
        return "string index out of range"
    return "array index out of range"


def _key_message(exc: KeyError) -> str:
    if exc.args:
        key = exc.args[0]
        from mlpy.runtime.formatting import ml_repr

        shown = f"'{key}'" if isinstance(key, str) else ml_repr(key)
        return f"key {shown} not found"
    return "key not found"


def _value_message(exc: ValueError) -> str:
    text = str(exc)
    if text.endswith("not in list"):
        return "value not found in the array"
    if text == "substring not found":
        return "substring not found"
    text = _PY_OBJECT_TYPE.sub("", text)
    return _INT_DIGITS.sub("number too large to convert to a string", text)


_PY_OBJECT_TYPE = re.compile(r" for object of type '\w+'")
"""Python's format errors name the Python type (``for object of type 'int'``); the ML message
around them already says what the value is, in ML words."""


_INT_DIGITS = re.compile(r"Exceeds the limit \(\d+ digits\) for integer string conversion"
                         r"[^;)]*(; use sys\.set_int_max_str_digits\(\) to increase the limit)?")
"""Python's int/str digit-limit text, which names a Python API; shown in ML words instead."""


def value_error_text(exc: ValueError) -> str:
    """The ML wording of a Python ``ValueError`` raised on ML data (no Python API names)."""
    return _value_message(exc)


def error_from_exception(exc: BaseException, line: int | None = None) -> MLErrorObject:
    """The ML error object for any non-fatal exception raised while ML code ran."""
    if isinstance(exc, MLThrown):
        return exc.error
    if isinstance(exc, MLError):
        error_type = getattr(exc, "error_type", None) or exc.kind
        return new_error(error_type, exc.message, exc.line if exc.line is not None else line)
    for kind, error_type, message in _CONVERSIONS:
        if isinstance(exc, kind):
            return new_error(error_type, message if isinstance(message, str) else message(exc), line)
    return new_error("Error", "internal error in a library function (run with --debug for details)", line)


def _zero_division_message(exc: BaseException) -> str:
    text = str(exc)
    return "modulo by zero" if "modulo" in text and "division" not in text else "division by zero"


def _os_message(exc: BaseException) -> str:
    """The reason in words; never the Python class or a host path."""
    reason = (getattr(exc, "strerror", None) or "the operation failed").lower()
    return f"input/output failed: {reason}"


def _unassigned_message(exc: NameError) -> str:
    """A name the compiler resolved was read before any value was assigned to it (a global read
    before its assignment ran, a local read before its first assignment): word it in ML names."""
    import re

    from mlpy.runtime.formatting import ml_name

    found = re.search(r"'([A-Za-z_][A-Za-z0-9_]*)'", str(exc))
    if found is None:
        return "a variable is used before it is assigned a value"
    return f"'{ml_name(found.group(1))}' is used before it is assigned a value"


_CONVERSIONS: tuple[tuple[type[BaseException], str, str | Callable[[Any], str]], ...] = (
    (ZeroDivisionError, "ZeroDivisionError", _zero_division_message),
    (IndexError, "IndexError", _index_message),
    (KeyError, "KeyError", _key_message),
    (RecursionError, "RecursionError", "maximum recursion depth exceeded"),
    (TypeError, "TypeError", lambda exc: type_error_message(str(exc))),
    (StopIteration, "StopIteration", "iterator is exhausted"),
    (OverflowError, "OverflowError", "number too large"),
    (ValueError, "ValueError", _value_message),
    (AttributeError, "AttributeError", "no such member"),
    (NameError, "NameError", _unassigned_message),
    (OSError, "IOError", _os_message),
    (MemoryError, "MemoryError", "out of memory"),
)
"""Python exception class -> ML ``type`` and message (text, or a function of the exception), first
match wins (a ``UnicodeError`` is a ``ValueError``)."""


def traceback_line(tb: TracebackType | None, filenames: Any) -> int | None:
    """The line of the innermost traceback entry whose file is one of ``filenames``."""
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in filenames:
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def step_failure(exc: BaseException) -> MLLimitError | None:
    """The limit error behind an ``IndexError`` raised by a step, or None for any other exception.

    A step pops an item from its run's window; at the interpreter's recursion limit the hooks that
    refill the window cannot run, and the next step finds it empty (``pop from empty list``).
    That happens when a program keeps recursing inside ``except``/``finally`` blocks after a
    RecursionError: it is reported as the limit it is, never as an ML ``IndexError``.
    """
    if type(exc) is not IndexError or str(exc) != "pop from empty list":
        return None
    from mlpy.runtime.limits import current_meter, timeout_message  # noqa: PLC0415 - error path

    meter = current_meter()
    if not meter.window_exhausted():
        return None
    if meter.deadline is not None and time.monotonic() >= meter.deadline:
        return MLTimeoutError(timeout_message(meter.limits.timeout or 0, meter.front_end))
    return MLLimitError("the program kept recursing at the interpreter's recursion limit inside "
                        "except/finally blocks, where its steps can no longer be counted")


def catch(exc: BaseException) -> MLErrorObject:
    """``__ml_catch``: re-raise fatal errors untouched, turn anything else into an error object."""
    if is_fatal(exc):
        raise exc
    failure = step_failure(exc)
    if failure is not None:
        raise failure from None
    if isinstance(exc, MLThrown):
        error = exc.error
        if error.fields.get("line") is None:
            error.fields["line"] = _traceback_tail_line(exc.__traceback__)
    else:
        error = error_from_exception(exc, _traceback_tail_line(exc.__traceback__))
    if error._origin_tb is None:
        error._origin_tb = exc.__traceback__
    return error


def _traceback_tail_line(tb: TracebackType | None) -> int | None:
    """Line of the innermost ML frame in ``tb`` (frames of files in the current context's sources)."""
    from mlpy.runtime.context import current

    sources = current().sources
    line = traceback_line(tb, sources) if sources else None
    if line is None and tb is not None:
        return tb.tb_lineno
    return line


def error_is(error: Any, type_name: str) -> bool:
    """``__ml_error_is``: the test of a typed ``except (e: TypeName)`` clause."""
    if isinstance(error, MLErrorObject):
        return error.fields.get("type") == type_name
    return False


def describe_type(value: Any) -> str:
    """The ML type word of a value, for messages (``"array"``, ``"number"``...)."""
    return typeof(value)


__all__ = [
    "MLErrorObject",
    "MLThrown",
    "catch",
    "describe_type",
    "error_from_exception",
    "error_is",
    "ml_error",
    "ml_type_error",
    "ml_value_error",
    "new_error",
    "throw",
    "traceback_line",
    "type_error_message",
]
