"""``mlpy transpile`` as a library: the Python text an ML program compiles to."""

from __future__ import annotations

import sys
from pathlib import Path

from mlpy.tools.transpile import TRANSPILE_HEADER, transpile_file


def test_an_int_too_long_for_decimal_text_is_written_in_hex(tmp_path: Path) -> None:
    digits = sys.get_int_max_str_digits() + 100
    program = tmp_path / "big.ml"
    program.write_text(f"x = 0x{'f' * digits};\ny = 12;\n", encoding="utf-8")
    text = transpile_file(program)
    assert text.startswith(TRANSPILE_HEADER.split("{", 1)[0])
    assert f"x = int('0x{'f' * digits}', 16)" in text
    assert "y = 12" in text
    namespace: dict[str, int] = {}
    exec(text.split("\n\n", 1)[1], namespace)  # plain assignments: runs without the mlpy runtime
    assert namespace["x"] == 16 ** digits - 1
