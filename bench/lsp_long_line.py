"""Language-server latency on one very long line (about 20,000 characters).

Completion, hover, definition and signature help read the text before the cursor; this times each
request on lines shaped to stress that reading (a long dotted chain, many short words, one huge
word, a long string), with the document already analysed (the server re-analyses only when the
text changed; that time is printed separately). Run: ``python bench/lsp_long_line.py``; set
``MLPY_SRC`` to time another source tree (``MLPY_SRC=/work/base/src``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

sys.path.insert(0, os.environ.get("MLPY_SRC", os.path.join(os.path.dirname(__file__), "..", "src")))

from lsprotocol import types as t  # noqa: E402

from mlpy.tools.lsp import features  # noqa: E402
from mlpy.tools.lsp.analysis import Analysis, analyse  # noqa: E402
from mlpy.tools.lsp.module_index import ModuleIndex  # noqa: E402

LENGTH = 20_000


def _lines() -> dict[str, str]:
    """Long statements; requests go at the end of the line and in its middle."""
    count = LENGTH // 3
    return {
        "chain": "x = " + ".".join(["ab"] * count) + ".c;",  # completion after a 6,666-name chain
        "no-chain": "x = " + ".".join(["ab"] * count) + " + 1;",  # the chain search fails everywhere
        "words": "x = " + " + ".join(["value"] * (LENGTH // 8)) + ";",  # a 2,500-deep sum
        "word": "x = " + "w" * LENGTH + ";",  # one 20,000-letter name
        "spaces": "x = " + " " * LENGTH + "va;",
        "string": 'x = "' + "a.b " * (LENGTH // 4) + '" + math.pi;',
        "call": "x = max(" + ", ".join(["value"] * (LENGTH // 7)) + ");",
        "import": "import " + ".".join(["a"] * (LENGTH // 2)) + " x;",
    }


def _best(action: Callable[[], object], repeats: int = 5) -> float:
    """The fastest of ``repeats`` runs, in milliseconds (one run when it takes over a second; NaN
    when the request raises, as the base tree's analysis does on a deep one-line sum)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            action()
        except RecursionError:
            return float("nan")
        times.append((time.perf_counter() - start) * 1000)
        if times[-1] > 1000:
            break
    return min(times)


def _requests(analysis: Analysis, index: ModuleIndex, end: t.Position, middle: t.Position) -> dict[str, float]:
    """Milliseconds of each request at the end and in the middle of the long line."""
    return {
        "complete@end": _best(lambda: features.completions(analysis, index, end)),
        "complete@mid": _best(lambda: features.completions(analysis, index, middle)),
        "hover@end": _best(lambda: features.hover(analysis, index, end)),
        "hover@mid": _best(lambda: features.hover(analysis, index, middle)),
        "definition@end": _best(lambda: features.definition(analysis, index, "file:///b.ml", end)),
        "signature@end": _best(lambda: features.signature_help(analysis, index, end)),
    }


def main() -> None:
    index = ModuleIndex()
    index.python_modules()  # read the standard modules once, as a running server has
    for name, line in _lines().items():
        source = "import math;\nvalue = 1;\n" + line + "\n"
        started = time.perf_counter()
        try:
            analysis = analyse(source, "<bench>")
        except RecursionError:
            print(f"{name:8s} analyse raised RecursionError")
            continue
        analysed = (time.perf_counter() - started) * 1000
        results = _requests(analysis, index, t.Position(2, len(line) - 1), t.Position(2, len(line) // 2))
        cells = "  ".join(f"{key} {value:8.2f}" for key, value in results.items())
        print(f"{name:8s} analyse {analysed:8.1f} ms | {cells} (ms, best of 5)")


if __name__ == "__main__":
    main()
