"""mlpy's fixed costs: start-up, ``import mlpy``, peak memory, per-run and per-compile overhead.

Run with ``python bench/startup.py [--quick]``. Every figure is a median, and every ratio is to a
baseline measured in this same run, interleaved with it (baseline, subject, baseline, subject ...)
so that load from other processes on the machine falls on both alike. Targets are in brackets.

- Start-up: CPU time (user + system) of whole child processes -- ``python -c pass``,
  ``python -c "import mlpy"``, ``mlpy run hello.ml`` through ``python -m mlpy`` and through the
  installed console script -- with bytecode compiled first (``python -m compileall -q src``: the
  children would otherwise recompile mlpy on every start when ``PYTHONDONTWRITEBYTECODE`` is set)
  and the ML compile cache warm (a private ``MLPY_CACHE_DIR``).
- Peak RSS (``ru_maxrss``) of ``mlpy run empty.ml`` against ``python -c pass``.
- What a cached ``mlpy run`` imports that it should not (click, rich, platformdirs, the parser,
  the lowering).
- In process: ``Program.run`` of an empty program against ``exec`` of compiled Python (the
  difference is the per-run overhead), and ``mlpy.run`` of a 10-line script, a different one each
  time and the same one repeated, against ``exec(compile(...))`` of the same script in Python.

Not a test: it prints, it asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from engine import ML, PY  # noqa: E402 - the 10-line script of bench/engine.py, in ML and Python

NOT_ON_THE_CACHED_PATH = ("click", "rich", "platformdirs", "prompt_toolkit", "mlpy.language.parser",
                          "mlpy.compiler.lowering", "mlpy.cli.app")
"""Modules a ``mlpy run`` of a program already in the compile cache must not import."""


# ----------------------------------------------------------------------------- child processes

def _child(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, peak RSS in MB) of one child process, which must succeed."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (status {status})")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _console_script() -> Path | None:
    """The installed ``mlpy`` script, when it is a Python script (run with this interpreter)."""
    script = Path(sysconfig.get_path("scripts")) / "mlpy"
    try:
        return script if script.read_text(encoding="utf-8", errors="replace").startswith("#!") else None
    except OSError:
        return None


def startup(rounds: int) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", "src"], cwd=ROOT, check=False,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.ml"
        hello.write_text('print("hello");\n', encoding="utf-8")
        empty = Path(tmp) / "empty.ml"
        empty.write_text("", encoding="utf-8")
        env = dict(os.environ, MLPY_CACHE_DIR=str(Path(tmp) / "cache"))
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import mlpy'": [sys.executable, "-c", "import mlpy"],
            "python -m mlpy run hello.ml": [sys.executable, "-m", "mlpy", "run", str(hello)],
        }
        script = _console_script()
        if script is not None:
            commands["mlpy run hello.ml (console script)"] = [sys.executable, str(script), "run", str(hello)]
        commands["mlpy run --timeout 5 hello.ml (click)"] = [
            sys.executable, "-m", "mlpy", "run", "--timeout", "5", str(hello)]
        for cmd in commands.values():
            _child(cmd, env)  # fill the compile cache, warm the file system cache
        times: dict[str, list[float]] = {label: [] for label in commands}
        ratios: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(rounds):
            base, _ = _child(commands["python -c pass"], env)
            for label, cmd in commands.items():
                seconds = base if label == "python -c pass" else _child(cmd, env)[0]
                times[label].append(seconds)
                ratios[label].append(seconds / base)
        print(f"Start-up: CPU time of the whole process, median of {rounds} interleaved rounds (bytecode "
              "compiled with `python -m compileall -q src`, ML compile cache warm)")
        targets = {"python -c 'import mlpy'": "[<= 1.5x]", "python -m mlpy run hello.ml": "[<= 3x]",
                   "mlpy run hello.ml (console script)": "[<= 3x]"}
        for label in commands:
            print(f"  {label:<40} {statistics.median(times[label]) * 1000:7.1f} ms  "
                  f"{statistics.median(ratios[label]):5.2f}x  {targets.get(label, '')}")

        rss_py, rss_ml = [], []
        for _ in range(max(3, rounds // 3)):
            rss_py.append(_child([sys.executable, "-c", "pass"], env)[1])
            rss_ml.append(_child([sys.executable, "-m", "mlpy", "run", str(empty)], env)[1])
        py, ml = statistics.median(rss_py), statistics.median(rss_ml)
        print(f"Peak RSS: python -c pass {py:.1f} MB, mlpy run empty.ml {ml:.1f} MB  {ml / py:5.2f}x  [<= 1.3x]")

        probe = ("import sys\nfrom mlpy.cli.entry import main\nmain(['run', sys.argv[1]])\n"
                 f"print(' '.join(m for m in {NOT_ON_THE_CACHED_PATH!r} if m in sys.modules))\n"
                 "print(len(sys.modules))\n")
        done = subprocess.run([sys.executable, "-c", probe, str(hello)], env=env, cwd=ROOT,
                              capture_output=True, text=True, check=True)
        _, unwanted, count = done.stdout.splitlines()
        bare = subprocess.run([sys.executable, "-c", "import sys; print(len(sys.modules))"], env=env,
                              capture_output=True, text=True, check=True).stdout.strip()
        print(f"Cached `mlpy run` imports {count} modules ({bare} for python -c pass); "
              f"unwanted: {unwanted or 'none'}")


# ----------------------------------------------------------------------------- in process

def _per_call(func: Callable[[int], object], calls: int) -> float:
    """CPU seconds per call of ``func(n)`` over ``calls`` calls."""
    start = time.process_time()
    for n in range(calls):
        func(n)
    return (time.process_time() - start) / calls


def _paired(base: Callable[[int], object], subject: Callable[[int], object], calls: int,
            rounds: int) -> tuple[float, float, float]:
    """Median seconds per call of ``base`` and ``subject``, and the median of their per-round
    ratio ``base / subject`` (a rate ratio: 0.5 means half as many runs per second)."""
    bases, subjects, ratios = [], [], []
    for _ in range(rounds):
        b = _per_call(base, calls)
        s = _per_call(subject, calls)
        bases.append(b)
        subjects.append(s)
        ratios.append(b / s)
    return statistics.median(bases), statistics.median(subjects), statistics.median(ratios)


def in_process(rounds: int) -> None:
    import mlpy

    counter = iter(range(10**9))
    mlpy.run(ML.replace("{N}", "0"))  # first-use imports belong to start-up
    empty = mlpy.compile("x = 1;")
    empty.run()
    empty_py = compile("x = 1", "<bench>", "exec")
    print(f"In process: median of {rounds} interleaved rounds (CPU time)")
    py, ml, _ = _paired(lambda n: exec(empty_py, {}), lambda n: empty.run(), 3000, rounds)  # noqa: S102
    print(f"  Program.run of an empty program {ml * 1e6:6.1f} us, exec of compiled Python {py * 1e6:5.1f} us: "
          f"per-run overhead {(ml - py) * 1e6:5.1f} us  [<= 10 us]")
    program = mlpy.compile(ML.replace("{N}", "1"))
    same_py = compile(PY.replace("{N}", "1"), "<bench>", "exec")
    py, ml, ratio = _paired(lambda n: exec(same_py, {}), lambda n: program.run(), 2000, rounds)  # noqa: S102
    print(f"  Program.run of the 10-line script {ml * 1e6:6.1f} us, exec of its compiled Python "
          f"{py * 1e6:5.1f} us  ({ratio:4.2f}x the rate)")

    def fresh_py(n: int) -> None:
        exec(compile(PY.replace("{N}", str(next(counter))), "<bench>", "exec"), {})  # noqa: S102

    def fresh_ml(n: int) -> None:
        mlpy.run(ML.replace("{N}", str(next(counter))))

    py, ml, ratio = _paired(fresh_py, fresh_ml, 200, rounds)
    print(f"  mlpy.run, a different source each time {ml * 1e6:6.1f} us, exec(compile()) {py * 1e6:5.1f} us  "
          f"{ratio:4.2f}x the rate  [>= 0.3x]")
    same_ml = ML.replace("{N}", "1")
    same_source = PY.replace("{N}", "1")
    py, ml, ratio = _paired(lambda n: exec(compile(same_source, "<bench>", "exec"), {}),  # noqa: S102
                            lambda n: mlpy.run(same_ml), 1000, rounds)
    print(f"  mlpy.run, the same source repeated     {ml * 1e6:6.1f} us, exec(compile()) {py * 1e6:5.1f} us  "
          f"{ratio:4.2f}x the rate  [>= 0.5x]")


def main() -> None:
    quick = "--quick" in sys.argv
    if "--in-process" not in sys.argv:
        startup(8 if quick else 20)
    if "--startup" not in sys.argv:
        in_process(5 if quick else 11)


if __name__ == "__main__":
    main()
