"""Record the development-mode session shown in README.md by driving ``mlpy repl --basic``.

The session runs in a scratch copy of this folder, so the edits it makes to ``units_bridge.py`` never
touch the example itself. Each input line goes down a pipe to a real ``mlpy repl --basic``; after
it the recorder sends a marker expression (``"#sync 3"``) whose echo tells it where that line's
output ends. The markers are recorder bookkeeping and are left out of the transcript; everything
else is the REPL's output as printed.

    python examples/extension_module/record_session.py          # print the transcript
    python examples/extension_module/record_session.py --write  # refresh README.md with it
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START = "<!-- session:start -->"
END = "<!-- session:end -->"
# The edits the session makes to units_bridge.py, as a developer would in an editor and save.
# First nautical miles become a unit and quantities print with thousands separators; then a typo.
EDITS: dict[str, list[tuple[str, str]]] = {
    "# (edit units_bridge.py: add \"nmi\", format with thousands separators; save)": [
        ('    "mi": ("length", 1609.344),\n', '    "mi": ("length", 1609.344),\n    "nmi": ("length", 1852.0),\n'),
        ('return f"{round(self.value, digits):g} {self.unit}"',
         'return f"{round(self.value, digits):,g} {self.unit}"'),
    ],
    "# (edit units_bridge.py: a typo in the last line; save)": [
        ("\nunits = Units()\n", "\nunits = Units(\n"),
    ],
}
"""Steps of the session that are not REPL lines: the recorder edits the file in the scratch copy."""

SESSION = [
    ".load trip.ml",
    'total.to("m").format()',
    'units.parse("2 nmi")',
    ".devmode on",
    ".reload units",
    *list(EDITS)[:1],
    ".reload units",
    'units.parse("2 nmi").to("km").format()',
    'total.to("m").format()',
    *list(EDITS)[1:],
    ".reload units",
    'units.parse("2 nmi").format()',
    ".perfmon",
    ".memreport",
]


def edit_bridge(path: Path, replacements: list[tuple[str, str]]) -> None:
    """Apply one of the session's edits to ``path``; fails loudly if the bridge no longer has the lines."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        if old not in text:
            raise RuntimeError(f"{path}: the recorded edit expects {old.strip()!r}")
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _read_until(proc: subprocess.Popen[str], marker: str) -> list[str]:
    """Lines the REPL prints up to the echo of ``marker`` (the echo itself is dropped)."""
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:
        if line.rstrip("\n") == f'=> "{marker}"':
            return lines
        lines.append(line.rstrip("\n"))
    raise RuntimeError(f"the REPL ended before {marker!r}; it printed:\n" + "\n".join(lines))


def record(workdir: Path) -> list[tuple[str, list[str]]]:
    """Run the session in ``workdir`` (which holds copies of the example files); (input, output) pairs."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("MLPY_DEV_MODE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlpy", "repl", "--basic", "-E", "."], cwd=workdir, env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
    )
    assert proc.stdin is not None
    steps: list[tuple[str, list[str]]] = []
    try:
        for number, line in enumerate(SESSION):
            if line in EDITS:
                edit_bridge(workdir / "units_bridge.py", EDITS[line])
                steps.append((line, []))
                continue
            marker = f"#sync {number}"
            proc.stdin.write(f'{line}\n"{marker}"\n')
            proc.stdin.flush()
            steps.append((line, _read_until(proc, marker)))
        proc.stdin.close()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return steps


def render(steps: list[tuple[str, list[str]]]) -> str:
    """The transcript as it appears in README.md: ``ml> input`` followed by its output."""
    out: list[str] = []
    for line, output in steps:
        out.append(line if line in EDITS else f"ml> {line}")
        out.extend(output)
    return "\n".join(out) + "\n"


def record_in_scratch_copy() -> str:
    """Copy the example to a temporary folder, record the session there and render it."""
    with tempfile.TemporaryDirectory(prefix="mlpy-units-") as scratch:
        workdir = Path(scratch)
        for name in ("units_bridge.py", "trip.ml"):
            shutil.copy(HERE / name, workdir / name)
        return render(record(workdir))


def readme_transcript() -> str:
    """The transcript currently in README.md (between the session markers, without the fence)."""
    text = README.read_text(encoding="utf-8")
    block = text.split(START, 1)[1].split(END, 1)[0]
    lines = block.strip("\n").splitlines()
    return "\n".join(lines[1:-1]) + "\n"  # drop the ```text fence lines


def write_readme(transcript: str) -> None:
    """Put ``transcript`` between the session markers of README.md."""
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    README.write_text(f"{head}{START}\n```text\n{transcript}```\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    transcript = record_in_scratch_copy()
    if "--write" in sys.argv[1:]:
        write_readme(transcript)
    else:
        print(transcript, end="")
