"""mlpy: run untrusted ML scripts inside Python applications.

The embedding API::

    import mlpy
    result = mlpy.run("x = 1 + 2; print(x);", capabilities=["read:/data"], timeout=5)
    result.globals["x"]     # 3

Imports are lazy: ``import mlpy`` loads only this file and the error classes; the compiler, the
runtime, click, rich and prompt_toolkit load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlpy.errors import (
    MLCapabilityError,
    MLCompileError,
    MLError,
    MLImportError,
    MLLimitError,
    MLNameError,
    MLRuntimeError,
    MLSecurityError,
    MLSyntaxError,
    MLTimeoutError,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mlpy.api import CompiledML, Program, RunResult, SandboxPool, compile, run, run_async, run_file

_LAZY = {"compile", "run", "run_file", "run_async", "RunResult", "CompiledML", "Program", "SandboxPool"}


def __getattr__(name: str) -> Any:
    """Load the embedding API on first use so that ``import mlpy`` stays light; the name is then
    kept on the package, so ``mlpy.run`` in a host's loop is a plain attribute read."""
    if name in _LAZY:
        from mlpy import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mlpy' has no attribute {name!r}")


__all__ = [
    "CompiledML",
    "MLCapabilityError",
    "MLCompileError",
    "MLError",
    "MLImportError",
    "MLLimitError",
    "MLNameError",
    "MLRuntimeError",
    "MLSecurityError",
    "MLSyntaxError",
    "MLTimeoutError",
    "Program",
    "RunResult",
    "SandboxPool",
    "__version__",
    "compile",
    "run",
    "run_async",
    "run_file",
]
