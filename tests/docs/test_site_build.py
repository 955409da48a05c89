"""The documentation site builds with ``mkdocs build --strict``: no broken link, no warning."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mkdocs_strict_build(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(tmp_path / "site")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "language" / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'class="language-ml highlight"' in page or "highlight" in page
    # ML blocks are coloured by the project's own Pygments lexer (keywords get the "k" classes).
    assert '<span class="k">function</span>' in page or '<span class="kd">function</span>' in page
