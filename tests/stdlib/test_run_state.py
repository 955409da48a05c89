"""Module settings are per run: one tenant's log level, log files or random seed never reach the
next run in the same process (the module instances themselves are process-wide)."""

from __future__ import annotations

import io
from pathlib import Path

import mlpy


def run(source: str, *capabilities: str) -> str:
    out = io.StringIO()
    mlpy.run(source, capabilities=list(capabilities), stdout=out)
    return out.getvalue()


def test_a_log_file_added_by_one_run_is_not_written_by_the_next(tmp_path: Path, capsys) -> None:
    trap = tmp_path / "trap.log"
    run(f'import log; log.set_timestamp(false); log.add_file("{trap}"); log.info("first");',
        f"write:{tmp_path}")
    run('import log; log.set_timestamp(false); log.info("second tenant secret");', f"write:{tmp_path}")
    assert trap.read_text() == "INFO: first\n"
    assert capsys.readouterr().err == "INFO: first\nINFO: second tenant secret\n"


def test_a_log_level_set_by_one_run_does_not_silence_the_next(capsys) -> None:
    run('import log; log.set_level("critical"); log.set_format("json"); log.info("hidden");')
    run('import log; log.set_timestamp(false); log.info("shown");')
    assert capsys.readouterr().err == "INFO: shown\n"


def test_a_random_seed_set_by_one_run_is_not_seen_by_the_next() -> None:
    assert run("import random; random.setSeed(4242); print(random.getSeed());") == "4242\n"
    assert run("import random; print(random.getSeed());") != "4242\n"


def test_a_seed_within_one_run_is_reproducible() -> None:
    source = "import random; random.setSeed(7); a = random.random(); random.setSeed(7); print(a == random.random());"
    assert run(source) == "true\n"


def test_log_shows_runtime_values_in_ml_notation(capsys) -> None:
    run('import log; import regex; log.set_timestamp(false); '
        'log.warn(iter([1]), {"f": print, "p": regex.compile("a")});')
    assert capsys.readouterr().err == 'WARN: <iterator> {"f": "<function print>", "p": "<Pattern \'a\'>"}\n'
