"""The cost of authenticating compile cache entries (``mlpy.compiler.cache_seal``).

A cache hit reads the entry, checks its MAC (keyed BLAKE2b over the entry) and unmarshals the code.
This measures ``cache.load_entry`` for a small program (``examples/hello.ml``) and for the
5,000-line corpus of ``bench/run.py``, with the real check and with the check replaced by a plain
slice (the cost of a hit without authentication), interleaved so a busy machine disturbs both
alike; plus the one-off costs of the per-user secret (loaded once per process, created once per
user).

Run with ``python bench/cache_seal.py``. It prints medians (best of three interleaved rounds) and
asserts nothing. The cache and key live in a temporary folder.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def median_us(func: Callable[[], object], repeat: int = 1500) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="mlpy-bench-"))
    os.environ["MLPY_CACHE_DIR"] = str(folder / "cache")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    sys.path.insert(0, str(BENCH_DIR))
    from run import compile_corpus  # the 5,000-line corpus

    from mlpy import settings
    from mlpy.compiler import CompileOptions, cache, cache_seal, compile_cached

    settings.reload()
    start = time.perf_counter()
    cache_seal.secret()
    created = (time.perf_counter() - start) * 1e6
    cache_seal.forget()
    start = time.perf_counter()
    cache_seal.secret()
    loaded = (time.perf_counter() - start) * 1e6
    checked = cache_seal.unseal

    def unchecked(name: str, data: bytes) -> bytes:
        return data[cache_seal.MAC_BYTES:]

    print("Compile cache hit: cache.load_entry with and without the MAC check (median of 1500)")
    programs = {"hello.ml": (BENCH_DIR.parent / "examples" / "hello.ml").read_text(encoding="utf-8"),
                "5000-line corpus": compile_corpus()}
    for name, source in programs.items():
        compile_cached(source, "bench.ml")
        key = cache.cache_key(source, "bench.ml", CompileOptions())
        size = cache._entry_path(key).stat().st_size
        rounds: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(3):
            for label, unseal in (("with", checked), ("without", unchecked)):
                cache_seal.unseal = unseal  # type: ignore[assignment]
                rounds[label].append(median_us(lambda key=key: cache.load_entry(key, "bench.ml")))
        cache_seal.unseal = checked  # type: ignore[assignment]
        with_mac, without = min(rounds["with"]), min(rounds["without"])
        print(f"  {name:18} {size:8,} bytes   with MAC {with_mac:8.1f} us   without {without:8.1f} us"
              f"   +{with_mac - without:6.1f} us ({with_mac / without:.2f}x)")
    print(f"  the per-user secret, once per process: loading it {loaded:.0f} us "
          f"(creating it, once per user: {created:.0f} us)")


if __name__ == "__main__":
    main()
