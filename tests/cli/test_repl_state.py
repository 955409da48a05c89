"""A REPL session is one run: per-run standard-library state lasts from one entry to the next."""

from __future__ import annotations

from mlpy.cli.repl import MLREPLSession


def test_random_seed_and_log_level_last_across_entries() -> None:
    session = MLREPLSession()
    assert session.execute("import random;").success
    session.execute("random.setSeed(7);")
    assert session.execute("random.getSeed()").echo == "=> 7"
    first = session.execute("a = random.randomInt(0, 1000000); a").echo
    session.execute("random.setSeed(7);")
    assert session.execute("b = random.randomInt(0, 1000000); b").echo == first


def test_two_sessions_do_not_share_state() -> None:
    one, two = MLREPLSession(), MLREPLSession()
    one.execute("import random;")
    two.execute("import random;")
    one.execute("random.setSeed(11);")
    two.execute("random.setSeed(22);")
    assert one.execute("random.getSeed()").echo == "=> 11"
    assert two.execute("random.getSeed()").echo == "=> 22"
