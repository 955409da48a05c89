"""mlpy.compiler: ML AST → Python code object (scopes, static checks, code generation, cache).

Public surface (INTERNALS §3): ``compile_source``, ``compile_program``, ``CompileOptions``,
``CompiledProgram`` and ``compile_cached``. Importing this package loads only the standard ``ast``
machinery; the parser is imported on first ``compile_source`` call.
"""

from __future__ import annotations

from mlpy.compiler.cache import compile_cached
from mlpy.compiler.program import CompiledProgram, CompileOptions, compile_program, compile_source

__all__ = ["CompileOptions", "CompiledProgram", "compile_cached", "compile_program", "compile_source"]
