"""``mlpy.distributed``: run many ML programs on a Dask cluster (``pip install 'mlpy[distributed]'``).

``run_many(jobs, client=None, **defaults)`` and ``iter_many`` are ``mlpy.engine.distributed``'s;
see there.
"""

from __future__ import annotations

from mlpy.engine.distributed import iter_many, run_many

__all__ = ["iter_many", "run_many"]
