"""mlpy.distributed on a real LocalCluster of processes: order, errors in place, a killed worker."""

from __future__ import annotations

import os
import signal

import pytest

import mlpy
from mlpy.distributed import iter_many, run_many

distributed = pytest.importorskip("distributed")  # the optional extra; not a security test


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as dask:
        yield dask


def test_results_come_in_job_order_with_errors_in_place(client):
    program = mlpy.compile("y = x * 2;", inputs=["x"])
    jobs = ["a = 1;", ("print(v);", {"inputs": {"v": "hi"}}), "b = 1 / 0;", (program, {"inputs": {"x": 4}})]
    outcomes = run_many(jobs, client=client, timeout=10)
    assert len(outcomes) == 4
    assert outcomes[0].globals == {"a": 1}
    assert (outcomes[1].globals, outcomes[1].output) == ({"v": "hi"}, "hi\n")
    assert isinstance(outcomes[2], mlpy.MLRuntimeError) and outcomes[2].error_type == "ZeroDivisionError"
    assert outcomes[2].line == 1
    assert outcomes[3].globals["y"] == 8


def test_a_worker_killed_mid_batch_loses_no_job(client):
    jobs = [f"s = 0;\nfor (i in range(300000)) {{ s = s + i; }}\nn = {k};" for k in range(16)]
    outcomes: dict[int, object] = {}
    killed = None
    for index, outcome in iter_many(jobs, client=client, timeout=60):
        outcomes[index] = outcome
        if killed is None:
            busy = [worker for worker, keys in client.processing().items() if keys]
            pids = client.run(os.getpid, workers=busy[:1]) if busy else {}
            if pids:
                killed = next(iter(pids.values()))
                os.kill(killed, signal.SIGKILL)
    assert killed is not None, "no worker was busy to be killed"
    assert sorted(outcomes) == list(range(16))
    assert [outcomes[k].globals["n"] for k in range(16)] == list(range(16))
