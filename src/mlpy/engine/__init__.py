"""mlpy.engine: one run, whatever starts it.

``RunOptions`` (``engine.options``) is built once per entry point from its raw options; the pipeline
(``engine.pipeline``) takes source and options through parse, check, lowering and compile to a run
in an ``ExecutionContext``, giving a ``RunResult`` (``engine.result``) or raising an ``MLError``.
``engine.program`` holds the reusable ``Program``; ``engine.sandbox`` runs a program in a
resource-limited child (``engine.sandbox_child``, speaking ``engine.wire``).

Nothing is imported here: ``import mlpy.engine.<module>`` what you use, so that ``import mlpy``
stays light.
"""
