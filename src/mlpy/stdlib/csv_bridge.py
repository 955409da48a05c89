"""The ML ``csv`` module: comma-separated (or other delimiter) data to and from arrays.

With ``headers`` true, rows are objects keyed by the header row; otherwise they are arrays of strings.
Cell values are read as strings (no guessing of numbers). Writing turns ``null`` into an empty cell,
booleans into ``true``/``false`` and numbers into their ML text; lines end with ``\\r\\n`` (RFC 4180) and
cells holding the delimiter, quotes or line breaks are quoted. When writing objects the columns are the
keys in order of first appearance; a row without a column gets an empty cell.

``read``, ``count_rows`` and ``get_headers`` need the read grant for the resolved path; ``write`` needs
write; ``append`` needs read and write. ``read_string`` (declared ``file.read`` for compatibility) and
``write_string`` touch no file and check nothing. ``count_rows`` counts data rows, not the header.
``append`` of an object with a key that is not a column of the file raises an error naming the key.
"""

from __future__ import annotations

import csv as _pycsv
import io as _io
from typing import Any

from mlpy.modules.bridge_support import (
    expect_bool,
    expect_dict,
    expect_list,
    expect_str,
    ml_type_name,
    os_error,
    require_path,
)
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.guards import MAX_ARRAY_ITEMS, charge_work, charged, check_array_size


def _delimiter(function: str, value: Any) -> str:
    text = expect_str(function, "delimiter", value)
    if len(text) != 1 or text in "\"\r\n":
        raise ValueError(f"{function}: the delimiter must be one character other than a quote or a "
                         f"line break, got {text!r}")
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise TypeError(f"a cell must be a string, number, boolean or null, got {ml_type_name(value)}")


def _bounded_rows(function: str, reader: Any) -> list[list[str]]:
    """The reader's rows, refusing more cells than an array may hold (a 32 MB string of commas is
    32 million cells, about 1 GB) and charging the run a step every 1024 rows."""
    rows: list[list[str]] = []
    cells = 0
    for row in reader:
        rows.append(row)
        cells += len(row) + 1
        if cells > MAX_ARRAY_ITEMS:
            check_array_size(cells, function)
        if not len(rows) % 1024:
            charge_work()
    return rows


def _parse(function: str, text: str, delimiter: str, headers: bool) -> list[Any]:
    try:
        rows = _bounded_rows(function, _pycsv.reader(_io.StringIO(text, newline=""), delimiter=delimiter,
                                                     strict=True))
    except _pycsv.Error as exc:
        raise ValueError(f"{function}: malformed CSV: {exc}") from None
    if not headers:
        return rows
    if not rows:
        return []
    columns, records = rows[0], []
    for line_number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) > len(columns):
            raise ValueError(f"{function}: row {line_number} has {len(row)} fields but the header has "
                             f"{len(columns)}")
        records.append({name: (row[i] if i < len(row) else "") for i, name in enumerate(columns)})
    return records


def _render_rows(function: str, rows: list[list[Any]], delimiter: str) -> str:
    buffer = _io.StringIO()
    writer = _pycsv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=_pycsv.QUOTE_MINIMAL)
    for index, row in enumerate(charged(rows)):
        try:
            writer.writerow([_cell(value) for value in row])
        except TypeError as exc:
            raise TypeError(f"{function}: row {index}: {exc}") from None
    return buffer.getvalue()


def _table(function: str, data: Any, headers: bool) -> list[list[Any]]:
    """The rows to write (header row first when the data are objects and headers is true)."""
    items = expect_list(function, "data", data)
    if not items:
        return []
    if all(isinstance(item, dict) for item in items):
        columns: list[str] = []
        for item in items:
            for key in item:
                if key not in columns:
                    columns.append(key)
        body = [[item.get(name) for name in columns] for item in items]
        return ([list(columns)] if headers else []) + body
    rows: list[list[Any]] = []
    for index, item in enumerate(items):
        if not isinstance(item, list):
            raise TypeError(f"{function}: every row must be an array (or every row an object); "
                            f"row {index} is {ml_type_name(item)}")
        rows.append(item)
    return rows


def _read_file(function: str, path: Any, encoding: Any) -> str:
    resolved = require_path("read", path, function, "file_path")
    codec = expect_str(function, "encoding", encoding)
    try:
        with open(resolved, encoding=codec, newline="") as handle:
            return handle.read()
    except OSError as exc:
        raise os_error(function, path, exc) from None
    except (LookupError, UnicodeDecodeError) as exc:
        raise ValueError(f"{function}: cannot decode '{path}' as {codec}: {exc}") from None


def _write_file(function: str, path: Any, text: str, encoding: Any, mode: str = "w") -> None:
    resolved = require_path("write", path, function, "file_path")
    codec = expect_str(function, "encoding", encoding)
    try:
        with open(resolved, mode, encoding=codec, newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise os_error(function, path, exc) from None
    except (LookupError, UnicodeEncodeError) as exc:
        raise ValueError(f"{function}: cannot encode as {codec}: {exc}") from None


@ml_module(
    name="csv",
    description="CSV reading and writing",
    capabilities=["file.read", "file.write"],
    version="1.0.0",
)
class CSV:
    """CSV files and strings as arrays of objects or arrays."""

    @ml_function(description="Read a CSV file (objects keyed by the header row when headers is true)",
                 capabilities=["file.read"])
    def read(self, file_path: str, delimiter: str = ",", headers: bool = True,
             encoding: str = "utf-8") -> list[Any]:
        sep = _delimiter("csv.read", delimiter)
        use_headers = expect_bool("csv.read", "headers", headers)
        return _parse("csv.read", _read_file("csv.read", file_path, encoding), sep, use_headers)

    @ml_function(description="Write rows (objects or arrays) to a CSV file", capabilities=["file.write"])
    def write(self, file_path: str, data: list, delimiter: str = ",", headers: bool = True,
              encoding: str = "utf-8") -> None:
        text = self.write_string(data, delimiter, headers)
        _write_file("csv.write", file_path, text, encoding)

    @ml_function(description="Parse CSV text", capabilities=["file.read"])
    def read_string(self, csv_string: str, delimiter: str = ",", headers: bool = True) -> list[Any]:
        text = expect_str("csv.read_string", "csv_string", csv_string)
        sep = _delimiter("csv.read_string", delimiter)
        return _parse("csv.read_string", text, sep, expect_bool("csv.read_string", "headers", headers))

    @ml_function(description="Rows (objects or arrays) as CSV text with \\r\\n line endings",
                 capabilities=[])
    def write_string(self, data: list, delimiter: str = ",", headers: bool = True) -> str:
        sep = _delimiter("csv.write_string", delimiter)
        use_headers = expect_bool("csv.write_string", "headers", headers)
        return _render_rows("csv.write_string", _table("csv.write_string", data, use_headers), sep)

    @ml_function(description="Number of data rows (the header row not counted)", capabilities=["file.read"])
    def count_rows(self, file_path: str, delimiter: str = ",", encoding: str = "utf-8") -> int:
        sep = _delimiter("csv.count_rows", delimiter)
        rows = _parse("csv.count_rows", _read_file("csv.count_rows", file_path, encoding), sep, False)
        rows = [row for row in rows if row]
        return max(len(rows) - 1, 0)

    @ml_function(description="The header row of a CSV file", capabilities=["file.read"])
    def get_headers(self, file_path: str, delimiter: str = ",", encoding: str = "utf-8") -> list[str]:
        sep = _delimiter("csv.get_headers", delimiter)
        rows = _parse("csv.get_headers", _read_file("csv.get_headers", file_path, encoding), sep, False)
        return rows[0] if rows else []

    @ml_function(description="Add one row (object or array) at the end of a CSV file",
                 capabilities=["file.read", "file.write"])
    def append(self, file_path: str, row: Any, delimiter: str = ",", encoding: str = "utf-8") -> None:
        sep = _delimiter("csv.append", delimiter)
        require_path("write", file_path, "csv.append", "file_path")
        resolved = require_path("read", file_path, "csv.append", "file_path")
        import os as _os

        existing = _read_file("csv.append", file_path, encoding) if _os.path.exists(resolved) else ""
        prefix = "" if existing == "" or existing.endswith(("\n", "\r")) else "\r\n"
        if isinstance(row, dict):
            record = expect_dict("csv.append", "row", row)
            rows = _parse("csv.append", existing, sep, False)
            if not rows:
                text = _render_rows("csv.append", [list(record), list(record.values())], sep)
            else:
                columns = rows[0]
                for key in record:
                    if key not in columns:
                        raise ValueError(f"csv.append: '{key}' is not a column of '{file_path}' "
                                         f"(columns: {', '.join(columns)})")
                text = _render_rows("csv.append", [[record.get(name) for name in columns]], sep)
        else:
            text = _render_rows("csv.append", [expect_list("csv.append", "row", row)], sep)
        _write_file("csv.append", file_path, prefix + text, encoding, mode="a")


csv = CSV()
