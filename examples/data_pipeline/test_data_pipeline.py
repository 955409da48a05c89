"""The data pipeline on a real Dask LocalCluster (2 worker processes)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from order_pipeline import load_records, main, run_pipeline, summary
from rich.console import Console

import mlpy

HERE = Path(__file__).resolve().parent
TRANSFORM = HERE / "transforms" / "normalise_orders.ml"
INPUTS = [HERE / "data" / "orders.csv", HERE / "data" / "orders_web.json"]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as dask_client:
        yield dask_client


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def order(number: int, **changes: str) -> dict[str, str]:
    return {"order_id": f"T{number:03d}", "customer": "ada", "country": "de", "amount": "10.00",
            "currency": "EUR", "status": "paid", **changes}


def test_records_are_cleaned_in_order_with_a_progress_bar(client: Any) -> None:
    screen = io.StringIO()
    report = run_pipeline(TRANSFORM, INPUTS, client=client, console=Console(file=screen, width=100))
    assert report.failures == [], [failure.describe() for failure in report.failures]
    assert (report.records_in, report.chunks, len(report.records)) == (150, 7, 129)
    assert report.records[:2] == [
        {"id": "A0001", "customer": "fay", "country": "NL", "net_eur": 259.75, "vat_eur": 54.55, "status": "paid"},
        {"id": "A0002", "customer": "bob", "country": "ES", "net_eur": 382.93, "vat_eur": 80.42, "status": "paid"},
    ]
    assert [record["id"] for record in report.records][-1] == "B0030"
    assert not any(record["status"] == "test" for record in report.records)
    assert report.steps > 150
    assert "normalise_orders.ml: chunks" in screen.getvalue() and "7/7" in screen.getvalue(), screen.getvalue()


def test_run_many_without_progress_gives_the_same_records(client: Any) -> None:
    with_bar = run_pipeline(TRANSFORM, INPUTS, client=client, console=Console(file=io.StringIO()))
    plain = run_pipeline(TRANSFORM, INPUTS, client=client, progress=False)
    assert plain.records == with_bar.records and plain.failures == []


def test_a_failing_chunk_keeps_its_error_and_the_others_go_on(client: Any, tmp_path: Path) -> None:
    rows = [order(n) for n in range(1, 11)]
    rows[6] = order(7, currency="XYZ")
    data = write_csv(tmp_path / "orders.csv", rows)
    report = run_pipeline(TRANSFORM, [data], client=client, chunk_size=3, progress=False)
    assert [record["id"] for record in report.records] == ["T001", "T002", "T003", "T004", "T005", "T006", "T010"]
    [failure] = report.failures
    assert (failure.source, failure.first, failure.last) == ("orders.csv", 7, 9)
    assert failure.error.line == 17 and failure.error.column == 9
    assert failure.describe().endswith("normalise_orders.ml:17:9: Error: order T007: unknown currency 'XYZ'")


def test_transforms_run_sandboxed_and_limited(client: Any, tmp_path: Path) -> None:
    data = write_csv(tmp_path / "orders.csv", [order(1)])
    nosy = tmp_path / "nosy.ml"
    nosy.write_text('import file;\nresult = [file.read("/etc/passwd")];\n', encoding="utf-8")
    spin = tmp_path / "spin.ml"
    spin.write_text("result = [];\nwhile (true) {\n    result.append(1);\n    result.pop();\n}\n", encoding="utf-8")
    no_result = tmp_path / "no_result.ml"
    no_result.write_text("n = len(records);\n", encoding="utf-8")
    [read_failure] = run_pipeline(nosy, [data], client=client, progress=False).failures
    assert isinstance(read_failure.error, mlpy.MLCapabilityError)
    assert "nosy.ml:2:11: CapabilityError: file.read: reading '/etc/passwd' is not allowed" in read_failure.describe()
    [spin_failure] = run_pipeline(spin, [data], client=client, progress=False).failures
    assert isinstance(spin_failure.error, mlpy.MLLimitError)
    assert "step limit of 2000000 exceeded" in spin_failure.describe()
    [shape_failure] = run_pipeline(no_result, [data], client=client, progress=False).failures
    assert "the transform must set 'result' to an array of records" in shape_failure.describe()


def test_a_transform_that_does_not_compile_runs_nothing(client: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ml"
    broken.write_text("result = records.map(fn(r) => r.__dict__);\n", encoding="utf-8")
    with pytest.raises(mlpy.MLSyntaxError, match=r"broken.ml:1:33: SyntaxError: identifiers beginning with '__'"):
        run_pipeline(broken, INPUTS, client=client)


def test_inputs_in_csv_json_and_json_lines(tmp_path: Path) -> None:
    lines = tmp_path / "r.jsonl"
    lines.write_text('{"a": 1}\n\n{"a": 2}\n', encoding="utf-8")
    assert load_records(lines) == [{"a": 1}, {"a": 2}]
    assert load_records(INPUTS[0])[0]["amount"] == "259.75"
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="expected an array of objects"):
        load_records(bad)


def test_the_command_prints_what_the_readme_shows(client: Any, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cleaned.jsonl"
    status = main([str(TRANSFORM), *map(str, INPUTS), "--out", str(out), "--scheduler", client.scheduler.address])
    assert status == 0
    printed = capsys.readouterr().out
    text = (HERE / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- summary -->", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert printed == block
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 129 and written[0]["id"] == "A0001"
    assert summary(run_pipeline(TRANSFORM, INPUTS, client=client, progress=False)) == printed.splitlines()
