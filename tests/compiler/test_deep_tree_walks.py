"""The recursion limit raised for deep tree walks is shared by concurrent compiles: the first to
enter raises it, the last to leave restores it, so one thread finishing early never lowers it under
another thread's walk."""

from __future__ import annotations

import sys
import threading

from mlpy.compiler.program import _WALK_RECURSION_LIMIT, deep_tree_walks


def test_overlapping_walks_restore_the_limit_only_when_the_last_one_leaves() -> None:
    before = sys.getrecursionlimit()
    assert before < _WALK_RECURSION_LIMIT
    second_inside = threading.Event()
    first_left = threading.Event()
    seen: list[int] = []

    def second() -> None:
        with deep_tree_walks():
            second_inside.set()
            first_left.wait(5)
            seen.append(sys.getrecursionlimit())  # the first walk has left: still raised

    with deep_tree_walks():
        thread = threading.Thread(target=second)
        thread.start()
        second_inside.wait(5)
    first_left.set()
    thread.join(5)
    assert seen == [_WALK_RECURSION_LIMIT]
    assert sys.getrecursionlimit() == before

