"""Find the runnable code blocks of the Markdown documentation.

A fenced ```` ```ml ```` or ```` ```python ```` block runs when the next fenced block is an
```` ```output ```` block (its exact expected output). A comment just before a block changes that:

- ``<!-- mlpy: no-run REASON -->`` — shown only (the reason is required);
- ``<!-- mlpy: file NAME -->`` — written to ``NAME`` in the page's scratch folder (a module or data
  file that later blocks of the page use);
- ``<!-- mlpy: capabilities=read,write:data -->`` — the run gets these API capability strings.

Every other ``ml``/``python`` block without an output block is an error, so no example can go
unchecked by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<info>[\w+-]*)[^\n]*$")
DIRECTIVE = re.compile(r"^\s*<!--\s*mlpy:\s*(?P<body>.*?)\s*-->\s*$")
RUNNABLE = {"ml", "python"}


@dataclass
class Block:
    """One fenced block of a page."""

    language: str
    code: str
    line: int
    directive: str = ""


@dataclass
class Snippet:
    """A runnable example: its code, how to run it, and what it must print."""

    page: Path
    line: int
    language: str
    code: str
    expected: str | None
    mode: str = "run"  # run | file | no-run
    argument: str = ""
    capabilities: list[str] = field(default_factory=list)

    @property
    def ident(self) -> str:
        return f"{self.page.name}:{self.line}"


def read_blocks(text: str) -> list[Block]:
    """Every fenced block with the ``mlpy:`` directive written on the line before it."""
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = len(match["indent"]), match["fence"]
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            line = lines[index]
            body.append(line[indent:] if line[:indent].isspace() else line.lstrip() if indent else line)
            index += 1
        index += 1
        directive = ""
        previous = start - 1
        while previous >= 0 and not lines[previous].strip():
            previous -= 1
        if previous >= 0 and (found := DIRECTIVE.match(lines[previous])):
            directive = found["body"]
        blocks.append(Block(match["info"].lower(), "\n".join(body) + "\n", start + 1, directive))
    return blocks


def page_snippets(page: Path) -> list[Snippet]:
    """The runnable blocks of one page, in order."""
    blocks = read_blocks(page.read_text(encoding="utf-8"))
    snippets: list[Snippet] = []
    for position, block in enumerate(blocks):
        if block.language not in RUNNABLE:
            continue
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        expected = following.code if following is not None and following.language == "output" else None
        snippet = Snippet(page, block.line, block.language, block.code, expected)
        verb, _, rest = block.directive.partition(" ")
        if verb == "no-run":
            snippet.mode, snippet.argument = "no-run", rest.strip()
        elif verb == "file":
            snippet.mode, snippet.argument = "file", rest.strip()
        elif verb.startswith("capabilities="):
            snippet.capabilities = [c for c in verb.split("=", 1)[1].split(",") if c]
        snippets.append(snippet)
    return snippets


def documentation_pages(root: Path) -> list[Path]:
    """Every Markdown page of the site and the README."""
    return sorted((root / "docs").rglob("*.md")) + [root / "README.md"]
