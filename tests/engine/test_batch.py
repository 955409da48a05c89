"""``mlpy batch``: every file answered in the results file, resumable, errors recorded in place."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mlpy.cli.app import cli

pytest.importorskip("distributed")  # the optional extra; not a security test


def _records(path) -> dict[str, dict]:
    return {json.loads(line)["file"].rsplit("/", 1)[-1]: json.loads(line)
            for line in path.read_text().splitlines()}


def test_batch_runs_every_file_and_resumes(tmp_path):
    (tmp_path / "a.ml").write_text('x = 40 + 2;\nprint("a");\n')
    (tmp_path / "b.ml").write_text("y = 1;\nz = y / 0;\n")
    (tmp_path / "secret.txt").write_text("s")
    (tmp_path / "c.ml").write_text(f'import file;\nt = file.read("{tmp_path / "secret.txt"}");\n')
    out = tmp_path / "results.jsonl"
    files = [str(tmp_path / name) for name in ("a.ml", "b.ml", "c.ml")]
    first = CliRunner().invoke(cli, ["batch", *files[:2], "--out", str(out), "--workers", "1",
                                     "--timeout", "10"])
    assert first.exit_code == 1, first.output  # b.ml failed
    records = _records(out)
    assert sorted(records) == ["a.ml", "b.ml"]
    assert (records["a.ml"]["ok"], records["a.ml"]["globals"], records["a.ml"]["output"]) == (True, {"x": 42}, "a\n")
    assert records["b.ml"]["ok"] is False
    assert (records["b.ml"]["error"]["error_type"], records["b.ml"]["error"]["line"]) == ("ZeroDivisionError", 2)

    second = CliRunner().invoke(cli, ["batch", *files, "--out", str(out), "--workers", "1",
                                      f"--allow-read={tmp_path}"])
    assert "2 already done" in second.output, second.output
    lines = out.read_text().splitlines()
    assert len(lines) == 3  # a and b were not run again
    assert _records(out)["c.ml"]["globals"]["t"] == "s"


def test_batch_refusals_advise_the_batch_command_s_own_flags(tmp_path):
    (tmp_path / "loop.ml").write_text("while (true) {}\n")
    (tmp_path / "secret.txt").write_text("s")
    (tmp_path / "read.ml").write_text(f'import file;\nt = file.read("{tmp_path / "secret.txt"}");\n')
    out = tmp_path / "results.jsonl"
    done = CliRunner().invoke(cli, ["batch", str(tmp_path / "loop.ml"), str(tmp_path / "read.ml"),
                                    "--out", str(out), "--workers", "1", "--timeout", "1"])
    assert done.exit_code == 1, done.output
    records = _records(out)
    assert records["loop.ml"]["error"]["message"] == "time limit of 1.0 s exceeded (--timeout)"
    assert f"Run with --allow-read={tmp_path / 'secret.txt'} to allow it." in records["read.ml"]["error"]["message"]
