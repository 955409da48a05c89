"""Every ML and Python example in the documentation runs and prints exactly what the page says.

One test per page: its blocks run in order in one scratch folder (the working directory), so a
block marked ``<!-- mlpy: file NAME -->`` can provide a module or a data file for the blocks after
it: ML modules are found next to the program (the scratch folder), extension modules in its
``ext/`` folder. See ``tests/docs/snippets.py`` for the markers.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest
from snippets import Snippet, documentation_pages, page_snippets

import mlpy

ROOT = Path(__file__).resolve().parents[2]
PAGES = [page for page in documentation_pages(ROOT) if page_snippets(page)]


def _run_ml(snippet: Snippet, folder: Path) -> str:
    out = io.StringIO()
    try:
        mlpy.run(snippet.code, filename="example.ml", stdout=out, capabilities=snippet.capabilities,
                 extension_paths=[str(folder / "ext")])
    except mlpy.MLError as error:
        out.write(error.format() + "\n")
    return out.getvalue()


def _run_python(snippet: Snippet, namespace: dict[str, object]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(snippet.code, f"{snippet.ident}", "exec"), namespace)  # noqa: S102 - our own docs
    return out.getvalue()


def _check_page(page: Path, folder: Path) -> list[str]:
    problems: list[str] = []
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for snippet in page_snippets(page):
        where = f"{page.relative_to(ROOT)}:{snippet.line}"
        if snippet.mode == "no-run":
            if not snippet.argument:
                problems.append(f"{where}: a no-run block needs a reason")
            continue
        if snippet.mode == "file":
            (folder / snippet.argument).parent.mkdir(parents=True, exist_ok=True)
            (folder / snippet.argument).write_text(snippet.code, encoding="utf-8")
            continue
        if snippet.expected is None:
            problems.append(f"{where}: {snippet.language} block has no ```output block after it "
                            "(add one, or mark it <!-- mlpy: no-run REASON -->)")
            continue
        try:
            actual = _run_ml(snippet, folder) if snippet.language == "ml" else _run_python(snippet, namespace)
        except Exception as error:  # noqa: BLE001 - reported as the page's failure
            problems.append(f"{where}: raised {type(error).__name__}: {error}")
            continue
        if actual != snippet.expected:
            problems.append(f"{where}: output differs\n--- expected\n{snippet.expected}--- actual\n{actual}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ext").mkdir()
    monkeypatch.setenv("MLPY_DOCS_SCRATCH", str(tmp_path))
    problems = _check_page(page, tmp_path)
    assert not problems, "\n".join(problems)


def test_the_documentation_has_examples() -> None:
    """The site keeps a real body of executed examples (not a handful)."""
    runnable = [s for page in PAGES for s in page_snippets(page) if s.mode == "run"]
    assert len(runnable) >= 75, f"only {len(runnable)} executed examples in docs/"
    assert os.path.isdir(ROOT / "docs")
