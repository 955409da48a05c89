"""The ``mlpy`` command: ``run``, ``transpile``, ``check`` and ``repl``.

Exit status: 0 on success, 1 on a runtime error (or, for ``check``, any error), 2 on a compile error.
Errors are printed as ``FILE:LINE:COL: KIND: message`` with the source line and a caret; Python
tracebacks only with ``--debug``. What the program printed before an error is always kept.

Grant flags follow Deno's model: ``--allow-read`` alone grants everything of that kind,
``--allow-read=/data,/tmp`` grants a list; ``--deny-*`` wins over ``--allow-*``. A bare flag never
swallows the next argument (``mlpy run --allow-read prog.ml`` runs prog.ml).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from mlpy import __version__
from mlpy.errors import MLCompileError, MLError

GRANT_KINDS = ("read", "write", "net", "env")
VALUE_OPTIONS = frozenset(
    {"--timeout", "--max-steps", "--max-memory", "--max-output", "--max-recursion", "-E",
     "--extension-path", "-M", "--ml-module-path", "-o", "--output", "--format"}
)
"""Options whose value is the next argument (needed to find where the program's own arguments start)."""


def _normalise_grant_flags(args: list[str]) -> list[str]:
    """Turn a bare ``--allow-read`` into ``--allow-read=`` so click never takes the next word as its value."""
    out: list[str] = []
    index = 0
    while index < len(args):
        token = args[index]
        out.append(token)
        index += 1
        if token == "--":
            out.extend(args[index:])
            break
        if token in VALUE_OPTIONS and index < len(args):
            out.append(args[index])
            index += 1
        elif token.startswith(("--allow-", "--deny-")) and "=" not in token and token != "--allow-all":
            out[-1] = token + "="
        elif not token.startswith("-") and out[:-1] and out[0] in {"run", "check", "transpile"}:
            out.extend(args[index:])  # the program file: everything after it belongs to the program
            break
    return out


def grant_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--allow-KIND[=...]``, ``--deny-KIND[=...]`` and ``--allow-all`` to a command."""
    for kind in reversed(GRANT_KINDS):
        func = click.option(f"--deny-{kind}", default=None, metavar="[=LIST]",
                            help=f"Deny {kind} access (wins over --allow-{kind}).")(func)
    for kind in reversed(GRANT_KINDS):
        func = click.option(f"--allow-{kind}", default=None, metavar="[=LIST]",
                            help=f"Grant {kind} access: all, or a comma-separated list.")(func)
    return click.option("--allow-all", is_flag=True, help="Grant every capability.")(func)


def limit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the resource limit options of SPEC §4."""
    func = click.option("--max-recursion", type=int, default=None, help="Maximum call depth.")(func)
    func = click.option("--max-output", type=int, default=None, metavar="BYTES",
                        help="Maximum bytes the program may print.")(func)
    func = click.option("--max-memory", type=int, default=None, metavar="MB",
                        help="Memory limit in MB (enforced by the OS with --sandbox).")(func)
    func = click.option("--max-steps", type=int, default=None, metavar="N",
                        help="Maximum loop iterations plus calls.")(func)
    return click.option("--timeout", type=float, default=None, metavar="SECONDS",
                        help="Wall-clock time limit.")(func)


def path_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``-E/--extension-path`` and ``-M/--ml-module-path`` (repeatable)."""
    func = click.option("-M", "--ml-module-path", "ml_module_paths", multiple=True, metavar="DIR",
                        help="Directory searched for ML modules (repeatable).")(func)
    return click.option("-E", "--extension-path", "extension_paths", multiple=True, metavar="DIR",
                        help="Directory searched for Python extension modules (repeatable).")(func)


def grants_from_options(options: dict[str, Any]) -> Any:
    """Build the ``Grants`` of a command's grant flags."""
    from mlpy.runtime.capabilities import Grants

    kwargs = {f"{verb}_{kind}": options.get(f"{verb}_{kind}") for verb in ("allow", "deny")
              for kind in GRANT_KINDS}
    return Grants.from_cli(allow_all=bool(options.get("allow_all")), **kwargs)


def _limits_from_options(options: dict[str, Any]) -> Any:
    """The ``Limits`` of a command's limit options (``--timeout`` applies per REPL entry)."""
    from mlpy.runtime.limits import Limits

    return Limits(timeout=options.get("timeout"), max_steps=options.get("max_steps"),
                  max_memory_mb=options.get("max_memory"), max_output_bytes=options.get("max_output"),
                  max_recursion=options.get("max_recursion"))


def _report(error: BaseException, debug: bool) -> None:
    """Print an error for a person: positioned ML text, a Python traceback only with --debug."""
    sys.stdout.flush()
    if debug:
        import traceback

        traceback.print_exception(error)
    text = error.format() if isinstance(error, MLError) else f"mlpy: internal error: {error!r}"
    click.echo(text, err=True)


def _exit_code(error: BaseException) -> int:
    return 2 if isinstance(error, MLCompileError) else 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mlpy")
def cli() -> None:
    """mlpy: run ML, a security-first scripting language compiled to Python."""


@cli.command(context_settings={"allow_interspersed_args": False, "ignore_unknown_options": True})
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@grant_options
@limit_options
@path_options
@click.option("--sandbox", is_flag=True, help="Run in a child process with OS resource limits.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks of internal errors.")
def run(file: str, args: Sequence[str], **options: Any) -> None:
    """Compile and run an ML program with the capabilities granted by flags."""
    from mlpy.api import run_file

    debug = bool(options.pop("debug"))
    try:
        grants = grants_from_options(options)
        run_file(
            file, capabilities=grants, argv=list(args), sandbox=bool(options["sandbox"]),
            stdin=sys.stdin,
            timeout=options["timeout"], max_steps=options["max_steps"],
            max_memory=options["max_memory"], max_output=options["max_output"],
            max_recursion=options["max_recursion"],
            extension_paths=list(options["extension_paths"]),
            ml_module_paths=list(options["ml_module_paths"]),
        )
    except MLError as error:
        _report(error, debug)
        sys.exit(_exit_code(error))
    except KeyboardInterrupt:
        click.echo("mlpy: interrupted", err=True)
        sys.exit(130)
    except ValueError as error:  # bad flag values
        click.echo(f"mlpy: {error}", err=True)
        sys.exit(2)
    except Exception as error:  # noqa: BLE001 - a bug in mlpy itself
        _internal_error(error, debug)


def _internal_error(error: Exception, debug: bool) -> None:
    """Report a failure of mlpy itself (not of the ML program) and exit 1: one line, and the Python
    traceback only with ``--debug`` (SPEC §1.6: tracebacks are never shown otherwise)."""
    _report(error, debug)
    if not debug:
        click.echo("mlpy: run with --debug to see the Python traceback", err=True)
    sys.exit(1)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the Python code to this file instead of printing it.")
@path_options
def transpile(file: str, output: str | None, extension_paths: Sequence[str],
              ml_module_paths: Sequence[str]) -> None:
    """Print the readable Python code an ML program compiles to (needs the mlpy runtime to run)."""
    from mlpy.cli.tools import transpile_file

    try:
        text = transpile_file(file, list(extension_paths), list(ml_module_paths))
    except MLError as error:
        _report(error, False)
        sys.exit(_exit_code(error))
    except Exception as error:  # noqa: BLE001 - a bug in mlpy itself
        _internal_error(error, False)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="Output format.")
@path_options
def check(file: str, output_format: str, extension_paths: Sequence[str],
          ml_module_paths: Sequence[str]) -> None:
    """Parse and analyse a program without running it (exit 1 when it has errors)."""
    from mlpy.cli.tools import check_file

    try:
        report = check_file(file, list(extension_paths), list(ml_module_paths))
    except Exception as error:  # noqa: BLE001 - a bug in mlpy itself
        _internal_error(error, False)
    click.echo(report.render(output_format))
    sys.exit(1 if report.errors else 0)


@cli.command()
@click.option("--basic", is_flag=True, help="Plain line mode (the default when stdin is not a terminal).")
@click.option("--watch", is_flag=True, help="Reload loaded modules automatically when their files change.")
@grant_options
@limit_options
@path_options
def repl(basic: bool, watch: bool, **options: Any) -> None:
    """Start the interactive ML REPL."""
    from mlpy.cli.repl import run_repl

    try:
        grants = grants_from_options(options)
    except ValueError as error:
        click.echo(f"mlpy: {error}", err=True)
        sys.exit(2)
    from mlpy.config import resolve_paths

    # -E/-M first, then the project file found upward from the working directory, then the env.
    ext_paths, ml_paths, _config = resolve_paths(
        list(options["extension_paths"]), list(options["ml_module_paths"]), Path.cwd())
    code = run_repl(
        basic=basic or not sys.stdin.isatty(), watch=watch, grants=grants,
        extension_paths=ext_paths, ml_module_paths=ml_paths,
        limits=_limits_from_options(options),
    )
    sys.exit(code or 0)


def _one_line_warnings() -> None:
    """Show warnings (project file, module collisions) as ``mlpy: warning: ...`` lines on stderr."""
    import warnings

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: Any = None, line: str | None = None) -> None:
        click.echo(f"mlpy: warning: {message}", err=True)

    warnings.showwarning = show


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``mlpy`` console script."""
    _one_line_warnings()
    args = list(sys.argv[1:] if argv is None else argv)
    cli.main(args=_normalise_grant_flags(args), prog_name="mlpy")


if __name__ == "__main__":
    main()
