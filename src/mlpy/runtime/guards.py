"""Size and work guards: the cost model that keeps one C-level operation short.

A tiny program can ask CPython for an enormous amount of work in one call: ``"a" * 10**12``,
``9 ** 10**9``, ``x * x`` and ``y // x`` on million-digit integers (multiplication is sub-quadratic,
division quadratic), ``round(1, -10**12)`` (a power of ten with 10**12 digits), ``sorted`` of
millions of items. Such a call holds the GIL: neither the step counter nor the timeout watchdog can
stop it, so an in-process run with ``timeout=1`` would freeze its host for minutes. Every such
operation is therefore checked *before* it starts, against the bounds below, and refused with a
fatal ``MLLimitError`` naming the bound. The bounds are chosen so that the largest operation they
allow finishes in well under 0.3 s on a slow machine; ``docs/security-limits.md`` lists them per
function (``BOUNDS`` is that table's source).

Operations whose cost grows with their operands but stays within the bounds call ``charge_work``
when they are expensive: it charges the run's meter one step, so a statement chaining many such
operations (no loop, no call, hence no step of its own) still stops at the deadline.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any, NoReturn, TypeVar

from mlpy.errors import MLLimitError

T = TypeVar("T")

MAX_STRING_CHARS = 32_000_000
"""Largest string (characters) one operation may build: 32 MB of ASCII text."""

WIDE_CHAR_BYTES = 4
"""Bytes per character assumed for a string that is not pure ASCII (CPython stores up to 4)."""

MAX_ARRAY_ITEMS = 2_000_000
"""Largest array one operation may build (``range``, repetition, ``split``, ...)."""

MAX_SORT_ITEMS = 1_000_000
"""Most items ``sorted`` / ``sort`` orders in one C call (about 0.3 s for random strings)."""

MAX_INT_BITS = 4_000_000
"""Largest integer (bits, about 1.2 million decimal digits) a ``*`` or ``**`` may produce."""

MAX_INT_DIGITS = int(MAX_INT_BITS * math.log10(2))
"""``MAX_INT_BITS`` in decimal digits, for messages."""

MAX_DIVISION_WORK = 40_000_000_000
"""Most (quotient bits x divisor bits) one ``//`` or ``%`` of two integers may cost (schoolbook
division is quadratic: 1,000,000 bits by 500,000 bits is 2.5e11 and takes about 0.5 s)."""

MAX_ROUND_DIGITS = 400
"""``round(x, n)``: ``n`` beyond +-400 digits cannot change any number an ML program can hold
that way (floats have at most 324 decimal places), so it is clamped instead of computing 10**n."""

MAX_FORMAT_WIDTH = 100_000
"""Largest field width or precision in a format directive (``format``, ``datetime`` ``%10Y``)."""

MAX_CONTAINERS = 500_000
"""Most arrays and objects one C call may build (``json.parse``): each new container also feeds the
cyclic garbage collector, and eight million of them take over eight seconds."""

MAX_REGEX_PATTERN = 100_000
"""Longest regular expression (characters) the regex module compiles."""

MAX_REGEX_LITERAL = 500
"""Longest literal run in a regular expression (the engine's search table for it costs time cubic in
its length, outside any deadline: 500 characters take about 30 ms, 2,000 several seconds)."""

MAX_COMPARE_WORK = 30_000_000
"""Most items (containers and leaves, shared ones counted each time) the comparisons of one C call may
visit in all: a sort, a search or a minimum over arrays of arrays or objects (about 0.3 s)."""

_SMALL = 1 << 64
_NEG_SMALL = -_SMALL
_EXPENSIVE_BITS = 200_000
"""Integer operands above this size charge a step (``charge_work``)."""

BOUNDS: list[tuple[str, str]] = [
    ("strings built by `*`, `+`, `join`, `replace`, padding, `format`, `regex.sub`, datetime `format`",
     f"{MAX_STRING_CHARS:,} characters of ASCII, {MAX_STRING_CHARS // WIDE_CHAR_BYTES:,} otherwise"),
    ("arrays built by `*`, `+`, `range`, `split`, `splitlines`, `csv.parse`",
     f"{MAX_ARRAY_ITEMS:,} items"),
    ("`sorted`, `array.sort`, `functional.sortBy`/`collections.sortBy` without a key callback",
     f"{MAX_SORT_ITEMS:,} items"),
    ("integer `*` and `**` (and `math.pow`, `math.factorial`, `int(text, base)`)", f"{MAX_INT_BITS:,} bits (~{MAX_INT_DIGITS:,} digits)"),
    ("integer `//` and `%`", f"{MAX_DIVISION_WORK:.0e} (quotient bits x divisor bits)"),
    ("`round(x, n)`", f"`n` clamped to +-{MAX_ROUND_DIGITS}"),
    ("field widths and precisions (`format`, datetime `format`, `%`)", f"{MAX_FORMAT_WIDTH:,}"),
    ("regular expression patterns", f"{MAX_REGEX_PATTERN:,} characters, literal runs {MAX_REGEX_LITERAL:,}"),
    ("`json.parse` arrays and objects", f"{MAX_CONTAINERS:,}"),
    ("`json.stringify` nesting (`json.parse`: the interpreter's recursion check)", "500 levels"),
    ("traversals of shared values (`str`, `print`, `json.stringify`, `flatten`, logging)",
     f"{MAX_ARRAY_ITEMS:,} items visited"),
    ("comparisons of two arrays or objects (`==`, `!=`, `<`, `<=`, `>`, `>=`, under limits)",
     f"{MAX_ARRAY_ITEMS:,} items visited on each side"),
    ("sorts, `min`/`max` and searches (`index`, `count`, `remove`, `indexOf`, `unique`) over arrays "
     "(under limits)", f"{MAX_COMPARE_WORK:,} items compared in all"),
    ("`csv.parse` / `csv.read_string` cells", f"{MAX_ARRAY_ITEMS:,}"),
    ("`regex.sub` / `Pattern.sub` results", "the string bound, checked per match when it could be exceeded"),
    ("regular-expression matching time", "the run's remaining time, or 1 us per remaining step with only `max_steps`"),
]
"""What each bound covers, for ``docs/security-limits.md`` (kept in step by a test)."""


_WIDE = "\u0100"
"""A sample of text that is not ASCII (for ``check_string_size``)."""


def string_bytes(chars: int, text: str | None = None) -> int:
    """The bytes a string of ``chars`` characters may take: 1 each for ASCII, else 4 each."""
    return chars if text is None or text.isascii() else chars * WIDE_CHAR_BYTES


def check_string_size(chars: int, what: str, sample: str | None = None) -> None:
    """Raise ``MLLimitError`` when a string of ``chars`` characters would exceed the limit.

    ``sample`` is a string of the same kind as the result (the repeated or padded text): when it is
    not pure ASCII, each character counts as four bytes.
    """
    if chars > MAX_STRING_CHARS or (sample is not None and string_bytes(chars, sample) > MAX_STRING_CHARS):
        raise MLLimitError(
            f"{what} would build a string of {chars} characters "
            f"(limit: {MAX_STRING_CHARS} characters of ASCII, a quarter of that otherwise)"
        )


def check_array_size(items: int, what: str) -> None:
    """Raise ``MLLimitError`` when an array of ``items`` items would exceed the limit."""
    if items > MAX_ARRAY_ITEMS:
        raise MLLimitError(
            f"{what} would build an array of {items} items (limit: {MAX_ARRAY_ITEMS} items)"
        )


def check_sort_size(items: int, what: str) -> None:
    """Raise ``MLLimitError`` before sorting more than ``MAX_SORT_ITEMS`` items in one C call."""
    if items > MAX_SORT_ITEMS:
        raise MLLimitError(f"{what} would sort {items} items (limit: {MAX_SORT_ITEMS} items; "
                           "sort smaller arrays, or pass a key function)")


def charge_work() -> None:
    """Charge the run one step for an expensive operation (see the module docstring)."""
    from mlpy.runtime.limits import current_meter  # noqa: PLC0415 - light, kept lazy

    current_meter().tick()


def charged(items: Iterable[T]) -> Iterator[T]:
    """``items``, charging the run one step every ``TICK_ITEMS`` of them.

    For loops that build one small array per item (``enumerate``, ``zip``, ``chunk``): making
    millions of containers also runs the cyclic garbage collector over them again and again
    (seconds for two million), so such a loop must stop at the time limit like any other."""
    for index, item in enumerate(items):
        if not index % TICK_ITEMS and index:
            charge_work()
        yield item


def check_containers(count: int, what: str) -> None:
    """Refuse a single C call that would build more than ``MAX_CONTAINERS`` arrays or objects."""
    if count > MAX_CONTAINERS:
        raise MLLimitError(f"{what} would build up to {count} arrays and objects in one step "
                           f"(limit: {MAX_CONTAINERS})")


def check_int_bits(bits: int, what: str) -> None:
    """Raise ``MLLimitError`` when an integer of ``bits`` bits would exceed ``MAX_INT_BITS``."""
    if bits > MAX_INT_BITS:
        raise MLLimitError(
            f"{what} would give an integer of about {int(bits * math.log10(2))} digits "
            f"(limit: {MAX_INT_DIGITS} digits)"
        )


def check_int_product(a: int, b: int) -> None:
    """Refuse ``a * b`` of two integers above the size limit; charge a step when it is costly."""
    bits = a.bit_length() + b.bit_length()
    check_int_bits(bits, "this '*'")
    if bits > _EXPENSIVE_BITS:
        charge_work()


def check_int_division(a: int, b: int, what: str) -> None:
    """Refuse ``a // b`` / ``a % b`` of two integers whose schoolbook division costs too much."""
    divisor = b.bit_length()
    quotient = a.bit_length() - divisor
    if quotient > 64 and divisor > 64:
        if quotient * divisor > MAX_DIVISION_WORK:
            raise MLLimitError(
                f"{what} of a {a.bit_length()}-bit integer by a {divisor}-bit one is too much work "
                f"(limit: {MAX_DIVISION_WORK:.0e} quotient bits x divisor bits)"
            )
        if quotient * divisor > _EXPENSIVE_BITS * 64:
            charge_work()


def _repeat_count(value: Any) -> int | None:
    """The repeat count if ``value`` is an int (bools count as 0/1), else None."""
    if isinstance(value, int):
        return int(value)
    return None


def guarded_add(a: Any, b: Any) -> Any:
    """ML ``a + b`` of anything but two numbers: Python's ``+`` with a size check, so that a
    doubling loop (``x = x + x``) ends with a limit error instead of exhausting the host's memory."""
    ta = type(a)
    if ta is str and type(b) is str:
        size = len(a) + len(b)
        check_string_size(size, "this '+'", None if a.isascii() and b.isascii() else _WIDE)
    elif ta is list and type(b) is list:
        size = len(a) + len(b)
        check_array_size(size, "this '+'")
    else:
        return a + b
    if size > TICK_ITEMS:
        charge_work()  # a chain of big '+' counts no step otherwise: 3,000 lines of 32 MB ran 7 s
    return a + b


def checked_size(value: Any) -> Any:
    """The ``__ml_sized`` helper: ``value`` (the result of a ``+``) unless it is a string or array
    over the size limit."""
    kind = type(value)
    if kind is str:
        check_string_size(len(value), "this '+'", value)
    elif kind is list:
        check_array_size(len(value), "this '+'")
    else:
        return value
    if len(value) > TICK_ITEMS:
        charge_work()  # as guarded_add does
    return value


def guarded_mul(a: Any, b: Any) -> Any:
    """ML ``a * b``: Python's ``*`` with a size check for integer products and for string and
    array repetition."""
    ta = type(a)
    tb = type(b)
    if ta is float or tb is float:
        return a * b
    if ta is int and tb is int:
        if not (_NEG_SMALL < a < _SMALL and _NEG_SMALL < b < _SMALL):
            check_int_product(a, b)
        return a * b
    if isinstance(a, (str, list)):
        count = _repeat_count(b)
        if count is not None and count > 1:
            _check_repeat(a, count)
    elif isinstance(b, (str, list)):
        count = _repeat_count(a)
        if count is not None and count > 1:
            _check_repeat(b, count)
    return a * b


def _check_repeat(seq: str | list[Any], count: int) -> None:
    total = len(seq) * count
    if isinstance(seq, str):
        check_string_size(total, "repeating a string", seq)
    else:
        check_array_size(total, "repeating an array")


def guarded_pow(a: Any, b: Any) -> Any:
    """ML ``a ** b``: Python's ``**`` refusing integer results above ``MAX_INT_BITS``."""
    if isinstance(a, int) and isinstance(b, int) and b > 1 and a not in (0, 1, -1):
        bits = int(b) * math.log2(abs(int(a))) if b < 1 << 62 else float(b)
        check_int_bits(int(bits), "the power")
        if bits > _EXPENSIVE_BITS:
            charge_work()
    result = a**b
    if type(result) is complex:  # (-8) ** 0.5: Python answers with a complex number, not an ML value
        raise ValueError("a negative number cannot be raised to a fractional power")
    return result


def guarded_floordiv(a: Any, b: Any) -> Any:
    """ML ``a // b``: Python's ``//`` refusing integer divisions that cost too much work."""
    if type(a) is int and type(b) is int and not (_NEG_SMALL < a < _SMALL):
        check_int_division(a, b, "this '//'")
    return a // b


_FORMAT_SIZES = re.compile(r"[0-9]{9,}")  # widths/precisions that may exceed MAX_STRING_CHARS


def guarded_mod(a: Any, b: Any) -> Any:
    """ML ``a % b``: the remainder. A string on the left is an ML TypeError: Python's ``str % x``
    is printf formatting, which would show raw Python objects (``<... object at 0x..>``) and build
    strings of any width or precision. Integer remainders are refused when the division behind
    them would cost too much work."""
    if isinstance(a, (str, bytes, bytearray)):
        from mlpy.runtime.errors_runtime import ml_type_error  # noqa: PLC0415 - error path only

        # A width or precision beyond the string limit is reported as the limit it would break
        # (as `"x" * n` is), whatever else is wrong with the expression.
        for digits in _FORMAT_SIZES.findall(a if isinstance(a, str) else bytes(a).decode("latin-1")):
            check_string_size(int(digits) if len(digits) < 19 else MAX_STRING_CHARS + 1, "formatting with '%'")
        raise ml_type_error("'%' needs numbers, not a string on the left; to format text use "
                            "format() or '+'")
    if type(a) is int and type(b) is int and not (_NEG_SMALL < a < _SMALL):
        check_int_division(a, b, "this '%'")
    return a % b


def check_compared(a: Any, b: Any) -> None:
    """Refuse comparing two arrays or objects that a comparison could expand beyond
    ``MAX_EXPANDED_ITEMS`` items (``check_expanded_size`` on each side). Forty ``a = [a, a]`` make a
    value of 80 small arrays whose comparison with an equal copy visits 2**41 pairs in one C call.
    Anything else (numbers, strings, a value with itself) compares in time linear in its size."""
    if type(a) in _CONTAINERS and type(b) in _CONTAINERS and a is not b:
        check_expanded_size(a, "this comparison")
        check_expanded_size(b, "this comparison")


def guarded_eq(a: Any, b: Any) -> bool:
    """ML ``a == b`` under limits: Python's ``==`` after ``check_compared``."""
    if type(a) in _CONTAINERS and type(b) in _CONTAINERS and a is not b:
        check_compared(a, b)
    return bool(a == b)


def guarded_ne(a: Any, b: Any) -> bool:
    """ML ``a != b`` under limits (see ``guarded_eq``)."""
    return not guarded_eq(a, b)


def guarded_lt(a: Any, b: Any) -> Any:
    """ML ``a < b`` under limits: two arrays compare item by item (each pair of items with ``==``
    first, in C), so the same check as ``guarded_eq`` comes first."""
    if type(a) in _CONTAINERS and type(b) in _CONTAINERS:
        check_compared(a, b)
    return a < b


def guarded_le(a: Any, b: Any) -> Any:
    """ML ``a <= b`` under limits (see ``guarded_lt``)."""
    if type(a) in _CONTAINERS and type(b) in _CONTAINERS:
        check_compared(a, b)
    return a <= b


def guarded_gt(a: Any, b: Any) -> Any:
    """ML ``a > b`` under limits (see ``guarded_lt``)."""
    if type(a) in _CONTAINERS and type(b) in _CONTAINERS:
        check_compared(a, b)
    return a > b


def guarded_ge(a: Any, b: Any) -> Any:
    """ML ``a >= b`` under limits (see ``guarded_lt``)."""
    if type(a) in _CONTAINERS and type(b) in _CONTAINERS:
        check_compared(a, b)
    return a >= b


_CONTAINERS = (list, dict, tuple)


def check_width(width: Any, what: str, sample: str | None = None) -> None:
    """Refuse padding widths (``zfill``, ``center``, ``ljust``) that would build a huge string."""
    if isinstance(width, int) and width > MAX_STRING_CHARS // WIDE_CHAR_BYTES:
        check_string_size(int(width), what, sample)


_SPEC_NUMBERS = re.compile(r"[0-9]+")


def check_format_fields(spec: str, what: str) -> None:
    """Refuse a format spec or directive whose width or precision exceeds ``MAX_FORMAT_WIDTH``."""
    for digits in _SPEC_NUMBERS.findall(spec):
        if len(digits) > 7 or int(digits) > MAX_FORMAT_WIDTH:
            raise MLLimitError(f"{what}: a field width or precision of {digits} is too large "
                               f"(limit: {MAX_FORMAT_WIDTH})")


MAX_EXPANDED_ITEMS = MAX_ARRAY_ITEMS
"""Most items (containers and leaves, shared ones counted each time) a deep traversal may visit."""


def expanded_size(value: Any, stop: int = MAX_EXPANDED_ITEMS, sizes: dict[int, int] | None = None) -> int:
    """How many items a full traversal of ``value`` visits, shared containers counted each time.

    Forty lines of ``a = [a, a];`` build a value of 80 small arrays whose traversal (``str``,
    ``json.stringify``, ``flatten``) visits 2**41 items: hours in one C call, out of reach of the
    cooperative step and time limits. Each distinct container is counted once (memoised by
    identity, iteratively so any depth is fine); a cycle counts as one item (the consumers show or
    refuse it themselves). Stops counting past ``stop``. ``sizes`` (id -> size) carries the memo
    from one call to the next when several values alive together are measured (``expanded_total``).
    """
    if not isinstance(value, (list, tuple, dict)):
        return 1
    if sizes is None:
        sizes = {}
    active: set[int] = set()
    # (node, None, 0) to discover a node; (node, its unsized arrays, the rest of its size) to finish it
    stack: list[tuple[Any, list[Any] | None, int]] = [(value, None, 0)]
    while stack:
        node, later, total = stack.pop()
        key = id(node)
        if later is not None:
            for child in later:
                total += sizes.get(id(child), 1)  # a child still active (a cycle) counts once
                if total > stop:
                    return total
            sizes[key] = total
            active.discard(key)
            continue
        if key in sizes or key in active:
            continue
        total = 1 + len(node)
        later = []
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, (list, tuple, dict)):
                known = sizes.get(id(child))
                if known is not None:
                    total += known - 1
                elif _LEAF_TYPES.issuperset(map(type, child.values() if isinstance(child, dict) else child)):
                    sizes[id(child)] = len(child) + 1  # numbers and strings only: sized at once
                    total += len(child)
                else:
                    later.append(child)
        if total - len(later) > stop:
            return total
        if not later:
            sizes[key] = total
            continue
        active.add(key)
        stack.append((node, later, total - len(later)))
        stack.extend((child, None, 0) for child in later if id(child) not in active)
    return sizes.get(id(value), 1)


def check_expanded_size(value: Any, what: str) -> None:
    """Raise ``MLLimitError`` when traversing ``value`` would visit more than the limit of items.

    Measuring a large value is a Python loop that charges no step itself: past ``TICK_ITEMS`` items
    it charges the run one, so a statement chaining many checked operations on large values
    (``a == b && a == b && ...``) still stops at the deadline."""
    if isinstance(value, (list, tuple, dict)) and len(value):
        size = expanded_size(value)
        if size > MAX_EXPANDED_ITEMS:
            raise MLLimitError(
                f"{what} would visit more than {MAX_EXPANDED_ITEMS} items (the value shares its arrays "
                "or objects so often that it expands beyond the limit)"
            )
        if size > TICK_ITEMS:
            charge_work()


_SEQUENCES = frozenset({list, tuple})
_LEAF_TYPES = frozenset({int, float, str, bool, type(None)})
"""Values a comparison visits as one item (a string compares in one C loop over real characters)."""


def limits_active() -> bool:
    """Whether the run of this thread has a time, step, memory or depth limit: the checks of whole
    collections below apply only then (without limits, a run may take as long as it takes)."""
    from mlpy.runtime.limits import current_meter  # noqa: PLC0415 - light, kept lazy

    return current_meter().limits.active()


def _refuse_comparing(what: str) -> NoReturn:
    raise MLLimitError(
        f"{what} could compare more than {MAX_COMPARE_WORK} items of arrays and objects in one step "
        "(the values share their arrays or objects so often, or are so many, that comparing them "
        "expands beyond the limit)"
    )


def expanded_total(items: Iterable[Any], stop: int = MAX_EXPANDED_ITEMS) -> int:
    """The summed ``expanded_size`` of ``items``, each distinct array walked once for all of them (an
    array holding only numbers, strings, booleans and null is measured without a walk). Stops
    counting past ``stop``."""
    sizes: dict[int, int] = {}
    total = 0
    for item in items:
        kind = type(item)
        if kind is list or kind is tuple:
            flat = _LEAF_TYPES.issuperset(map(type, item))
        elif kind is dict:
            flat = _LEAF_TYPES.issuperset(map(type, item.values()))
        else:
            total += 1
            continue
        total += len(item) + 1 if flat else expanded_size(item, stop - total, sizes)
        if total > stop:
            break
    return total


def _ordering_budget(count: int) -> int:
    """The expansion ``count`` items to sort may have in all: a sort compares each item about
    log2(count) times, each comparison visiting at most the smaller item's expansion."""
    return MAX_COMPARE_WORK // max(1, (count - 1).bit_length())


def check_ordering(items: list[Any] | tuple[Any, ...], what: str, sorting: bool = True) -> None:
    """Under limits, refuse sorting ``items`` (``sorting``; else taking their minimum or maximum, one
    comparison per item) when they are arrays or objects whose comparisons could visit more than
    ``MAX_COMPARE_WORK`` items in all: two different values built by forty ``a = [a, a]`` take hours
    to compare in one C call. Numbers and strings are never walked."""
    if len(items) < 2 or _SEQUENCES.isdisjoint(map(type, items)) or not limits_active():
        return  # only arrays order item by item: an object or a number compares at once, or fails
    budget = _ordering_budget(len(items)) if sorting else MAX_COMPARE_WORK
    if set(map(type, items)) <= _SEQUENCES and set(map(type, chain.from_iterable(items))) <= _LEAF_TYPES:
        total = len(items) + sum(map(len, items))  # arrays of numbers and strings: measured in C
    else:
        total = expanded_total(items, budget)
    if total > budget:
        _refuse_comparing(what)
    if total > TICK_ITEMS:
        charge_work()  # measuring took a Python loop (see check_expanded_size)


def check_search(items: list[Any] | tuple[Any, ...], value: Any, what: str) -> None:
    """Under limits, refuse a search for an array or object ``value`` among ``items`` (``index``,
    ``count``, ``remove``, ``collections.indexOf``) that could compare more than ``MAX_COMPARE_WORK``
    items in all, or whose ``value`` alone expands beyond ``MAX_EXPANDED_ITEMS`` (as ``==`` refuses).
    Python's ``==`` answers at once for ``value`` itself and for an item of another type or length;
    any other item may be compared with all of ``value``'s expansion."""
    kind = type(value)
    if kind not in _CONTAINERS or not value or not limits_active():
        return
    candidates = operator.countOf(map(type, items), kind)
    if not candidates:
        return
    size = expanded_size(value)
    if size > TICK_ITEMS:
        charge_work()  # measuring took a Python loop (see check_expanded_size)
    if size > MAX_EXPANDED_ITEMS or candidates * size > MAX_COMPARE_WORK:
        width = len(value)  # counted again: the value itself and other lengths compare at once
        candidates = sum(1 for item in items if type(item) is kind and item is not value and len(item) == width)
        if candidates and size > MAX_EXPANDED_ITEMS:
            check_expanded_size(value, what)
        if candidates * size > MAX_COMPARE_WORK:
            _refuse_comparing(what)


TICK_ITEMS = 4096
"""Items a Python-level loop over ML data handles per step it charges (see ``charge_items``)."""


def charge_items(done: int, before: int) -> None:
    """Charge the run's meter one step each time a loop over ML data passes ``TICK_ITEMS`` items.

    The step and time limits are checked at ML steps only, so a long loop inside a bridge (a
    flatten, a JSON copy) could otherwise outrun ``--timeout``: calling this with the items done
    before and after each chunk of work lets the limits fire inside such loops too.
    """
    if done // TICK_ITEMS != before // TICK_ITEMS:
        from mlpy.runtime.limits import current_meter  # noqa: PLC0415 - light, kept lazy

        current_meter().tick()


__all__ = [
    "BOUNDS",
    "MAX_DIVISION_WORK",
    "MAX_FORMAT_WIDTH",
    "MAX_INT_BITS",
    "MAX_REGEX_LITERAL",
    "MAX_REGEX_PATTERN",
    "MAX_ROUND_DIGITS",
    "MAX_SORT_ITEMS",
    "MAX_CONTAINERS",
    "MAX_COMPARE_WORK",
    "charge_work",
    "charged",
    "check_compared",
    "check_containers",
    "check_format_fields",
    "check_int_bits",
    "check_int_division",
    "check_int_product",
    "check_ordering",
    "check_search",
    "check_sort_size",
    "guarded_eq",
    "guarded_ge",
    "guarded_gt",
    "guarded_le",
    "guarded_lt",
    "guarded_floordiv",
    "guarded_ne",
    "string_bytes",
    "MAX_ARRAY_ITEMS",
    "MAX_EXPANDED_ITEMS",
    "TICK_ITEMS",
    "charge_items",
    "check_expanded_size",
    "expanded_size",
    "expanded_total",
    "limits_active",
    "MAX_INT_DIGITS",
    "MAX_STRING_CHARS",
    "check_array_size",
    "check_string_size",
    "check_width",
    "guarded_mod",
    "guarded_mul",
    "guarded_pow",
]
