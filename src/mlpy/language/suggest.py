"""Did-you-mean: the name a misspelt name most likely meant, by edit distance.

One function for every "did you mean" mlpy prints (unknown identifiers, module members, REPL
hints), so they all agree. A suggestion must be close for the length of the name: one edit for
names up to four characters, two up to eight, three beyond. Swapping two neighbouring letters
counts as one edit (``pritn`` -> ``print``), a difference only in case is always offered first
(``Print`` -> ``print``), and a one-letter name is never offered for a longer one (``fib`` never
gets ``i``: a short name is within two edits of too much to be a useful guess).
"""

from __future__ import annotations

from collections.abc import Iterable


def edit_distance(a: str, b: str, limit: int) -> int:
    """The optimal-string-alignment distance between ``a`` and ``b`` (insertions, deletions,
    substitutions and swaps of neighbours, each one edit); ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def allowed_edits(name: str) -> int:
    """How many edits a suggestion for ``name`` may be away."""
    if len(name) <= 4:
        return 1
    return 2 if len(name) <= 8 else 3


def closest_name(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` most likely meant, or None when none is close enough."""
    pool = sorted({c for c in candidates if c != name and (len(c) > 1 or len(name) == 1)})
    lowered = name.lower()
    for candidate in pool:
        if candidate.lower() == lowered:
            return candidate
    limit = allowed_edits(name)
    best: tuple[int, bool, int, str] | None = None
    for candidate in pool:
        distance = edit_distance(lowered, candidate.lower(), limit)
        if distance > limit:
            continue
        key = (distance, candidate[:1].lower() != lowered[:1], abs(len(candidate) - len(name)), candidate)
        if best is None or key < best:
            best = key
    return best[3] if best is not None else None


__all__ = ["allowed_edits", "closest_name", "edit_distance"]
