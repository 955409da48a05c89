"""Malformed jobs in ``mlpy.distributed`` and ``mlpy batch``: one bad job (options ``mlpy.run``
refuses, a file that is not UTF-8, a task that failed on the cluster, a results line cut short)
must cost only its own outcome, never the other jobs' or the resume of the batch.

Before: ``run_many`` raised the bad job's ``TypeError``/``ValueError`` and every other outcome was
lost; ``mlpy batch`` stopped before running anything at a file that is not UTF-8 (and again at every
resume, so the batch could never finish); a record appended after a cut-short line was unreadable.
"""

from __future__ import annotations

import json
from pathlib import Path

import distributed
import pytest
from click.testing import CliRunner

import mlpy
from mlpy.cli.app import cli
from mlpy.distributed import run_many
from mlpy.engine.distributed import _finished


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=1, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as dask:
        yield dask


def test_a_job_with_refused_options_is_its_own_error_and_the_others_run(client) -> None:
    jobs = ["a = 1;", ("b = 2;", {"max_memory": -1}), ("c = 3;", {"bogus": 1}),
            ("d = x;", {"inputs": {"x": {1, 2}}}), "e = 5;"]
    outcomes = run_many(jobs, client=client, timeout=10)
    assert [getattr(outcome, "globals", None) for outcome in outcomes] == [{"a": 1}, None, None, None, {"e": 5}]
    refused = outcomes[1:4]
    assert all(isinstance(error, mlpy.MLError) and error.kind == "JobError" for error in refused)
    assert "max_memory_mb must be a positive number, not -1" in refused[0].message
    assert "bogus" in refused[1].message
    assert "inputs['x']: a Python set cannot be passed to ML" in refused[2].message


def test_a_task_that_failed_on_the_cluster_is_that_jobs_error(client) -> None:
    future = client.submit(divmod, 1, 0, pure=False)
    distributed.wait([future])
    outcome = _finished(future)
    assert isinstance(outcome, mlpy.MLError) and outcome.kind == "JobError"
    assert "ZeroDivisionError" in outcome.message


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_records_a_file_that_is_not_utf8_and_runs_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.ml").write_text("x = 1;\n", encoding="utf-8")
    (tmp_path / "b.ml").write_bytes(b'y = "\xff";\n')
    (tmp_path / "c.ml").write_text("z = 3;\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    files = [str(tmp_path / name) for name in ("a.ml", "b.ml", "c.ml")]
    first = CliRunner().invoke(cli, ["batch", *files, "--out", str(out), "--workers", "1", "--timeout", "10"])
    assert first.exit_code == 1, first.output  # b.ml failed; a.ml and c.ml ran
    records = {Path(record["file"]).name: record for record in _records(out)}
    assert records["a.ml"]["globals"] == {"x": 1} and records["c.ml"]["globals"] == {"z": 3}
    error = records["b.ml"]["error"]
    assert (records["b.ml"]["ok"], error["kind"], error["line"], error["column"]) == (False, "SyntaxError", 1, 6)
    assert error["message"] == "the file is not UTF-8 text (byte 0xff cannot be read as UTF-8)"
    assert error["filename"] == str(tmp_path / "b.ml") and error["hint"] == "save the file with the UTF-8 encoding"

    # A batch killed while writing a line: the next record still starts a line of its own.
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"file": "cut')
    (tmp_path / "d.ml").write_text("w = 4;\n", encoding="utf-8")
    second = CliRunner().invoke(cli, ["batch", *files, str(tmp_path / "d.ml"), "--out", str(out),
                                      "--workers", "1", "--timeout", "10"])
    assert "3 already done" in second.output, second.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[-2] == '{"file": "cut'
    assert json.loads(lines[-1])["globals"] == {"w": 4}


def test_capture_output_among_the_options_is_the_documented_call_not_an_error(client) -> None:
    # docs/embedding.md passes capture_output=True to run_many; every job failed on it before
    # ("got multiple values for keyword argument 'capture_output'").
    outcomes = run_many([("print(n * n);", {"inputs": {"n": n}}) for n in range(3)], client=client,
                        capture_output=True, timeout=10)
    assert [outcome.output for outcome in outcomes] == ["0\n", "1\n", "4\n"]
