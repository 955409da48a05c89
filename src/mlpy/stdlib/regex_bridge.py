"""The ML ``regex`` module: Python regular expressions behind ``Pattern`` and ``Match`` classes.

Patterns use Python ``re`` syntax; flags are the numbers returned by ``IGNORECASE()``, ``MULTILINE()``,
... combined with ``|`` or ``+``. Replacement strings use ``\\1`` / ``\\g<name>``; a function is accepted
as a replacement too and receives the ``Match``. ``Match.group(name)`` of a group that does not
exist (or did not take part in the match) is ``null``. An invalid pattern raises a ValueError naming
the function, the pattern and Python's reason with its position. The compiled Python objects are
kept in ``_``-prefixed attributes that ML code cannot reach.

Matching runs on the ``regex`` engine (same syntax, checked by ``re`` first so error messages stay
Python's) because it can stop a match from the inside: under ``--timeout`` a catastrophically
backtracking pattern ends with the run's timeout error instead of hanging the host process.
"""

from __future__ import annotations

import re as _re
import re._constants as _sre  # type: ignore[import-not-found]  # the stdlib's own pattern parser
import re._parser as _sre_parse  # type: ignore[import-not-found]
import time as _time
from collections.abc import Iterator
from typing import Any

import regex as _engine

from mlpy.errors import MLLimitError, MLTimeoutError
from mlpy.modules.bridge_support import call, expect_int, expect_str
from mlpy.modules.decorators import ml_class, ml_function, ml_module
from mlpy.runtime.guards import (
    MAX_REGEX_LITERAL,
    MAX_REGEX_PATTERN,
    MAX_STRING_CHARS,
    WIDE_CHAR_BYTES,
    charge_work,
    check_string_size,
)

_COMPILE = ["regex.compile"]
_MATCH = ["regex.match"]
_ALLOWED_FLAGS = int(_re.IGNORECASE | _re.MULTILINE | _re.DOTALL | _re.VERBOSE | _re.ASCII | _re.UNICODE)


_LITERAL_RUN = _re.compile(r"(?:[^\\\[\](){}.*+?^$|]|\\[^A-Za-z0-9])+")
"""Stretches of a pattern that match themselves (plain characters and escaped punctuation)."""


_MAX_REPEAT_WEIGHT = 200_000
"""Most pattern items counted repeats may stand for: the engine expands ``(?:a{4000}){4000}``
(17 characters) into 16 million items while compiling, one C call of about 15 s with no deadline."""

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def _repeat_weight(items: Any) -> int:
    """An upper bound of the items a parsed pattern expands to: each counted repeat multiplies what
    it repeats by its largest count (``a{3}`` weighs 3, ``(?:ab{3}){2}`` 8; ``*`` and ``+`` count once)."""
    total = 0
    for op, argument in items:
        if op in _REPEATS:
            low, high, body = argument
            total += max(low if high == _sre.MAXREPEAT else high, 1) * _repeat_weight(body)
        else:
            total += max(1, sum(_repeat_weight(part) for part in _parts(argument)))
    return total


def _parts(argument: Any) -> Iterator[Any]:
    """The sub-patterns inside one parsed item's argument (a group's body, a branch's alternatives)."""
    if isinstance(argument, _sre_parse.SubPattern):
        yield argument
    elif isinstance(argument, (tuple, list)):
        for piece in argument:
            yield from _parts(piece)


def _compile(function: str, pattern: Any, flags: Any = 0) -> _TimedPattern:
    text = expect_str(function, "pattern", pattern)
    bits = expect_int(function, "flags", flags)
    if len(text) > MAX_REGEX_PATTERN:  # compiling is one C call, with no deadline of its own
        raise MLLimitError(f"{function}: the pattern has {len(text)} characters "
                           f"(limit: {MAX_REGEX_PATTERN})")
    if len(text) > MAX_REGEX_LITERAL:
        # The engine builds a search table for the longest literal run on the first search, in
        # time cubic in its length and with no deadline (2,000 characters: seconds).
        longest = max((len(run) for run in _LITERAL_RUN.findall(text)), default=0)
        if longest > MAX_REGEX_LITERAL:
            raise MLLimitError(f"{function}: the pattern has a literal run of {longest} characters "
                               f"(limit: {MAX_REGEX_LITERAL})")
    if bits & ~_ALLOWED_FLAGS:
        raise ValueError(f"{function}: unknown flags {bits}")
    try:
        checked = _re.compile(text, bits)
        if "{" in text and _repeat_weight(_sre_parse.parse(text, bits)) > _MAX_REPEAT_WEIGHT:
            raise MLLimitError(f"{function}: the pattern's counted repeats ({{n}}) expand to more than "
                               f"{_MAX_REPEAT_WEIGHT} items")
        return _TimedPattern(checked, _engine.compile(text, _engine_flags(bits)))
    except (_re.error, _engine.error) as exc:
        raise ValueError(f"{function}: invalid pattern {text!r}: {exc}") from None
    except (OverflowError, RecursionError):
        raise ValueError(f"{function}: invalid pattern {text!r}: too complex") from None


_FLAG_MAP = ((_re.IGNORECASE, _engine.IGNORECASE), (_re.MULTILINE, _engine.MULTILINE),
             (_re.DOTALL, _engine.DOTALL), (_re.VERBOSE, _engine.VERBOSE), (_re.ASCII, _engine.ASCII),
             (_re.UNICODE, _engine.UNICODE))


def _engine_flags(bits: int) -> int:
    """``re`` flag bits (what ML programs hold) as the ``regex`` engine's (ASCII differs)."""
    return sum(int(theirs) for ours, theirs in _FLAG_MAP if bits & int(ours))


_FIRST_BUDGET = 0.05
"""CPU seconds of a match's first attempt; later attempts grow fourfold (see ``_TimedPattern._run``)."""

STEP_SECONDS = 1e-6
"""Matching time one remaining step buys when a run has ``--max-steps`` but no ``--timeout``."""


def _time_left() -> tuple[float | None, bool]:
    """Seconds one match may take, and whether they come from the run's ``--timeout``.

    With a deadline: the time until it. With only a step limit: the remaining steps at
    ``STEP_SECONDS`` each, so a catastrophic pattern cannot outlast a step-limited run either.
    """
    from mlpy.runtime.limits import current_meter

    meter = current_meter()
    deadline = getattr(meter, "deadline", None)
    if deadline is not None:
        return max(deadline - _time.monotonic(), 0.001), True
    limits = getattr(meter, "limits", None)
    max_steps = getattr(limits, "max_steps", None)
    if max_steps is None:
        return None, False
    remaining = max(max_steps - meter.steps, 1)
    return max(remaining * STEP_SECONDS, 0.001), False


class _TimedPattern:
    """A compiled pattern whose every match operation stops at the run's deadline."""

    __slots__ = ("_checked", "_compiled", "pattern", "groups", "groupindex")

    def __init__(self, checked: _re.Pattern[str], compiled: Any) -> None:
        self._checked = checked
        self._compiled = compiled
        self.pattern = checked.pattern
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex

    def _run(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        """Run one matching operation within the run's time (see ``_attempts``)."""
        left, from_timeout = _time_left()
        if left is None:
            return self._once(operation, None, args, kwargs)
        deadline = _time.monotonic() + left
        budget = min(left, _FIRST_BUDGET)
        while True:
            started = _time.monotonic()
            try:
                return self._once(operation, budget, args, kwargs)
            except TimeoutError:
                now = _time.monotonic()
                remaining = deadline - now
                if remaining <= 0.001:
                    break
                # The engine's timeout counts CPU time: on a loaded machine a budget of b seconds
                # takes several times b of wall time. The next, larger attempt is sized by the
                # wall/CPU ratio just seen, so that it ends by the deadline.
                ratio = max((now - started) / budget, 1.0)
                budget = max(min(budget * 4, remaining / ratio), 0.001)
        from mlpy.runtime.limits import current_meter, steps_message, timeout_message

        meter = current_meter()
        limits = meter.limits
        if from_timeout:
            raise MLTimeoutError(timeout_message(limits.timeout or 0, meter.front_end))
        raise MLLimitError(f"{steps_message(limits.max_steps, meter.front_end)}: the regular "
                           "expression ran longer than the remaining steps allow")

    def _once(self, operation: str, budget: float | None, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        result = getattr(self._compiled, operation)(*args, timeout=budget, **kwargs)
        return list(result) if operation == "finditer" else result

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self._run("search", *args, **kwargs)

    def match(self, *args: Any, **kwargs: Any) -> Any:
        return self._run("match", *args, **kwargs)

    def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
        return self._run("fullmatch", *args, **kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> Any:
        return self._run("findall", *args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        return self._run("finditer", *args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        return self._run("split", *args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        return self._run("subn", *args, **kwargs)


def _replacement(function: str, replacement: Any) -> Any:
    if isinstance(replacement, str):
        return replacement
    if callable(replacement):
        def replace(match: _re.Match[str]) -> str:
            result = call(replacement, Match(match))
            if not isinstance(result, str):
                raise TypeError(f"{function}: the replacement function must return a string")
            return result

        return replace
    return expect_str(function, "replacement", replacement)


def _wrap(match: _re.Match[str] | None) -> Match | None:
    return None if match is None else Match(match)


def _findall_values(found: list[Any]) -> list[Any]:
    """findall gives tuples for several groups; ML gets arrays."""
    return [list(item) if isinstance(item, tuple) else item for item in found]


def _group_ref(match: _re.Match[str], group: Any) -> int | str | None:
    """A group index/name that exists in the pattern, or None."""
    if isinstance(group, bool):
        return None
    if isinstance(group, int):
        return group if 0 <= group <= match.re.groups else None
    if isinstance(group, str):
        return group if group in match.re.groupindex else None
    return None


def _sub(function: str, compiled: _TimedPattern, replacement: Any, text: Any, count: Any) -> tuple[str, int]:
    source = expect_str(function, "text", text)
    times = expect_int(function, "count", count)
    if isinstance(replacement, str):
        try:  # Python's wording for a bad template ("invalid group reference 3 at position 1")
            compiled._checked.sub(replacement, "", count=1)
        except (_re.error, IndexError) as exc:
            raise ValueError(f"{function}: invalid replacement: {exc}") from None
    replace = _replacement(function, replacement)
    if _sub_bound(compiled, replacement, source) > MAX_STRING_CHARS // WIDE_CHAR_BYTES:
        replace = _SizedReplacement(function, replace, len(source))
    try:
        return compiled.subn(replace, source, count=max(times, 0))
    except (_re.error, _engine.error, IndexError) as exc:
        raise ValueError(f"{function}: invalid replacement: {exc}") from None


def _sub_bound(compiled: _TimedPattern, replacement: Any, source: str) -> int:
    """An upper bound of a substitution's result length (every position matching, each group
    reference expanding to the whole text), or a huge number for a replacement function."""
    if not isinstance(replacement, str):
        return MAX_STRING_CHARS + 1
    per_match = len(replacement) + (replacement.count("\\") * len(source) if compiled.groups else 0)
    return len(source) + (len(source) + 1) * per_match


class _SizedReplacement:
    """A replacement that tracks the result's length and stops at the string limit.

    Used when the quick bound of ``_sub_bound`` cannot rule out a huge result (``regex.sub("",
    "x" * 10000, text)`` inserts 10,000 characters at every position): each match's replacement is
    expanded here, its size added, and the substitution is refused before it grows past the limit.
    """

    def __init__(self, function: str, replace: Any, start: int) -> None:
        self.function = function
        self.replace = replace
        self.size = start
        self.matches = 0

    def __call__(self, match: Any) -> str:
        self.matches += 1
        if not self.matches % 1024:
            charge_work()  # a long substitution still stops at the run's limits
        piece = self.replace(match) if callable(self.replace) else match.expand(self.replace)
        self.size += len(piece) - (match.end() - match.start())
        if self.size > MAX_STRING_CHARS or (not piece.isascii() and
                                            self.size * WIDE_CHAR_BYTES > MAX_STRING_CHARS):
            check_string_size(self.size * (1 if piece.isascii() else WIDE_CHAR_BYTES), self.function)
        return piece


@ml_class(name="Match", description="The result of a successful regular-expression match")
class Match:
    """One match: its text, groups and positions."""

    __slots__ = ("_match",)

    def __init__(self, match: _re.Match[str]) -> None:
        self._match = match

    def group(self, group_id: Any = 0) -> str | None:
        """The text of a group (by number or name); null if there is no such group or it did not match."""
        ref = _group_ref(self._match, group_id)
        return None if ref is None else self._match.group(ref)

    def groups(self) -> list[str | None]:
        """The texts of all numbered groups (null for groups that did not match)."""
        return list(self._match.groups())

    def groupDict(self, default: Any = None) -> dict[str, Any]:  # noqa: N802 - ML name
        """Named groups as an object."""
        return dict(self._match.groupdict(default))

    def start(self, group: Any = 0) -> int:
        """Where a group starts (-1 if it did not match)."""
        return self.span(group)[0]

    def end(self, group: Any = 0) -> int:
        """Where a group ends (-1 if it did not match)."""
        return self.span(group)[1]

    def span(self, group: Any = 0) -> list[int]:
        """[start, end] of a group."""
        ref = _group_ref(self._match, group)
        if ref is None:
            raise IndexError(f"Match.span: no such group {group!r}")
        return list(self._match.span(ref))

    def value(self) -> str:
        """The whole matched text."""
        return self._match.group(0)

    def lastGroup(self) -> str | None:  # noqa: N802 - ML name
        """The name of the last named group that matched, or null."""
        return self._match.lastgroup

    def groupCount(self) -> int:  # noqa: N802 - ML name
        """How many numbered groups the pattern has."""
        return self._match.re.groups

    def expand(self, template: Any) -> str:
        """The template with \\1 / \\g<name> replaced by this match's groups."""
        text = expect_str("Match.expand", "template", template)
        try:
            return self._match.expand(text)
        except (_re.error, _engine.error, IndexError) as exc:
            raise ValueError(f"Match.expand: invalid template: {exc}") from None

    def toString(self) -> str:  # noqa: N802 - ML name
        """A readable description of the match."""
        begin, finish = self._match.span()
        return f"<Match {self._match.group(0)!r} at {begin}-{finish}>"


@ml_class(name="Pattern", description="A compiled regular expression")
class Pattern:
    """A compiled pattern with the flags it was compiled with."""

    __slots__ = ("_compiled", "_flags")

    def __init__(self, compiled: _TimedPattern, flags: int = 0) -> None:
        self._compiled = compiled
        self._flags = flags

    def _bounds(self, name: str, text: Any, pos: Any, endpos: Any) -> tuple[str, int, int]:
        source = expect_str(f"Pattern.{name}", "text", text)
        start = expect_int(f"Pattern.{name}", "pos", pos)
        stop = len(source) if endpos is None else expect_int(f"Pattern.{name}", "endpos", endpos)
        return source, start, stop

    def search(self, text: Any, pos: Any = 0, endpos: Any = None) -> Match | None:
        """The first match anywhere in text[pos:endpos], or null."""
        return _wrap(self._compiled.search(*self._bounds("search", text, pos, endpos)))

    def match(self, text: Any, pos: Any = 0, endpos: Any = None) -> Match | None:
        """A match at pos, or null."""
        return _wrap(self._compiled.match(*self._bounds("match", text, pos, endpos)))

    def fullmatch(self, text: Any, pos: Any = 0, endpos: Any = None) -> Match | None:
        """A match of all of text[pos:endpos], or null."""
        return _wrap(self._compiled.fullmatch(*self._bounds("fullmatch", text, pos, endpos)))

    def findall(self, text: Any, pos: Any = 0, endpos: Any = None) -> list[Any]:
        """All matched texts (arrays of groups when the pattern has several groups)."""
        return _findall_values(self._compiled.findall(*self._bounds("findall", text, pos, endpos)))

    def finditer(self, text: Any, pos: Any = 0, endpos: Any = None) -> list[Match]:
        """All matches as Match objects."""
        return [Match(m) for m in self._compiled.finditer(*self._bounds("finditer", text, pos, endpos))]

    def split(self, text: Any, maxsplit: Any = 0) -> list[str | None]:
        """text split at every match (at most maxsplit times when it is positive)."""
        source = expect_str("Pattern.split", "text", text)
        return self._compiled.split(source, maxsplit=max(expect_int("Pattern.split", "maxsplit", maxsplit), 0))

    def sub(self, replacement: Any, text: Any, count: Any = 0) -> str:
        """text with matches replaced (all of them when count is 0)."""
        return _sub("Pattern.sub", self._compiled, replacement, text, count)[0]

    def subn(self, replacement: Any, text: Any, count: Any = 0) -> dict[str, Any]:
        """{result, count} of a replacement."""
        result, done = _sub("Pattern.subn", self._compiled, replacement, text, count)
        return {"result": result, "count": done}

    def test(self, text: Any) -> bool:
        """Whether the pattern matches anywhere in text."""
        return self._compiled.search(expect_str("Pattern.test", "text", text)) is not None

    def count(self, text: Any) -> int:
        """How many non-overlapping matches text has."""
        return sum(1 for _ in self._compiled.finditer(expect_str("Pattern.count", "text", text)))

    def getPattern(self) -> str:  # noqa: N802 - ML name
        """The pattern's source text."""
        return self._compiled.pattern

    def getFlags(self) -> int:  # noqa: N802 - ML name
        """The flags given to compile (0 when none were)."""
        return self._flags

    def toString(self) -> str:  # noqa: N802 - ML name
        """A readable description of the pattern."""
        return f"<Pattern {self._compiled.pattern!r}>"


@ml_module(
    name="regex",
    description="Regular expressions",
    capabilities=["regex.compile", "regex.match"],
    version="2.0.0",
)
class Regex:
    """Pattern matching with Python's regular-expression syntax."""

    @ml_function(description="Flag: case-insensitive matching", capabilities=[])
    def IGNORECASE(self) -> int:  # noqa: N802 - ML name
        return int(_re.IGNORECASE)

    @ml_function(description="Flag: ^ and $ match at every line", capabilities=[])
    def MULTILINE(self) -> int:  # noqa: N802 - ML name
        return int(_re.MULTILINE)

    @ml_function(description="Flag: . matches newlines too", capabilities=[])
    def DOTALL(self) -> int:  # noqa: N802 - ML name
        return int(_re.DOTALL)

    @ml_function(description="Flag: whitespace and # comments in the pattern are ignored", capabilities=[])
    def VERBOSE(self) -> int:  # noqa: N802 - ML name
        return int(_re.VERBOSE)

    @ml_function(description="Flag: \\w, \\d, \\s match ASCII only", capabilities=[])
    def ASCII(self) -> int:  # noqa: N802 - ML name
        return int(_re.ASCII)

    @ml_function(description="Flag: Unicode matching (the default)", capabilities=[])
    def UNICODE(self) -> int:  # noqa: N802 - ML name
        return int(_re.UNICODE)

    @ml_function(description="Compile a pattern into a reusable Pattern", capabilities=_COMPILE)
    def compile(self, pattern: str, flags: int = 0) -> Pattern:
        compiled = _compile("regex.compile", pattern, flags)
        return Pattern(compiled, int(flags))

    @ml_function(description="The first match anywhere in text, or null", capabilities=_MATCH)
    def search(self, pattern: str, text: str, flags: int = 0) -> Match | None:
        compiled = _compile("regex.search", pattern, flags)
        return _wrap(compiled.search(expect_str("regex.search", "text", text)))

    @ml_function(description="A match at the start of text, or null", capabilities=_MATCH)
    def match(self, pattern: str, text: str, flags: int = 0) -> Match | None:
        compiled = _compile("regex.match", pattern, flags)
        return _wrap(compiled.match(expect_str("regex.match", "text", text)))

    @ml_function(description="A match of the whole text, or null", capabilities=_MATCH)
    def fullmatch(self, pattern: str, text: str, flags: int = 0) -> Match | None:
        compiled = _compile("regex.fullmatch", pattern, flags)
        return _wrap(compiled.fullmatch(expect_str("regex.fullmatch", "text", text)))

    @ml_function(description="All matched texts (arrays of groups when there are several groups)",
                 capabilities=_MATCH)
    def findall(self, pattern: str, text: str, flags: int = 0) -> list[Any]:
        compiled = _compile("regex.findall", pattern, flags)
        return _findall_values(compiled.findall(expect_str("regex.findall", "text", text)))

    @ml_function(description="All matches as Match objects", capabilities=_MATCH)
    def finditer(self, pattern: str, text: str, flags: int = 0) -> list[Match]:
        compiled = _compile("regex.finditer", pattern, flags)
        return [Match(m) for m in compiled.finditer(expect_str("regex.finditer", "text", text))]

    @ml_function(description="text split at every match", capabilities=_MATCH)
    def split(self, pattern: str, text: str, maxsplit: int = 0, flags: int = 0) -> list[str | None]:
        compiled = _compile("regex.split", pattern, flags)
        limit = max(expect_int("regex.split", "maxsplit", maxsplit), 0)
        return compiled.split(expect_str("regex.split", "text", text), maxsplit=limit)

    @ml_function(description="text with matches replaced (all when count is 0)", capabilities=_MATCH)
    def sub(self, pattern: str, replacement: str, text: str, count: int = 0, flags: int = 0) -> str:
        return _sub("regex.sub", _compile("regex.sub", pattern, flags), replacement, text, count)[0]

    @ml_function(description="{result, count} of a replacement", capabilities=_MATCH)
    def subn(self, pattern: str, replacement: str, text: str, count: int = 0, flags: int = 0) -> dict:
        result, done = _sub("regex.subn", _compile("regex.subn", pattern, flags), replacement, text, count)
        return {"result": result, "count": done}

    @ml_function(description="text with every regex special character escaped", capabilities=[])
    def escape(self, text: str) -> str:
        return _re.escape(expect_str("regex.escape", "text", text))

    @ml_function(description="Whether a pattern compiles", capabilities=[])
    def isValid(self, pattern: str) -> bool:  # noqa: N802 - ML name
        if not isinstance(pattern, str) or len(pattern) > MAX_REGEX_PATTERN:
            return False  # beyond the pattern bound no function here would accept it
        try:
            _re.compile(pattern)
        except (_re.error, OverflowError, RecursionError):
            return False
        return True

    @ml_function(description="Whether the pattern matches anywhere in text", capabilities=_MATCH)
    def test(self, pattern: str, text: str, flags: int = 0) -> bool:
        compiled = _compile("regex.test", pattern, flags)
        return compiled.search(expect_str("regex.test", "text", text)) is not None

    @ml_function(description="How many non-overlapping matches text has", capabilities=_MATCH)
    def count(self, pattern: str, text: str, flags: int = 0) -> int:
        compiled = _compile("regex.count", pattern, flags)
        return sum(1 for _ in compiled.finditer(expect_str("regex.count", "text", text)))


regex = Regex()
