"""The builtin functions as an editor shows them: signature and first line of documentation.

Read from the runtime's table of builtins (the functions ML programs actually call), so completion
and hover cannot drift from what exists.
"""

from __future__ import annotations

import functools
import inspect

from mlpy.tools.lsp.module_index import MemberDoc


def _labels(func: object) -> tuple[str, ...]:
    try:
        signature = inspect.signature(func)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ()
    labels: list[str] = []
    for param in signature.parameters.values():
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            labels.append("..." + param.name)
        elif param.default is inspect.Parameter.empty or param.default.__class__.__name__ == "object":
            labels.append(param.name)
        else:
            labels.append(f"{param.name} = {param.default!r}")
    return tuple(labels)


@functools.cache
def builtin_docs() -> dict[str, MemberDoc]:
    """ML name -> description of every builtin function."""
    from mlpy.runtime.builtins import BUILTINS

    docs: dict[str, MemberDoc] = {}
    for name, func in sorted(BUILTINS.items()):
        if not callable(func):
            continue
        params = _labels(func)
        doc = (inspect.getdoc(func) or "").split("\n\n")[0]
        docs[name] = MemberDoc(name, "function", f"{name}({', '.join(params)})", params, doc, (), None)
    return docs
