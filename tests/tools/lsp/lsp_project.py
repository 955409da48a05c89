"""A small ML project on disk for the language-server tests: a main program, an ML module in an ML
module path, and an extension module (``*_bridge.py``) in an extension path, wired by ``mlpy.toml``.

Imported by the tests of this folder as ``lsp_project`` (pytest puts the folder on ``sys.path``)."""

from __future__ import annotations

from pathlib import Path

MAIN_ML = """\
import math;
import util;
import greet;

// Scales a number.
function scale(value, factor) {
    result = value * factor;
    return result;
}

total = scale(util.double(2), 3);
print(math.sqrt(total));
print(greet.hello("ada"));
"""

UTIL_ML = """\
// Small helpers.
function double(x) {
    return x * 2;
}

limit = 10;
"""

GREET_BRIDGE = '''\
"""A test extension module."""

from mlpy.modules.decorators import ml_function, ml_module

SIDE_EFFECT = __import__("pathlib").Path(__file__).with_name("executed.flag")
SIDE_EFFECT.write_text("the extension file ran")


@ml_module(name="greet", description="Greetings", capabilities=["greet.say"])
class Greet:
    """Greetings for the tests."""

    @ml_function(description="A greeting for someone")
    def hello(self, name: str, punctuation: str = "!") -> str:
        return "hello " + name + punctuation


greet = Greet()
'''


def write_project(root: Path) -> Path:
    """Create the project under ``root`` and return ``root``."""
    (root / "lib").mkdir(parents=True, exist_ok=True)
    (root / "ext").mkdir(exist_ok=True)
    (root / "mlpy.toml").write_text('[mlpy]\nextension_paths = ["ext"]\nml_module_paths = ["lib"]\n')
    (root / "main.ml").write_text(MAIN_ML)
    (root / "lib" / "util.ml").write_text(UTIL_ML)
    (root / "ext" / "greet_bridge.py").write_text(GREET_BRIDGE)
    return root


def position_of(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> tuple[int, int]:
    """0-based (line, character) of the ``occurrence``-th ``needle`` in ``text``, plus ``offset``."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1)
