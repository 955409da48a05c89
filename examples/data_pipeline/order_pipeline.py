"""Apply a user's ML transform to CSV/JSON records, fanned out over a Dask cluster.

The records of every input file are cut into chunks; each chunk is one job of
``mlpy.distributed`` (the transform's source with ``inputs={"records": chunk}``), which runs in a
sandboxed process of a Dask worker's ``SandboxPool`` with the limits given here and no capabilities.
A chunk whose run fails keeps its ``MLError`` in its place; the other chunks' records are kept.

    python examples/data_pipeline/order_pipeline.py examples/data_pipeline/transforms/normalise_orders.ml \\
        examples/data_pipeline/data/orders.csv examples/data_pipeline/data/orders_web.json --out cleaned.jsonl

A rich progress bar follows the chunks as they finish (``iter_many``, the streaming form of
``run_many``); without it, ``run_many`` returns every outcome in chunk order at once.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import mlpy
from mlpy.distributed import iter_many, run_many

LIMITS: dict[str, Any] = {"timeout": 10.0, "max_steps": 2_000_000, "max_memory": 256, "max_output": 100_000}
"""Per-chunk limits: every run is sandboxed, so a memory limit is a hard one."""


def load_records(path: Path) -> list[dict[str, Any]]:
    """The records of a ``.csv`` (a header row, values as text), ``.json`` (an array of objects) or
    ``.jsonl`` (one object per line) file."""
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    text = path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl" \
        else json.loads(text)
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise ValueError(f"{path}: expected an array of objects")
    return records


@dataclass
class ChunkFailure:
    """A chunk whose run failed: where its records came from and the ML error."""

    source: str
    first: int
    last: int
    error: mlpy.MLError

    def describe(self) -> str:
        return f"{self.source} records {self.first}-{self.last}: {self.error.headline}"


@dataclass
class PipelineReport:
    """What a pipeline run produced."""

    records_in: int = 0
    records: list[Any] = field(default_factory=list)
    failures: list[ChunkFailure] = field(default_factory=list)
    chunks: int = 0
    steps: int = 0


def make_chunks(inputs: Sequence[Path], size: int) -> list[tuple[str, int, list[dict[str, Any]]]]:
    """(file name, number of its first record, records) for every chunk of ``size`` records."""
    chunks = []
    for path in inputs:
        records = load_records(path)
        for start in range(0, len(records), size):
            chunks.append((path.name, start + 1, records[start:start + size]))
    return chunks


def run_pipeline(transform: Path, inputs: Sequence[Path], *, client: Any = None, chunk_size: int = 25,
                 console: Console | None = None, progress: bool = True) -> PipelineReport:
    """Run ``transform`` over the records of ``inputs`` on the Dask cluster of ``client`` (a
    ``LocalCluster`` for this call when ``None``)."""
    program = mlpy.compile(transform.read_text(encoding="utf-8"), str(transform), inputs=["records"])
    chunks = make_chunks(inputs, chunk_size)
    jobs = [(program, {"inputs": {"records": records}}) for _source, _first, records in chunks]
    outcomes: list[mlpy.RunResult | mlpy.MLError | None] = [None] * len(jobs)
    if progress:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console or Console(stderr=True)) as bar:
            task = bar.add_task(f"{transform.name}: chunks", total=len(jobs))
            for index, finished in iter_many(jobs, client, **LIMITS):
                outcomes[index] = finished
                bar.advance(task)
    else:
        outcomes = list(run_many(jobs, client, **LIMITS))
    report = PipelineReport(records_in=sum(len(records) for _s, _f, records in chunks), chunks=len(jobs))
    for (source, first, records), outcome in zip(chunks, outcomes, strict=True):
        if isinstance(outcome, mlpy.MLError):
            report.failures.append(ChunkFailure(source, first, first + len(records) - 1, outcome))
            continue
        assert outcome is not None
        produced = outcome.globals.get("result")
        if not isinstance(produced, list):
            error = mlpy.MLError("the transform must set 'result' to an array of records", str(transform))
            report.failures.append(ChunkFailure(source, first, first + len(records) - 1, error))
            continue
        report.records.extend(produced)
        report.steps += outcome.stats.steps or 0
    return report


def summary(report: PipelineReport) -> list[str]:
    """The lines the command prints after a run: counts, net totals per country, failures."""
    lines = [f"{report.records_in} records in {report.chunks} chunks -> {len(report.records)} records out, "
             f"{len(report.failures)} failed chunks"]
    totals: dict[str, float] = {}
    for record in report.records:
        if isinstance(record, dict) and isinstance(record.get("net_eur"), int | float):
            country = str(record.get("country"))
            totals[country] = totals.get(country, 0.0) + record["net_eur"]
    lines.extend(f"  {country:8} {total:>10.2f} EUR net" for country, total in sorted(totals.items()))
    lines.extend(f"failed: {failure.describe()}" for failure in report.failures)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Apply an ML transform to CSV/JSON records on a Dask cluster.")
    parser.add_argument("transform", type=Path)
    parser.add_argument("inputs", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, help="write the records out as JSON lines")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the LocalCluster")
    parser.add_argument("--chunk-size", type=int, default=25)
    args = parser.parse_args(argv)

    from distributed import Client, LocalCluster

    if args.scheduler:
        client, cluster = Client(args.scheduler), None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    try:
        report = run_pipeline(args.transform, args.inputs, client=client, chunk_size=args.chunk_size)
    except mlpy.MLError as exc:  # the transform does not compile
        print(exc, file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if args.out:
        args.out.write_text("".join(json.dumps(record) + "\n" for record in report.records), encoding="utf-8")
    print("\n".join(summary(report)))
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
