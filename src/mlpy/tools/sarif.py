"""``mlpy check --format sarif``: check reports as one SARIF 2.1.0 log, for code-scanning tools.

One run of the tool ``mlpy``; one artifact per checked file (its capability requests in the
artifact's property bag), one result per diagnostic with its rule (the diagnostic's code), level and
1-based region (columns counted in Unicode code points, end column exclusive, as SARIF defines).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mlpy.language.diagnostics import Diagnostic
from mlpy.tools.check import CheckReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

RULES: dict[str, str] = {
    "syntax-error": "The text is not valid ML.",
    "unknown-name": "A name is used that nothing defines (no assignment, parameter, function, "
                    "import or builtin).",
    "import-error": "An import names no module, a Python module, or forms a cycle.",
    "reserved-identifier": "Identifiers starting with '__' are reserved for the runtime.",
    "nonlocal-of-local": "'nonlocal' names a parameter or a variable already local.",
    "nonlocal-without-binding": "'nonlocal' names no variable of an enclosing function or the top level.",
    "dunder-member": "Access to an internal ('__') member, never reachable from ML.",
    "dunder-subscript": "A string subscript that looks like a Python internal name.",
    "internal-attribute-probe": "getattr/hasattr of a name starting with '_' (always finds nothing).",
    "shadows-python-name": "A definition named like a dangerous Python builtin.",
    "dangerous-capability": "A capability block requests a dangerous grant (write, net, env, all).",
    "cannot-compile": "The program cannot be compiled.",
    "io-error": "The file cannot be read.",
}
"""Short descriptions of the diagnostic codes (a code not listed here is described by its name)."""

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def sarif_log(reports: Sequence[CheckReport], *, version: str | None = None) -> dict[str, Any]:
    """The SARIF log (a JSON-ready dict) of ``reports``."""
    if version is None:
        from mlpy import __version__ as version
    codes = sorted({d.code for report in reports for d in report.diagnostics})
    rule_index = {code: index for index, code in enumerate(codes)}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for artifact_index, report in enumerate(reports):
        uri = artifact_uri(report.filename)
        artifact: dict[str, Any] = {"location": {"uri": uri}}
        if report.capability_requests:
            artifact["properties"] = {"capabilityRequests": [r.as_json() for r in report.capability_requests]}
        artifacts.append(artifact)
        results.extend(_result(d, uri, artifact_index, rule_index[d.code]) for d in report.diagnostics)
    driver: dict[str, Any] = {
        "name": "mlpy",
        "version": version,
        "rules": [_rule(code) for code in codes],
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    }


def artifact_uri(filename: str) -> str:
    """A file's URI: relative (with ``/``) when it lies below the working directory, else ``file:``."""
    path = Path(filename)
    if not path.is_absolute():
        return path.as_posix()
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_uri()
    if relative.startswith(".."):
        return path.as_uri()
    return Path(relative).as_posix()


def _rule(code: str) -> dict[str, Any]:
    description = RULES.get(code, code.replace("-", " "))
    return {"id": code, "name": "".join(part.capitalize() for part in code.split("-")),
            "shortDescription": {"text": description}}


def _result(diagnostic: Diagnostic, uri: str, artifact_index: int, rule_index: int) -> dict[str, Any]:
    text = diagnostic.message if not diagnostic.hint else f"{diagnostic.message} (hint: {diagnostic.hint})"
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _LEVELS.get(diagnostic.severity, "warning"),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "index": artifact_index},
                "region": {
                    "startLine": diagnostic.line, "startColumn": diagnostic.column,
                    "endLine": diagnostic.end_line, "endColumn": max(diagnostic.end_column, diagnostic.column),
                },
            },
        }],
    }


__all__ = ["RULES", "SARIF_SCHEMA", "SARIF_VERSION", "artifact_uri", "sarif_log"]
