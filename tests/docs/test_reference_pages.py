"""The generated reference pages in docs/reference/ match the code they are generated from."""

from __future__ import annotations

from pathlib import Path

from mlpy.cli.reference_pages import render_reference_pages
from mlpy.tools import stdlib_reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_committed_reference_pages_are_current() -> None:
    stale = [relative for relative, text in render_reference_pages().items()
             if not (DOCS / relative).exists() or (DOCS / relative).read_text(encoding="utf-8") != text]
    assert not stale, (f"stale generated pages: {stale}; run `python -m mlpy.cli.reference_pages docs` "
                       "and commit the result")


def test_every_standard_module_and_function_is_documented() -> None:
    names = stdlib_reference.standard_module_names()
    assert len(names) == 16
    for name in names:
        page = (DOCS / "reference" / "stdlib" / f"{name}.md").read_text(encoding="utf-8")
        for function in stdlib_reference.module_doc(name).functions:
            assert f"`{name}.{function.signature}`" in page


def test_a_docstring_change_makes_the_page_stale(monkeypatch) -> None:
    """Deleting a function's description (docstring and metadata) changes the rendered page."""
    doc = stdlib_reference.module_doc("math")
    sqrt = next(f for f in doc.functions if f.name == "sqrt")
    before = stdlib_reference.render_module_page(doc)
    emptied = type(doc)(**{**doc.__dict__, "functions": tuple(
        type(sqrt)(**{**sqrt.__dict__, "summary": "", "details": ""}) if f is sqrt else f
        for f in doc.functions)})
    assert stdlib_reference.render_module_page(emptied) != before
    assert "Square root" in before


def test_a_new_function_appears_in_the_reference() -> None:
    from mlpy.stdlib.decorators import MODULE_INFO_ATTR, FunctionInfo
    from mlpy.stdlib.module_registry import get_registry

    math_class = type(get_registry().get_module("math"))
    info = getattr(math_class, MODULE_INFO_ATTR)
    added = FunctionInfo(name="cube", description="x to the third power")
    info.functions["cube"] = added
    info.method_names["cube"] = "cube"
    math_class.cube = lambda self, x: x ** 3
    try:
        page = stdlib_reference.render_module_page(stdlib_reference.module_doc("math"))
        assert "### `math.cube(x)`" in page
        assert page != (DOCS / "reference" / "stdlib" / "math.md").read_text(encoding="utf-8")
    finally:
        del info.functions["cube"], info.method_names["cube"]
        del math_class.cube
