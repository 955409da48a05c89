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
from mlpy.cli.entry import announce_project_file, one_line_warnings, read_program
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
        elif not token.startswith("-") and out[:-1] and out[0] in {"run", "check", "transpile", "debug"}:
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


class WholeNumber(click.ParamType):
    """A whole number written as ``1000000``, ``1_000_000`` or in scientific notation (``1e6``)."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        from mlpy.runtime.builtins import number_from_text

        number = number_from_text(str(value).strip())
        if number is None or (isinstance(number, float) and not number.is_integer()):
            self.fail(f"{value!r} is not a whole number", param, ctx)
        return int(number)


WHOLE = WholeNumber()


def limit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the resource limit options (``--timeout``, ``--max-steps``, ``--max-memory`` ...)."""
    func = click.option("--max-recursion", type=WHOLE, default=None, help="Maximum call depth.")(func)
    func = click.option("--max-output", type=WHOLE, default=None, metavar="BYTES",
                        help="Maximum bytes the program may print.")(func)
    func = click.option("--max-memory", type=WHOLE, default=None, metavar="MB",
                        help="Memory limit in MB (enforced by the OS with --sandbox).")(func)
    func = click.option("--max-steps", type=WHOLE, default=None, metavar="N",
                        help="Maximum loop iterations plus calls.")(func)
    return click.option("--timeout", type=float, default=None, metavar="SECONDS",
                        help="Wall-clock time limit.")(func)


def path_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``-E/--extension-path`` and ``-M/--ml-module-path`` (repeatable)."""
    func = click.option("-M", "--ml-module-path", "ml_module_paths", multiple=True, metavar="DIR",
                        help="Directory searched for ML modules (repeatable).")(func)
    return click.option("-E", "--extension-path", "extension_paths", multiple=True, metavar="DIR",
                        help="Directory searched for Python extension modules (repeatable).")(func)


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


class _Commands(click.Group):
    """The ``mlpy`` group. The tool and debugger commands (``cli/tools.py``, ``cli/debug.py``) are
    added the first time one of them is asked for (or the list of commands, for ``--help``), so a
    ``mlpy run`` with options does not pay for defining them."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            _LAZY_COMMANDS[cmd_name]()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for register in set(_LAZY_COMMANDS.values()):
            register()
        return super().list_commands(ctx)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
    from mlpy.engine.options import options_from_cli
    from mlpy.engine.pipeline import run_source

    debug = bool(options.get("debug"))
    try:
        run_options = options_from_cli(options, file, argv=list(args), stdin=sys.stdin)
        announce_project_file(run_options)
        run_source(read_program(file), file, run_options)
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
    traceback only with ``--debug`` (never otherwise: a user sees ML errors, not mlpy's insides)."""
    _report(error, debug)
    if not debug:
        click.echo("mlpy: run with --debug to see the Python traceback", err=True)
    sys.exit(1)


def _register_tool_commands() -> None:
    """``check``, ``fmt`` and ``transpile``: front ends of ``mlpy.tools`` (see ``cli/tools.py``)."""
    if "check" in cli.commands:
        return
    from mlpy.cli.tools import register

    register(cli, path_options)


def _register_debug_commands() -> None:
    """``debug`` and ``dap``: front ends of ``mlpy.tools.debugger`` (see ``cli/debug.py``)."""
    if "debug" in cli.commands:
        return
    from mlpy.cli.debug import register

    register(cli, grant_options, limit_options, path_options)


_LAZY_COMMANDS: dict[str, Callable[[], None]] = {
    "check": _register_tool_commands, "fmt": _register_tool_commands,
    "transpile": _register_tool_commands, "debug": _register_debug_commands,
    "dap": _register_debug_commands,
}
"""Commands defined on first use, and the function that adds them to ``cli``."""


@cli.command()
@click.option("--basic", is_flag=True, help="Plain line mode (the default when stdin is not a terminal).")
@click.option("--watch", is_flag=True, help="Reload loaded modules automatically when their files change.")
@click.option("--debug", is_flag=True, help="Show the Python traceback under errors (.debug on).")
@grant_options
@limit_options
@path_options
def repl(basic: bool, watch: bool, **options: Any) -> None:
    """Start the interactive ML REPL."""
    from mlpy.cli.repl import run_repl
    from mlpy.config import find_project_file
    from mlpy.engine.options import options_from_cli

    try:
        # -E/-M first, then the project file found upward from the working directory, then the env.
        run_options = options_from_cli(options, "<repl>",
                                       project_file=find_project_file(Path.cwd()) or "off")
        announce_project_file(run_options)
    except ValueError as error:
        click.echo(f"mlpy: {error}", err=True)
        sys.exit(2)
    code = run_repl(run_options, basic=basic or not sys.stdin.isatty(), watch=watch)
    sys.exit(code or 0)


@cli.command()
@click.option("--tcp", "tcp_port", type=int, default=None, metavar="PORT",
              help="Listen on this TCP port (127.0.0.1) instead of stdin/stdout.")
def lsp(tcp_port: int | None) -> None:
    """Start the ML language server (needs the extra: pip install 'mlpy[lsp]')."""
    try:
        from mlpy.tools.lsp.server import serve
    except ImportError as error:
        click.echo(f"mlpy: the language server needs pygls: pip install 'mlpy[lsp]' ({error})", err=True)
        sys.exit(1)
    serve(tcp_port=tcp_port)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="The JSON-lines results file (appended to; files already in it are skipped).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="A running Dask scheduler.")
@click.option("--workers", type=int, default=None, help="Workers of the local cluster (default: CPUs).")
@grant_options
@limit_options
@path_options
def batch(files: Sequence[str], out_path: str, scheduler: str | None, workers: int | None,
          **options: Any) -> None:
    """Run many ML files on a Dask cluster, each sandboxed; resumable (needs 'mlpy[distributed]')."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        click.echo(f"mlpy: batch needs dask.distributed: pip install 'mlpy[distributed]' ({error})", err=True)
        sys.exit(1)
    from rich.progress import Progress

    from mlpy.engine.batch import run_batch
    from mlpy.engine.options import options_from_cli

    try:
        options_from_cli(options, "<batch>")  # bad flag values fail before a cluster starts
        if scheduler:
            client, cluster = Client(scheduler), None
        else:
            cluster = LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                                   dashboard_address=":0")
            client = Client(cluster)
    except (ValueError, MLError, OSError) as error:
        click.echo(f"mlpy: {error}", err=True)
        sys.exit(2)
    try:
        with Progress(transient=False) as bar:
            task = bar.add_task("running", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            counts = run_batch(files, Path(out_path), lambda file: options_from_cli(options, file),
                               client=client, progress=progress)
    except (ValueError, MLError, OSError) as error:  # a file's project file, an unreadable file
        click.echo(f"mlpy: {error}", err=True)
        sys.exit(2)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    click.echo(f"mlpy: {counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} already done "
               f"-> {out_path}", err=True)
    sys.exit(1 if counts["failed"] else 0)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``mlpy`` console script."""
    one_line_warnings()
    args = list(sys.argv[1:] if argv is None else argv)
    cli.main(args=_normalise_grant_flags(args), prog_name="mlpy")


if __name__ == "__main__":
    main()
