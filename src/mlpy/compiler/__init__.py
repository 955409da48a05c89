"""mlpy.compiler: ML AST → Python code object (scopes, static checks, code generation, cache).

Public surface (INTERNALS §3): ``compile_source``, ``compile_program``, ``CompileOptions``,
``CompiledProgram`` and ``compile_cached``. Importing this package loads only the
options and the cache; the parser and code generator load on the first real compile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlpy.compiler.cache import compile_cached
from mlpy.compiler.options import CompiledProgram, CompileOptions

if TYPE_CHECKING:
    from mlpy.compiler.program import compile_program, compile_source


def __getattr__(name: str) -> Any:
    """``compile_source``/``compile_program`` load the parser and code generator on first use."""
    if name in ("compile_source", "compile_program"):
        from mlpy.compiler import program

        return getattr(program, name)
    raise AttributeError(f"module 'mlpy.compiler' has no attribute {name!r}")

__all__ = ["CompileOptions", "CompiledProgram", "compile_cached", "compile_program", "compile_source"]
