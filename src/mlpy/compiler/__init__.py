"""mlpy.compiler: ML AST → Python code object (resolver, static rules, lowering, cache).

Public surface: ``compile_source``, ``compile_program``, ``CompileOptions``, ``CompiledProgram``,
``compile_cached``, and ``diagnose``/``diagnose_source`` (every problem as a list of
``mlpy.language.diagnostics.Diagnostic``, for tools). Importing this package loads only the options
and the cache; the parser and the lowering load on the first real compile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlpy.compiler.cache import compile_cached
from mlpy.compiler.options import CompiledProgram, CompileOptions

if TYPE_CHECKING:
    from mlpy.compiler.diagnosis import diagnose, diagnose_source
    from mlpy.compiler.program import compile_program, compile_source


def __getattr__(name: str) -> Any:
    """The compile and diagnose functions load the parser and the lowering on first use."""
    if name in ("compile_source", "compile_program"):
        from mlpy.compiler import program

        return getattr(program, name)
    if name in ("diagnose", "diagnose_source"):
        from mlpy.compiler import diagnosis

        return getattr(diagnosis, name)
    raise AttributeError(f"module 'mlpy.compiler' has no attribute {name!r}")


__all__ = ["CompileOptions", "CompiledProgram", "compile_cached", "compile_program", "compile_source",
           "diagnose", "diagnose_source"]
