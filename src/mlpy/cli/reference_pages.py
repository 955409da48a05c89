"""Generate the reference pages of the documentation: the CLI (from the click commands) and the
standard library (from the modules' metadata).

``python -m mlpy.cli.reference_pages [DOCS_DIR]`` rewrites ``DOCS_DIR/reference/``; the test
``tests/docs/test_reference_pages.py`` fails when the committed pages are stale.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import click

from mlpy.tools.stdlib_reference import PAGE_HEADER, render_all


def _command_section(name: str, command: click.Command, parent: click.Context) -> list[str]:
    """One ``## mlpy NAME`` section: usage, description, and a table of options."""
    ctx = click.Context(command, info_name=name, parent=parent)
    usage = " ".join(command.collect_usage_pieces(ctx))
    lines = [f"## `mlpy {name}`", "", f"```text\nmlpy {name} {usage}\n```", ""]
    help_text = inspect.cleandoc(command.help or "")  # docstrings keep their indentation in click
    if help_text:
        lines += [help_text, ""]
    rows = []
    for param in command.get_params(ctx):
        if isinstance(param, click.Argument):
            continue  # arguments are in the usage line; click versions differ in listing them
        record = param.get_help_record(ctx)
        if record is None:
            continue
        flags, description = record
        rows.append(f"| `{flags}` | {description.replace('|', '/')} |")
    if rows:
        lines += ["| Option | Meaning |", "|---|---|"] + rows + [""]
    return lines


def render_cli_page() -> str:
    """The Markdown reference of every ``mlpy`` command, generated from the click definitions."""
    from mlpy.cli.app import cli

    # with the group's context settings (``-h``/``--help``), as the real command line has them
    root = click.Context(cli, info_name="mlpy", **cli.context_settings)
    lines = [
        "# Command line reference", "",
        (cli.help or "").strip(), "",
        "Exit status: 0 on success, 1 on a runtime error (or, for `check`, any error found), "
        "2 on a compile error or a bad option.", "",
    ]
    for name in sorted(cli.list_commands(root)):
        command = cli.get_command(root, name)
        if command is not None and not command.hidden:
            lines += _command_section(name, command, root)
    return PAGE_HEADER + "\n".join(lines).rstrip() + "\n"


def render_reference_pages() -> dict[str, str]:
    """Relative path under ``docs/`` -> page text, for every generated reference page."""
    pages = {f"reference/stdlib/{name}": text for name, text in render_all().items()}
    pages["reference/cli.md"] = render_cli_page()
    return pages


def write_reference_pages(docs_dir: Path) -> list[Path]:
    """Write every generated page under ``docs_dir`` and return the paths that changed."""
    changed = []
    for relative, text in render_reference_pages().items():
        target = docs_dir / relative
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        changed.append(target)
    return changed


if __name__ == "__main__":
    docs = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    for path in write_reference_pages(docs):
        print(f"wrote {path}")
