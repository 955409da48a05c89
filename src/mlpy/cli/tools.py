"""``mlpy check``, ``mlpy fmt`` and ``mlpy transpile``: thin click front ends over ``mlpy.tools``.

``register(group, path_options)`` adds the commands to the ``mlpy`` group (``cli/app.py`` calls it,
passing its ``-E``/``-M`` option decorator). The work is done by the libraries; here only arguments
are read, output is printed and the exit status chosen:

- ``check``: 0 when no file has an error, 1 otherwise (2 for unusable arguments);
- ``fmt``: 0 when every file is (or has been made) canonical; with ``--check`` 1 when some file
  would change; 2 when a file is not valid ML (nothing is written for it);
- ``transpile``: 0, or 2 for a program that does not compile.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from mlpy.errors import MLCompileError, MLError

PathOptions = Callable[[Callable[..., Any]], Callable[..., Any]]



def replace_text(path: Path, text: str) -> None:
    """Write ``text`` over ``path`` without ever leaving a half-written file: the text goes to a
    temporary file beside the real target (symlinks followed), which then replaces it in one step
    with the original's permissions. A full disk leaves the source as it was."""
    import os
    import tempfile

    target = path.resolve()
    mode = target.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

def register(group: click.Group, path_options: PathOptions) -> None:
    """Add ``check``, ``fmt`` and ``transpile`` to ``group``."""
    group.add_command(_check_command(path_options))
    group.add_command(_fmt_command())
    group.add_command(_transpile_command(path_options))


def _check_command(path_options: PathOptions) -> click.Command:
    @click.command(name="check")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
    @click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif"]),
                  default="text", help="text (default), json (one object per file, one per line) "
                                       "or sarif (SARIF 2.1.0).")
    @click.option("--suggest-grants", is_flag=True,
                  help="Also print the grants the program needs, inferred from its standard-library "
                       "calls, as --allow-* flags and an mlpy.toml section.")
    @path_options
    def check(paths: Sequence[str], output_format: str, suggest_grants: bool,
              extension_paths: Sequence[str], ml_module_paths: Sequence[str]) -> None:
        """Parse and analyse programs without running them: every syntax error, unknown name, import
        problem and security finding, and the capabilities they request. PATHS are files or folders
        (searched for *.ml). Exit status 1 when any error is found."""
        from mlpy.tools.check import check_paths, report_text

        reports = check_paths(paths, extension_paths=extension_paths, ml_module_paths=ml_module_paths)
        if not reports:
            click.echo("mlpy check: no .ml files found in " + ", ".join(paths), err=True)
            sys.exit(2)
        if output_format == "json":
            for report in reports:
                click.echo(json.dumps(report.as_json()))
        elif output_format == "sarif":
            from mlpy.tools.sarif import sarif_log

            click.echo(json.dumps(sarif_log(reports), indent=2))
        else:
            click.echo("\n".join(report_text(report) for report in reports))
            if len(reports) > 1:
                click.echo(_summary(reports))
        if suggest_grants:
            _print_suggested_grants(reports, err=output_format != "text")
        sys.exit(0 if all(report.ok for report in reports) else 1)

    return check


def _summary(reports: Sequence[Any]) -> str:
    """``checked 12 files: 3 errors and 1 warning in 2 files``."""
    errors = sum(len(report.errors) for report in reports)
    warnings = sum(len(report.warnings) for report in reports)
    failing = sum(1 for report in reports if report.diagnostics)
    if not errors and not warnings:
        return f"checked {len(reports)} files: all ok"
    return f"checked {len(reports)} files: {errors} error(s) and {warnings} warning(s) in {failing} file(s)"


def _print_suggested_grants(reports: Sequence[Any], *, err: bool) -> None:
    """The grants inferred for the checked files (on stderr when stdout carries JSON or SARIF)."""
    from mlpy.tools.grants_inference import infer_grants, suggestion_text

    for report in reports:
        if report.source is None:
            continue
        inferred = infer_grants(report.source, report.filename)
        click.echo(suggestion_text(inferred, report.filename), err=err)


def _fmt_command() -> click.Command:
    @click.command(name="fmt")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
    @click.option("--check", "check_only", is_flag=True,
                  help="Change nothing; list the files that are not formatted and exit 1 if any.")
    def fmt(paths: Sequence[str], check_only: bool) -> None:
        """Format ML programs in the canonical layout (4-space indents, K&R braces, one statement
        per line, comments kept). PATHS are files or folders (searched for *.ml); '-' formats
        stdin to stdout."""
        from mlpy.tools.check import ml_files
        from mlpy.tools.fmt import format_source

        status = 0
        if "-" in paths:
            source = sys.stdin.read()
            try:
                formatted = format_source(source, "<stdin>")
            except MLError as error:
                click.echo(error.format(), err=True)
                sys.exit(2)
            if check_only:
                if formatted != source:
                    click.echo("<stdin>")
                    status = 1
            else:
                click.echo(formatted, nl=False)
        for path in ml_files(p for p in paths if p != "-"):
            try:
                source = path.read_text(encoding="utf-8")
                formatted = format_source(source, str(path))
            except MLError as error:
                click.echo(error.format(), err=True)
                status = 2
                continue
            except (OSError, UnicodeDecodeError) as error:
                click.echo(f"mlpy fmt: cannot read {path}: {error}", err=True)
                status = 2
                continue
            if formatted == source:
                continue
            if check_only:
                click.echo(str(path))
                status = max(status, 1)
            else:
                try:
                    replace_text(path, formatted)
                except OSError as error:
                    click.echo(f"mlpy fmt: cannot write {path}: {error}", err=True)
                    status = 2
                    continue
                click.echo(f"formatted {path}", err=True)
        sys.exit(status)

    return fmt


def _transpile_command(path_options: PathOptions) -> click.Command:
    @click.command(name="transpile")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                  help="Write the Python code to this file instead of printing it.")
    @path_options
    def transpile(file: str, output: str | None, extension_paths: Sequence[str],
                  ml_module_paths: Sequence[str]) -> None:
        """Print the readable Python code an ML program compiles to (needs the mlpy runtime to run)."""
        from mlpy.tools.transpile import transpile_file

        try:
            text = transpile_file(file, extension_paths=extension_paths, ml_module_paths=ml_module_paths)
        except MLError as error:
            click.echo(error.format(), err=True)
            sys.exit(2 if isinstance(error, MLCompileError) else 1)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as error:
                click.echo(f"mlpy transpile: cannot write {output}: {error}", err=True)
                sys.exit(1)
            click.echo(f"wrote {output}", err=True)
        else:
            click.echo(text, nl=False)

    return transpile


__all__ = ["register"]
